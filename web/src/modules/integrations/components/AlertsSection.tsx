import { BellRing, TriangleAlert } from 'lucide-react';
import { ErrorState } from '@/components/ErrorState';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { useAlerts } from '../hooks/useAlerts';

/** Recent alerts of the workspace, e.g. a webhook delivery that failed after its retries. */
export function AlertsSection() {
  const alerts = useAlerts();
  return (
    <SettingsSection title="Recent alerts" description="Raised when something needs a person, such as a webhook that still failed after its retries.">
      {alerts.isError ? (
        <ErrorState compact error={alerts.error} title="Couldn't load the alerts" onRetry={() => alerts.refetch()} retrying={alerts.isFetching} />
      ) : alerts.isPending ? (
        <div className="grid gap-3 p-5" aria-busy="true">
          <Skeleton className="h-4 w-2/3" />
        </div>
      ) : alerts.data.length === 0 ? (
        <EmptyState compact icon={BellRing} title="No alerts" description="All clear. Alerts also appear as a notification the moment they are raised." />
      ) : (
        <ul className="divide-y divide-border" aria-label="Recent alerts">
          {alerts.data.map((a) => (
            <li key={a.id} className="flex items-start gap-3 px-5 py-3" data-testid="alert">
              <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
              <div className="grid min-w-0 flex-1 gap-0.5">
                <p className="text-[13px] [overflow-wrap:anywhere]">{a.message}</p>
                <p className="text-xs text-muted-foreground">{humanize(a.kind)}</p>
              </div>
              <time className="shrink-0 text-xs text-muted-foreground" dateTime={a.created_at} title={formatDateTime(a.created_at)}>
                {formatRelative(a.created_at)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
