import type { ReactNode } from 'react';

/** The bottom strip of a settings card: a quiet note on the left, the card's action on the right. */
export function SettingsFooter({ note, children }: { note?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-3 border-t border-border bg-surface px-5 py-3 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-xs leading-4 text-muted-foreground">{note}</p>
      <div className="flex shrink-0 gap-2 *:flex-1 sm:justify-end sm:*:flex-none">{children}</div>
    </div>
  );
}
