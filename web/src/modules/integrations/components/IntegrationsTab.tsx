import { Lock } from 'lucide-react';
import { ErrorState } from '@/components/ErrorState';
import { Skeleton } from '@/components/ui/skeleton';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useIntegrationSettings } from '../hooks/useIntegrationSettings';
import { AlertsSection } from './AlertsSection';
import { IntegrationSettingsForm } from './IntegrationSettingsForm';
import { WebhookEndpointsSection } from './WebhookEndpointsSection';

function AdminSettings() {
  const settings = useIntegrationSettings(true);
  if (settings.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <Skeleton className="h-56 rounded-xl" />
        <Skeleton className="h-32 rounded-xl" />
      </div>
    );
  }
  if (settings.isError) return <ErrorState error={settings.error} title="Couldn't load the integration settings" onRetry={() => settings.refetch()} retrying={settings.isFetching} />;
  return <IntegrationSettingsForm key={settings.dataUpdatedAt} settings={settings.data} />;
}

/** Settings → Integrations: calendars, webhook secrets, LinkedIn limits, outbound webhooks, alerts. */
export function IntegrationsTab() {
  const { isAdmin } = usePermissions();
  return (
    <div className="grid gap-10">
      {isAdmin ? (
        <AdminSettings />
      ) : (
        <p className="flex items-center gap-1.5 text-[13px] text-muted-foreground">
          <Lock className="size-3.5" aria-hidden /> Only admins can see calendar secrets, webhook URLs and LinkedIn limits.
        </p>
      )}
      <WebhookEndpointsSection isAdmin={isAdmin} />
      <AlertsSection />
    </div>
  );
}
