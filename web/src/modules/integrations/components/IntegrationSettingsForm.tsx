import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/CopyButton';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { SettingsRow } from '@/modules/settings/components/SettingsRow';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { settingsDescribedBy } from '@/modules/settings/lib/settingsDescribedBy';
import { updateIntegrationSettings } from '../api/updateIntegrationSettings';
import type { IntegrationSettings, IntegrationSettingsUpdate } from '../types/integrationSettings';
import { SecretInput } from './SecretInput';

type SecretField = 'calendly_signing_key' | 'calcom_secret' | 'inbound_secret';

/** The full URL a provider should call: this server's address (as the browser sees it) plus the path. */
function webhookUrl(path: string): string {
  return `${window.location.origin}${path}`;
}

function CopyableUrl({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-center gap-2">
      <Input readOnly value={value} aria-label={label} className="font-mono text-xs" onFocus={(e) => e.target.select()} />
      <CopyButton value={value} aria-label={`Copy ${label}`} />
    </div>
  );
}

function LimitRow({ field, label, hint, value, onChange, error }: { field: string; label: string; hint: string; value: string; onChange: (value: string) => void; error?: string }) {
  const id = `integration-${field}`;
  return (
    <SettingsRow label={label} htmlFor={id} hint={hint} error={error}>
      <Input
        id={id}
        inputMode="numeric"
        className="sm:max-w-[160px]"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error || undefined}
        aria-describedby={settingsDescribedBy(id, { error, hint: true })}
      />
    </SettingsRow>
  );
}

