import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

/** A list of templates to pick from: name (with an optional badge) and the start of the body. */
export function TemplateOptionList<T extends { id: string; name: string; body: string }>({
  items,
  label,
  onPick,
  badge,
  monospaceNames = false,
}: {
  items: T[];
  label: string;
  onPick: (item: T) => void;
  badge?: (item: T) => ReactNode;
  monospaceNames?: boolean;
}) {
  return (
    <ul className="scrollbar-thin grid max-h-72 gap-0.5 overflow-y-auto" role="listbox" aria-label={label}>
      {items.map((t) => (
        <li key={t.id} role="option" aria-selected={false}>
          <button type="button" className="focus-ring grid w-full gap-0.5 rounded-md px-2 py-1.5 text-left hover:bg-hover" onClick={() => onPick(t)}>
            <span className="flex items-center gap-2 text-[13px] font-medium">
              <span className={cn('truncate', monospaceNames && 'font-mono')}>{t.name}</span>
              {badge?.(t)}
            </span>
            <span className="line-clamp-2 text-xs text-muted-foreground">{t.body}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
