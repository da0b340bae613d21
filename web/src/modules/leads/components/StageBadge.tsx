import { cn } from '@/lib/cn';
import { stageMeta } from '../lib/stageMeta';
import type { Stage } from '../types/lead';

export function StageBadge({ stage, className }: { stage: Stage; className?: string }) {
  const meta = stageMeta[stage] ?? stageMeta.lead;
  return (
    <span
      className={cn(
        'inline-flex h-5 items-center gap-1.5 whitespace-nowrap rounded-md px-1.5 text-xs font-medium leading-none',
        meta.badge,
        className,
      )}
    >
      <span className={cn('size-1.5 rounded-full', meta.dot)} aria-hidden />
      {meta.label}
    </span>
  );
}
