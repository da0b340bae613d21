import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';

interface Props {
  label: string;
  value: string;
  icon: LucideIcon;
  footer?: ReactNode;
  testId?: string;
}

export function KpiCard({ label, value, icon: Icon, footer, testId }: Props) {
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-3.5 sm:p-4">
      <div className="flex items-center justify-between">
        <span className="truncate text-[13px] font-medium text-muted-foreground">{label}</span>
        <span className="flex size-7 items-center justify-center rounded-md bg-muted text-muted-foreground">
          <Icon className="size-3.5" aria-hidden />
        </span>
      </div>
      <div className="text-2xl font-semibold leading-none tracking-tight tabular-nums sm:text-[28px]" data-testid={testId}>
        {value}
      </div>
      {footer && <div className="min-h-4 text-xs text-muted-foreground">{footer}</div>}
    </Card>
  );
}
