import { useRouteError } from 'react-router';
import { ErrorState } from './ErrorState';

/** Last-resort boundary: a render error shows a calm panel instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  return (
    <div className="flex min-h-dvh items-center justify-center bg-surface px-4">
      <ErrorState
        error={error instanceof Error ? error : new Error('The page failed to load.')}
        title="Something broke on this page"
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
