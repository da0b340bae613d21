import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { Skeleton } from '@/components/ui/skeleton';

/** The body of a settings card listing a query's items: a skeleton, the error with a retry, the empty state, or the list. */
export function QueryListBody<T>({
  query,
  errorTitle,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  errorTitle: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isError) return <ErrorState compact error={query.error} title={errorTitle} onRetry={() => query.refetch()} retrying={query.isFetching} />;
  if (query.isPending) {
    return (
      <div className="grid gap-3 p-5" aria-busy="true">
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-4 w-2/3" />
      </div>
    );
  }
  return query.data.length === 0 ? empty : children(query.data);
}
