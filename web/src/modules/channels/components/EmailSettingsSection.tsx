import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/cn';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { SettingsFooter } from '@/modules/settings/components/SettingsFooter';
import { SettingsRow } from '@/modules/settings/components/SettingsRow';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { settingsDescribedBy } from '@/modules/settings/lib/settingsDescribedBy';
import { updateEmailSettings } from '../api/updateEmailSettings';
import { useEmailSettings } from '../hooks/useEmailSettings';
import { WEEKDAYS, type EmailSettings } from '../types/emailSettings';

const DAY_LABELS: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

function EmailSettingsForm({ settings, canEdit }: { settings: EmailSettings; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<EmailSettings>({ ...settings, postal_address: settings.postal_address ?? '' });
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<keyof EmailSettings>();
  const save = useMutation({
    mutationFn: updateEmailSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.emailSettings, next);
      toast.success('Email settings saved');
    },
    onError: (err) => fail(err, "Couldn't save the email settings."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    if (values.window_days.length === 0) return setErrors({ window_days: 'Pick at least one sending day.' });
    setErrors({});
    save.mutate({ ...values, postal_address: values.postal_address?.trim() || null });
  }

  function toggleDay(day: string) {
    setValues((v) => ({
      ...v,
      window_days: v.window_days.includes(day) ? v.window_days.filter((d) => d !== day) : WEEKDAYS.filter((d) => d === day || v.window_days.includes(d)),
    }));
  }

  const missingAddress = !settings.postal_address;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Email settings" className="divide-y divide-border">
      {banner && (
        <div className="px-5 py-3">
          <FormBanner>{banner}</FormBanner>
        </div>
      )}
      <SettingsRow
        label="Postal address"
        htmlFor="email-postal-address"
        hint="Printed in every email’s footer, as CAN-SPAM requires. Emails are refused while it is empty."
        error={errors.postal_address}
      >
        <Textarea
          id="email-postal-address"
          rows={2}
          placeholder="Acme Inc., 1 Main St, Springfield, IL 62701"
          value={values.postal_address ?? ''}
          disabled={!canEdit}
          onChange={(e) => setValues((v) => ({ ...v, postal_address: e.target.value }))}
          aria-invalid={!!errors.postal_address || undefined}
          aria-describedby={settingsDescribedBy('email-postal-address', { error: errors.postal_address, hint: true })}
        />
        {missingAddress && <p className="text-xs text-warning">No postal address yet: every email send is refused until you add one.</p>}
      </SettingsRow>
      <SettingsRow label="Open and click tracking" htmlFor="email-tracking" hint="Adds an open pixel and rewrites links in the HTML part. Replies and unsubscribes work either way.">
        <div className="flex items-center gap-2 sm:pt-1">
          <Switch
            id="email-tracking"
            checked={values.tracking_enabled}
            disabled={!canEdit}
            onCheckedChange={(on) => setValues((v) => ({ ...v, tracking_enabled: on }))}
            aria-describedby="email-tracking-hint"
          />
          <span className="text-[13px]">{values.tracking_enabled ? 'On' : 'Off'}</span>
        </div>
      </SettingsRow>
      <SettingsRow label="Sending days" hint="Email goes out on these days, in each lead’s own time zone.">
        <div className="flex flex-wrap gap-1" role="group" aria-label="Sending days">
          {WEEKDAYS.map((day) => {
            const on = values.window_days.includes(day);
            return (
              <button
                key={day}
                type="button"
                aria-pressed={on}
                disabled={!canEdit}
                onClick={() => toggleDay(day)}
                className={cn(
                  'focus-ring h-8 w-11 rounded-md border text-[13px] font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50',
                  on ? 'border-primary/40 bg-primary-tint text-primary-text' : 'border-border bg-surface-raised text-muted-foreground hover:bg-hover',
                )}
              >
                {DAY_LABELS[day]}
              </button>
            );
          })}
        </div>
        {errors.window_days && (
          <p className="text-xs text-danger" role="alert">
            {errors.window_days}
          </p>
        )}
      </SettingsRow>
      <SettingsRow label="Sending hours" htmlFor="email-window-start" hint="In the lead’s local time; the end time is exclusive." error={errors.window_start ?? errors.window_end}>
        <div className="flex items-center gap-2">
          <Input
            id="email-window-start"
            type="time"
            className="w-32"
            value={values.window_start}
            disabled={!canEdit}
            onChange={(e) => setValues((v) => ({ ...v, window_start: e.target.value }))}
            aria-describedby={settingsDescribedBy('email-window-start', { error: errors.window_start ?? errors.window_end, hint: true })}
          />
          <span className="text-muted-foreground">to</span>
          <Input
            aria-label="Sending hours end"
            type="time"
            className="w-32"
            value={values.window_end}
            disabled={!canEdit}
            onChange={(e) => setValues((v) => ({ ...v, window_end: e.target.value }))}
          />
        </div>
      </SettingsRow>
      {canEdit ? (
        <SettingsFooter note="Applies to every mailbox of the workspace.">
          <Button type="submit" variant="primary" loading={save.isPending}>
            Save email settings
          </Button>
        </SettingsFooter>
      ) : (
        <p className="flex items-center gap-1.5 px-5 py-3 text-xs text-muted-foreground">
          <Lock className="size-3" aria-hidden /> Only admins can change email settings.
        </p>
      )}
    </form>
  );
}

/** Settings → Channels → Email settings: CAN-SPAM postal address, tracking, sending window. */
export function EmailSettingsSection({ isAdmin }: { isAdmin: boolean }) {
  const settings = useEmailSettings();
  return (
    <SettingsSection title="Email settings" description="The footer address, tracking and the hours email may go out, for the whole workspace.">
      {settings.isPending ? (
        <div className="grid gap-3 p-5" aria-busy="true">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-4 w-1/3" />
        </div>
      ) : settings.isError ? (
        <ErrorState compact error={settings.error} title="Couldn't load the email settings" onRetry={() => settings.refetch()} retrying={settings.isFetching} />
      ) : (
        <EmailSettingsForm key={settings.dataUpdatedAt} settings={settings.data} canEdit={isAdmin} />
      )}
    </SettingsSection>
  );
}
