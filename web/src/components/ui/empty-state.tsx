import * as React from 'react';
import { cn } from '@/lib/cn';

interface EmptyStateProps {
  icon?: React.ComponentType<{ className?: string }>;
  title: string;
  description: React.ReactNode;
  /** The first thing to do: usually one primary button, optionally a quieter second one. */
  action?: React.ReactNode;
  className?: string;
  compact?: boolean;
}

export function EmptyState({ icon: Icon, title, description, action, className, compact }: EmptyStateProps) {
  return (
    <div className={cn('flex flex-col items-center justify-center text-center', compact ? 'gap-2 py-8' : 'gap-3 py-14', className)}>
      {Icon && (
        <div className="relative mb-1">
          <div className="absolute inset-0 -z-10 scale-150 rounded-full bg-primary/10 blur-xl" aria-hidden />
          <div className="flex size-11 items-center justify-center rounded-xl border border-border bg-gradient-to-b from-surface-raised to-muted text-primary-text shadow-card">
            <Icon className="size-5" />
          </div>
        </div>
      )}
      <div className="grid max-w-sm gap-1">
        <h3 className="text-sm font-semibold">{title}</h3>
        <p className="text-[13px] leading-5 text-muted-foreground">{description}</p>
      </div>
      {action && <div className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div>}
    </div>
  );
}
