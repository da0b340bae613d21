import { cn } from '@/lib/cn';
import { Skeleton } from './ui/skeleton';

/** Placeholder rows while a list loads (marked busy, so tests and screen readers can tell). */
export function SkeletonRows({ count = 3, className, rowClassName = 'h-10' }: { count?: number; className?: string; rowClassName?: string }) {
  return (
    <div className={cn('grid gap-2', className)} aria-busy="true">
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} className={rowClassName} />
      ))}
    </div>
  );
}
