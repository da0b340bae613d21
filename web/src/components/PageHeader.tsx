import type { ReactNode } from 'react';

/** A list page's title, one line about it, and its actions on the right. */
export function PageHeader({ title, description, actions }: { title: string; description: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="text-[13px] text-muted-foreground">{description}</p>
      </div>
      {actions}
    </div>
  );
}