/** Calendly / Cal.com secrets and webhook URLs, the booking link, the inbound receiver, LinkedIn limits. */
export function IntegrationSettingsForm({ settings }: { settings: IntegrationSettings }) {
  const queryClient = useQueryClient();
  const [bookingUrl, setBookingUrl] = useState(settings.booking_url ?? '');
  const [secrets, setSecrets] = useState<Record<SecretField, string | null>>({ calendly_signing_key: '', calcom_secret: '', inbound_secret: '' });
  const [limits, setLimits] = useState({ connections: String(settings.linkedin_weekly_connections), messages: String(settings.linkedin_weekly_messages) });
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<string>();

  const save = useMutation({
    mutationFn: updateIntegrationSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.integrationSettings, next);
      toast.success('Integration settings saved');
    },
    onError: (err) => fail(err, "Couldn't save the integration settings."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const problems: Record<string, string> = {};
    const connections = Number(limits.connections);
    const messages = Number(limits.messages);
    if (!Number.isInteger(connections) || connections < 0 || connections > 1000) problems.linkedin_weekly_connections = 'Use a whole number from 0 to 1,000.';
    if (!Number.isInteger(messages) || messages < 0 || messages > 5000) problems.linkedin_weekly_messages = 'Use a whole number from 0 to 5,000.';
    const url = bookingUrl.trim();
    if (url && !/^https?:\/\/\S+$/i.test(url)) problems.booking_url = 'Use an http(s) URL such as https://calendly.com/you/intro.';
    for (const [field, value] of Object.entries(secrets)) if (value && value.trim().length < 8) problems[field] = 'Use at least 8 characters.';
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const update: IntegrationSettingsUpdate = { linkedin_weekly_connections: connections, linkedin_weekly_messages: messages };
    if (url !== (settings.booking_url ?? '')) update.booking_url = url || null;
    for (const [field, value] of Object.entries(secrets) as [SecretField, string | null][]) {
      if (value === null || value.trim()) update[field] = value === null ? null : value.trim();
    }
    save.mutate(update);
  }

  const secret = (field: SecretField, label: string, isSet: boolean) => (
    <SecretInput
      id={`integration-${field}`}
      label={label}
      isSet={isSet}
      value={secrets[field]}
      onChange={(v) => setSecrets((s) => ({ ...s, [field]: v }))}
      invalid={!!errors[field]}
      describedBy={settingsDescribedBy(`integration-${field}`, { error: errors[field], hint: true })}
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Integration settings" className="grid gap-8">
      {banner && <FormBanner>{banner}</FormBanner>}
      <SettingsSection title="Calendar bookings" description="Bookings from Calendly or Cal.com are recorded on the lead, move it to the Meeting stage and add a note to its conversation.">
        <div className="divide-y divide-border">
          <SettingsRow label="Booking link" htmlFor="integration-booking_url" hint="Replaces {{booking_link}} in messages and templates." error={errors.booking_url}>
            <Input
              id="integration-booking_url"
              type="url"
              placeholder="https://calendly.com/acme/intro"
              value={bookingUrl}
              onChange={(e) => setBookingUrl(e.target.value)}
              aria-invalid={!!errors.booking_url || undefined}
              aria-describedby={settingsDescribedBy('integration-booking_url', { error: errors.booking_url, hint: true })}
            />
          </SettingsRow>
          <SettingsRow
            label="Calendly"
            htmlFor="integration-calendly_signing_key"
            hint="Create a webhook subscription (invitee.created, invitee.canceled) to this URL, then paste its signing key."
            error={errors.calendly_signing_key}
          >
            <CopyableUrl label="Calendly webhook URL" value={webhookUrl(settings.calendly_webhook_path)} />
            {secret('calendly_signing_key', 'Signing key', settings.calendly_signing_key_set)}
          </SettingsRow>
          <SettingsRow label="Cal.com" htmlFor="integration-calcom_secret" hint="Add a webhook (booking created, cancelled, rescheduled) to this URL with a secret, and paste the same secret here." error={errors.calcom_secret}>
            <CopyableUrl label="Cal.com webhook URL" value={webhookUrl(settings.calcom_webhook_path)} />
            {secret('calcom_secret', 'Webhook secret', settings.calcom_secret_set)}
          </SettingsRow>
        </div>
      </SettingsSection>
      <SettingsSection title="Webhook security" description="Signed inbound messages from your own systems, and the secret receivers use to verify our outbound webhooks.">
        <div className="divide-y divide-border">
          <SettingsRow label="Inbound receiver" htmlFor="integration-inbound_secret" hint="POST signed JSON messages here (X-OmniReach-Signature, HMAC-SHA256 with this secret)." error={errors.inbound_secret}>
            <CopyableUrl label="Inbound webhook URL" value={webhookUrl(settings.inbound_webhook_path)} />
            {secret('inbound_secret', 'Inbound secret', settings.inbound_secret_set)}
          </SettingsRow>
          <SettingsRow label="Outbound signing secret" hint="Verify X-OmniReach-Signature on the events we send with this.">
            {settings.outbound_signing_secret ? (
              <CopyableUrl label="Outbound signing secret" value={settings.outbound_signing_secret} />
            ) : (
              <p className="text-xs text-muted-foreground">Set OMNIREACH_ENCRYPTION_KEY on the server to sign outbound webhooks.</p>
            )}
          </SettingsRow>
          <p className="px-5 py-3 text-xs text-muted-foreground">
            URLs use this page’s address. If providers reach the server at another address (PUBLIC_URL), use that host with the same path.
          </p>
        </div>
      </SettingsSection>
      <SettingsSection title="LinkedIn weekly limits" description="LinkedIn tasks over a limit wait until the rolling 7-day window has room. Skipped tasks do not count.">
        <div className="divide-y divide-border">
          <LimitRow
            field="linkedin_weekly_connections"
            label="Connection requests"
            hint="Per rolling 7 days (0–1,000)."
            value={limits.connections}
            onChange={(v) => setLimits((l) => ({ ...l, connections: v }))}
            error={errors.linkedin_weekly_connections}
          />
          <LimitRow
            field="linkedin_weekly_messages"
            label="Messages"
            hint="Per rolling 7 days (0–5,000)."
            value={limits.messages}
            onChange={(v) => setLimits((l) => ({ ...l, messages: v }))}
            error={errors.linkedin_weekly_messages}
          />
        </div>
      </SettingsSection>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" loading={save.isPending}>
          Save integration settings
        </Button>
      </div>
    </form>
  );
}
