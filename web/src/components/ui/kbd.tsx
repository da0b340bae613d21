import * as React from 'react';
import { cn } from '@/lib/cn';

export function Kbd({ className, ...props }: React.HTMLAttributes<HTMLElement>) {
  return (
    <kbd
      className={cn(
        'inline-flex h-[18px] min-w-[18px] items-center justify-center rounded-[4px] border border-border bg-muted px-1 font-sans text-[11px] font-medium leading-none text-muted-foreground',
        className,
      )}
      {...props}
    />
  );
}

/** Render a shortcut like "⌘K" or "G L" as a row of keys. */
export function KbdShortcut({ keys, className }: { keys: string[]; className?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-0.5', className)}>
      {keys.map((k, i) => (
        <Kbd key={i}>{k}</Kbd>
      ))}
    </span>
  );
}
