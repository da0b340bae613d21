import { Check, CloudAlert, LoaderCircle } from 'lucide-react';
import type { SaveStatus } from '../hooks/useAutosave';

/** "Saved" / "Saving…" / "Unsaved changes" / "Couldn't save" next to the workflow's name. */
export function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  return (
    <span role="status" aria-live="polite" className="inline-flex items-center gap-1 whitespace-nowrap text-xs text-muted-foreground" data-testid="save-status" data-status={status}>
      {status === 'saved' && (
        <>
          <Check className="size-3.5 text-success" aria-hidden />
          Saved
        </>
      )}
      {status === 'saving' && (
        <>
          <LoaderCircle className="size-3.5 animate-spin" aria-hidden />
          Saving…
        </>
      )}
      {status === 'unsaved' && <>Unsaved changes</>}
      {status === 'error' && (
        <button type="button" onClick={onRetry} className="focus-ring inline-flex items-center gap-1 rounded text-danger hover:underline">
          <CloudAlert className="size-3.5" aria-hidden />
          Couldn't save — retry
        </button>
      )}
    </span>
  );
}
