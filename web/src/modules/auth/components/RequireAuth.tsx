import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { FullPageLoader } from '@/components/FullPageLoader';
import { api } from '@/lib/api/api';
import { useMe } from '../hooks/useMe';

/** Gate for the app: no tokens → sign in; tokens → load `/api/me` (refreshing if needed). */
export function RequireAuth() {
  const location = useLocation();
  const me = useMe();
  const hasSession = !!(api.tokens.getAccess() || api.tokens.getRefresh());

  if (!hasSession || (me.isError && me.error && 'status' in me.error && me.error.status === 401)) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <div className="flex min-h-dvh items-center justify-center bg-surface px-4">
        <ErrorState error={me.error} title="Couldn't open your workspace" onRetry={() => me.refetch()} retrying={me.isFetching} />
      </div>
    );
  }
  return <Outlet />;
}
