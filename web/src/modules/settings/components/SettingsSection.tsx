import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';

/** A titled settings block: heading + one-line explanation on the left/top, content in a card. */
export function SettingsSection({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <h2 className="text-sm font-semibold">{title}</h2>
          <p className="text-[13px] text-muted-foreground">{description}</p>
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
      <Card className="overflow-hidden">{children}</Card>
    </section>
  );
}
