import { Badge } from '@/components/ui/badge';
import { Tooltip } from '@/components/ui/tooltip';

/**
 * Who wrote AI text. The offline responder (no provider key configured) is labelled
 * "Offline" and never presented as a language model.
 */
export function GeneratorBadge({ generator, offline }: { generator: string | null | undefined; offline?: boolean }) {
  if (offline || generator === 'offline') {
    return (
      <Tooltip content="Written by the built-in offline responder from the persona and templates — no AI provider is configured">
        <Badge variant="warning" tabIndex={0} data-testid="offline-badge">
          Offline
        </Badge>
      </Tooltip>
    );
  }
  if (!generator) return null;
  return (
    <Badge variant="outline" className="max-w-[180px] truncate font-normal" title={generator}>
      {generator}
    </Badge>
  );
}
