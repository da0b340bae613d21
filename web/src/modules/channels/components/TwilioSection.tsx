import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock, Send } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/CopyButton';
import { ErrorState } from '@/components/ErrorState';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { SettingsFooter } from '@/modules/settings/components/SettingsFooter';
import { SettingsRow } from '@/modules/settings/components/SettingsRow';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { settingsDescribedBy } from '@/modules/settings/lib/settingsDescribedBy';
import { testTwilio } from '../api/testTwilio';
import { updateTwilioSettings } from '../api/updateTwilioSettings';
import { useTwilioSettings } from '../hooks/useTwilioSettings';
import type { TwilioSettings } from '../types/twilio';
import { TestResultNote } from './TestResultNote';
import { TwilioHealthSummary } from './TwilioHealthSummary';

const TITLE = 'SMS and WhatsApp (Twilio)';
const DESCRIPTION = 'Your Twilio account sends SMS and WhatsApp. The auth token is stored encrypted and never shown again.';

type FieldName = 'account_sid' | 'auth_token' | 'from_number' | 'messaging_service_sid' | 'whatsapp_from' | 'help_contact';

function initialValues(settings: TwilioSettings): Record<FieldName, string> {
  return {
    account_sid: settings.account_sid ?? '',
    auth_token: '',
    from_number: settings.from_number ?? '',
    messaging_service_sid: settings.messaging_service_sid ?? '',
    whatsapp_from: settings.whatsapp_from ?? '',
    help_contact: settings.help_contact ?? '',
  };
}

function TwilioTest({ configured }: { configured: boolean }) {
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const test = useMutation({
    mutationFn: testTwilio,
    onMutate: () => setError(null),
    onError: (err) => setError(isApiError(err) ? (err.fieldErrors.to ?? err.message) : "Couldn't run the test."),
  });
  const result = test.data;
  return (
    <SettingsRow label="Send a test SMS" htmlFor="twilio-test-to" hint="Sends one real message through your account to this number." error={error}>
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!to.trim()) return setError('Enter a phone number in E.164, e.g. +14155550100.');
          test.mutate(to.trim());
        }}
      >
        <Input
          id="twilio-test-to"
          type="tel"
          inputMode="tel"
          placeholder="+14155550100"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          disabled={!configured}
          aria-invalid={!!error || undefined}
          aria-describedby={settingsDescribedBy('twilio-test-to', { error, hint: true })}
        />
        <Button type="submit" loading={test.isPending} disabled={!configured} className="sm:w-auto">
          {!test.isPending && <Send aria-hidden />}
          Send test
        </Button>
      </form>
      {!configured && <p className="text-xs text-muted-foreground">Save an account first.</p>}
      {result && (
        <TestResultNote ok={result.ok} testId="twilio-test-result">
          {result.ok ? `Twilio accepted the message (${result.status ?? 'queued'}, ${result.sid}).` : `Twilio refused it: ${result.error}`}
        </TestResultNote>
      )}
    </SettingsRow>
  );
}

function WebhookUrl({ label, url }: { label: string; url: string }) {
  return (
    <div className="flex items-center gap-2">
      <Input readOnly value={url} aria-label={label} className="font-mono text-xs" onFocus={(e) => e.target.select()} />
      <CopyButton value={url} aria-label={`Copy ${label}`} />
    </div>
  );
}

