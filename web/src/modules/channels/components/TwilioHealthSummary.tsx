import { Badge } from '@/components/ui/badge';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { TwilioSettings } from '../types/twilio';

/** Configured or not, where from, and what the last send said. */
export function TwilioHealthSummary({ settings }: { settings: TwilioSettings }) {
  if (!settings.configured) {
    return (
      <div className="grid gap-1">
        <Badge variant="neutral" className="w-fit">
          Not configured
        </Badge>
        <p className="text-xs text-muted-foreground">SMS and WhatsApp go to the sandbox until an account is saved.</p>
      </div>
    );
  }
  const health = settings.health;
  const failing = !!health?.last_error_at && (health.last_success_at ?? 0) < health.last_error_at;
  return (
    <div className="grid gap-1.5" data-testid="twilio-health">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={failing ? 'danger' : 'success'} dot>
          {failing ? 'Last send failed' : 'Connected'}
        </Badge>
        <span className="text-xs text-muted-foreground">
          {settings.source === 'environment' ? 'From the server’s TWILIO_* environment' : 'Saved for this workspace'}
        </span>
      </div>
      {health?.last_success_at ? (
        <p className="text-xs text-muted-foreground" title={formatDateTime(new Date(health.last_success_at))}>
          Last message accepted {formatRelative(new Date(health.last_success_at))}
        </p>
      ) : (
        <p className="text-xs text-muted-foreground">No message sent through this account yet.</p>
      )}
      {health?.last_error && (
        <p className="text-xs text-danger [overflow-wrap:anywhere]">
          {health.last_error_at ? `${formatRelative(new Date(health.last_error_at))}: ` : ''}
          {health.last_error}
        </p>
      )}
    </div>
  );
}
