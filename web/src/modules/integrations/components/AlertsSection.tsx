import { BellRing, TriangleAlert } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { QueryListBody } from '@/modules/settings/components/QueryListBody';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { useAlerts } from '../hooks/useAlerts';

/** Recent alerts of the workspace, e.g. a webhook delivery that failed after its retries. */
export function AlertsSection() {
  const alerts = useAlerts();
  return (
    <SettingsSection title="Recent alerts" description="Raised when something needs a person, such as a webhook that still failed after its retries.">
      <QueryListBody
        query={alerts}
        errorTitle="Couldn't load the alerts"
        empty={<EmptyState compact icon={BellRing} title="No alerts" description="All clear. Alerts also appear as a notification the moment they are raised." />}
      >
        {(items) => (
          <ul className="divide-y divide-border" aria-label="Recent alerts">
            {items.map((a) => (
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
      </QueryListBody>
    </SettingsSection>
  );
}
