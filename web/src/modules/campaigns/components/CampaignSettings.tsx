import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { updateCampaign } from '../api/updateCampaign';
import { DEFAULT_SCHEDULE, formatDays, localInputToMs, minuteToTime, msToLocalInput, parseDays, timeToMinute, WEEKDAYS } from '../lib/schedule';
import type { Audience, Campaign, Schedule } from '../types/campaign';
import { AudiencePicker } from './AudiencePicker';

const WINDOW_EDGES = [
  { key: 'start_minute', label: 'From' },
  { key: 'end_minute', label: 'Until' },
] as const;

type Caps = Pick<Campaign, 'daily_cap' | 'per_mailbox_daily_cap' | 'hourly_throttle'>;

const CAPS: { key: keyof Caps; label: string; hint: string }[] = [
  { key: 'daily_cap', label: 'Per day', hint: 'Messages this campaign sends a day.' },
  { key: 'per_mailbox_daily_cap', label: 'Per mailbox per day', hint: 'Protects each sending mailbox’s reputation.' },
  { key: 'hourly_throttle', label: 'Per hour', hint: 'Spreads sends across the day.' },
];

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Card className="grid gap-4 p-4 md:grid-cols-[220px_1fr] md:gap-8 md:p-5">
      <div className="grid content-start gap-1">
        <h2 className="text-sm font-semibold">{title}</h2>
        <p className="text-xs leading-5 text-muted-foreground">{description}</p>
      </div>
      <div className="min-w-0">{children}</div>
    </Card>
  );
}

/** Audience, schedule and caps; editable while the campaign is a draft or paused. */
export function CampaignSettings({ campaign, editable }: { campaign: Campaign; editable: boolean }) {
  const queryClient = useQueryClient();
  const [audience, setAudience] = useState<Audience>(campaign.audience);
  const [schedule, setSchedule] = useState<Schedule>({ ...DEFAULT_SCHEDULE, ...campaign.schedule });
  const [caps, setCaps] = useState<Caps>({ daily_cap: campaign.daily_cap ?? null, per_mailbox_daily_cap: campaign.per_mailbox_daily_cap ?? null, hourly_throttle: campaign.hourly_throttle ?? null });
  const [dirty, setDirty] = useState(false);
  const days = parseDays(schedule.days);
  const windowError = (schedule.start_minute ?? 0) >= (schedule.end_minute ?? 0) ? 'The window must end after it starts.' : !days.length ? 'Pick at least one day.' : null;

  const save = useMutation({
    mutationFn: () => updateCampaign(campaign.id, { audience, schedule, ...caps }),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.campaigns.detail(campaign.id), updated);
      setDirty(false);
      toast.success('Campaign saved');
    },
  });

  const change = <T,>(setter: (v: T) => void) => (value: T) => {
    setter(value);
    setDirty(true);
  };
  const setAudienceDirty = change(setAudience);
  const setScheduleDirty = change(setSchedule);
  const setCapsDirty = change(setCaps);

  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!windowError) save.mutate();
      }}
    >
      {!editable && <p className="rounded-lg bg-muted px-3 py-2 text-[13px] text-muted-foreground">Pause the campaign to change its audience, schedule or caps.</p>}
      {save.isError && <FormBanner>{isApiError(save.error) ? save.error.message : "Couldn't save the campaign."}</FormBanner>}
      <Section title="Audience" description="Who is enrolled at launch. Leads without consent for a step's channel are skipped at that step, never messaged.">
        <AudiencePicker value={audience} onChange={setAudienceDirty} disabled={!editable} />
      </Section>
      <Section title="Schedule" description="When messages may go out. Waits that end outside the window hold until it opens, in each lead's own timezone.">
        <div className="grid gap-4">
          <Field label="Start" htmlFor="schedule-start" optional hint="Leave empty to start as soon as you launch.">
            <Input
              id="schedule-start"
              type="datetime-local"
              className="w-60"
              disabled={!editable}
              value={msToLocalInput(schedule.start_at)}
              onChange={(e) => setScheduleDirty({ ...schedule, start_at: localInputToMs(e.target.value) })}
            />
          </Field>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-[13px] font-medium">Sending days</legend>
            <div className="flex flex-wrap gap-3">
              {WEEKDAYS.map((d) => (
                <label key={d} className="flex items-center gap-1.5 text-[13px]">
                  <Checkbox
                    checked={days.includes(d)}
                    disabled={!editable}
                    onCheckedChange={(on) => setScheduleDirty({ ...schedule, days: formatDays(on ? [...days, d] : days.filter((x) => x !== d)) })}
                  />
                  {d[0].toUpperCase() + d.slice(1)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-wrap items-end gap-3">
            {WINDOW_EDGES.map(({ key, label }) => (
              <Field key={key} label={label} htmlFor={`schedule-${key}`}>
                <Input
                  id={`schedule-${key}`}
                  type="time"
                  className="w-32"
                  disabled={!editable}
                  value={minuteToTime(schedule[key] ?? DEFAULT_SCHEDULE[key])}
                  onChange={(e) => setScheduleDirty({ ...schedule, [key]: timeToMinute(e.target.value) ?? schedule[key] })}
                />
              </Field>
            ))}
          </div>
          {windowError && (
            <p role="alert" className="text-xs text-danger">
              {windowError}
            </p>
          )}
        </div>
      </Section>
      <Section title="Caps" description="Upper limits; empty means no limit beyond the workspace's own. Sends over a cap wait for the next day or hour.">
        <div className="grid gap-3 sm:grid-cols-3">
          {CAPS.map(({ key, label, hint }) => (
            <Field key={key} label={label} htmlFor={`cap-${key}`} hint={hint}>
              <Input
                id={`cap-${key}`}
                type="number"
                min={1}
                inputMode="numeric"
                placeholder="No limit"
                disabled={!editable}
                value={caps[key] ?? ''}
                onChange={(e) => setCapsDirty({ ...caps, [key]: e.target.value === '' ? null : Math.max(1, Math.round(Number(e.target.value))) })}
              />
            </Field>
          ))}
        </div>
      </Section>
      {editable && (
        <div className="flex items-center justify-end gap-3">
          {dirty && <span className="text-xs text-muted-foreground">Unsaved changes</span>}
          <Button type="submit" variant="primary" disabled={!dirty || !!windowError} loading={save.isPending}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}
