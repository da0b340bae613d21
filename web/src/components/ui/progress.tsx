import { Progress as ProgressPrimitive } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/cn';

interface ProgressProps extends React.ComponentPropsWithoutRef<typeof ProgressPrimitive.Root> {
  value: number | null;
  max?: number;
  tone?: 'brand' | 'success' | 'danger';
}

export function Progress({ className, value, max = 100, tone = 'brand', ...props }: ProgressProps) {
  const pct = value === null || !max ? 0 : Math.min(100, Math.max(0, (value / max) * 100));
  return (
    <ProgressPrimitive.Root
      className={cn('relative h-1.5 w-full overflow-hidden rounded-full bg-muted', className)}
      value={value}
      max={max || 100}
      {...props}
    >
      <ProgressPrimitive.Indicator
        className={cn(
          'h-full rounded-full transition-[width] duration-300 ease-out',
          tone === 'brand' && 'bg-gradient-to-r from-primary to-violet-500',
          tone === 'success' && 'bg-success',
          tone === 'danger' && 'bg-danger',
        )}
        style={{ width: `${pct}%` }}
      />
    </ProgressPrimitive.Root>
  );
}
