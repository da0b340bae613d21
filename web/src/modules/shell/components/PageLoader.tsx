import { Skeleton } from '@/components/ui/skeleton';

/** Shown while a page's code loads. */
export function PageLoader() {
  return (
    <div className="grid gap-4 px-4 py-6 md:px-8" aria-busy="true" aria-label="Loading page">
      <Skeleton className="h-6 w-48" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-24 rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-64 rounded-xl" />
    </div>
  );
}