function TwilioForm({ settings }: { settings: TwilioSettings }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => initialValues(settings));
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<FieldName>();
  const tokenSaved = settings.source === 'workspace' && !!settings.auth_token_last4;

  const save = useMutation({
    mutationFn: updateTwilioSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.twilioSettings, next);
      toast.success('Twilio settings saved');
    },
    onError: (err) => fail(err, "Couldn't save the Twilio settings."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const problems: Partial<Record<FieldName, string>> = {};
    if (!values.account_sid.trim()) problems.account_sid = 'Paste the Account SID from the Twilio console (AC…).';
    if (!tokenSaved && !values.auth_token.trim()) problems.auth_token = 'The auth token is required the first time.';
    if (!values.from_number.trim() && !values.messaging_service_sid.trim()) problems.from_number = 'Give a sender number or a messaging service SID.';
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const blankToNull = (v: string) => v.trim() || null;
    save.mutate({
      account_sid: values.account_sid.trim(),
      ...(values.auth_token.trim() ? { auth_token: values.auth_token.trim() } : {}),
      from_number: blankToNull(values.from_number),
      messaging_service_sid: blankToNull(values.messaging_service_sid),
      whatsapp_from: blankToNull(values.whatsapp_from),
      help_contact: blankToNull(values.help_contact),
    });
  }

  const field = (name: FieldName, hint = true) => ({
    id: `twilio-${name}`,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    'aria-invalid': !!errors[name] || undefined,
    'aria-describedby': settingsDescribedBy(`twilio-${name}`, { error: errors[name], hint }),
  });

  return (
    <div className="divide-y divide-border">
      <SettingsRow label="Status">
        <TwilioHealthSummary settings={settings} />
      </SettingsRow>
      <form onSubmit={onSubmit} noValidate aria-label="Twilio account" className="divide-y divide-border">
        {banner && (
          <div className="px-5 py-3">
            <FormBanner>{banner}</FormBanner>
          </div>
        )}
        <SettingsRow label="Account SID" htmlFor="twilio-account_sid" hint="AC followed by 32 characters, on the Twilio console home page." error={errors.account_sid}>
          <Input {...field('account_sid')} autoComplete="off" spellCheck={false} placeholder="AC…" className="font-mono" />
        </SettingsRow>
        <SettingsRow
          label="Auth token"
          htmlFor="twilio-auth_token"
          hint={tokenSaved ? `Saved (ends in ${settings.auth_token_last4}). Leave empty to keep it.` : 'Write-only: it is never shown again after saving.'}
          error={errors.auth_token}
        >
          <Input {...field('auth_token')} type="password" autoComplete="off" placeholder={tokenSaved ? `••••••••${settings.auth_token_last4}` : 'Paste the auth token'} />
        </SettingsRow>
        <SettingsRow label="SMS sender" htmlFor="twilio-from_number" hint="A Twilio number in E.164, or a messaging service instead." error={errors.from_number}>
          <Input {...field('from_number')} type="tel" placeholder="+14155550100" />
          <Input
            id="twilio-messaging_service_sid"
            aria-label="Messaging service SID"
            placeholder="or messaging service SID (MG…)"
            className="font-mono"
            value={values.messaging_service_sid}
            onChange={(e) => setValues((v) => ({ ...v, messaging_service_sid: e.target.value }))}
            aria-invalid={!!errors.messaging_service_sid || undefined}
            aria-describedby={errors.messaging_service_sid ? 'twilio-messaging_service_sid-error' : undefined}
          />
          {errors.messaging_service_sid && (
            <p id="twilio-messaging_service_sid-error" role="alert" className="text-xs text-danger">
              {errors.messaging_service_sid}
            </p>
          )}
        </SettingsRow>
        <SettingsRow label="WhatsApp sender" htmlFor="twilio-whatsapp_from" hint="Your WhatsApp-enabled number; empty uses the SMS number." error={errors.whatsapp_from}>
          <Input {...field('whatsapp_from')} type="tel" placeholder="+14155550100" />
        </SettingsRow>
        <SettingsRow label="HELP reply contact" htmlFor="twilio-help_contact" hint="Sent when someone texts HELP, e.g. “call +1 415 555 0100”." error={errors.help_contact}>
          <Input {...field('help_contact')} placeholder="call +1 415 555 0100 or write help@example.com" />
        </SettingsRow>
        <SettingsFooter note="Without an account, SMS and WhatsApp messages are answered by the sandbox.">
          <Button type="submit" variant="primary" loading={save.isPending}>
            Save Twilio account
          </Button>
        </SettingsFooter>
      </form>
      <TwilioTest configured={settings.configured} />
      <SettingsRow label="Webhooks" hint="Paste these into your Twilio number’s messaging configuration.">
        {settings.messaging_webhook_url && settings.status_callback_url ? (
          <div className="grid gap-2">
            <span className="text-xs text-muted-foreground">A message comes in (HTTP POST)</span>
            <WebhookUrl label="Incoming message webhook URL" url={settings.messaging_webhook_url} />
            <span className="text-xs text-muted-foreground">Status callbacks (set on every message)</span>
            <WebhookUrl label="Status callback URL" url={settings.status_callback_url} />
          </div>
        ) : (
          <p className="text-xs text-muted-foreground">Set PUBLIC_URL on the server (the address Twilio can reach) to see the URLs to paste.</p>
        )}
      </SettingsRow>
    </div>
  );
}

/** Settings → Channels → Twilio: account, senders, test send, health and webhook URLs (admins only). */
export function TwilioSection({ isAdmin }: { isAdmin: boolean }) {
  const settings = useTwilioSettings(isAdmin);
  return (
    <SettingsSection title={TITLE} description={DESCRIPTION}>
      {!isAdmin ? (
        <p className="flex items-center gap-1.5 px-5 py-4 text-[13px] text-muted-foreground">
          <Lock className="size-3.5" aria-hidden /> Only admins can see and change the Twilio account.
        </p>
      ) : settings.isPending ? (
        <div className="grid gap-3 p-5" aria-busy="true">
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      ) : settings.isError ? (
        <ErrorState compact error={settings.error} title="Couldn't load the Twilio settings" onRetry={() => settings.refetch()} retrying={settings.isFetching} />
      ) : (
        <TwilioForm key={settings.dataUpdatedAt} settings={settings.data} />
      )}
    </SettingsSection>
  );
}
