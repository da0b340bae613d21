import { Plus, X } from 'lucide-react';
import { useId, useMemo } from 'react';
import { ChannelIcon } from '@/components/ChannelIcon';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { Button } from '@/components/ui/button';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import type { LeadFormValues } from '../lib/leadForm';
import { stageMeta } from '../lib/stageMeta';
import { CHANNELS, STAGES, type ConsentStatus, type Stage } from '../types/lead';

const NO_OWNER = '__none__';

function timezones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

interface LeadFormFieldsProps {
  values: LeadFormValues;
  onChange: (patch: Partial<LeadFormValues>) => void;
  errors: Record<string, string>;
  mode: 'create' | 'edit';
  idPrefix?: string;
}

export function LeadFormFields({ values, onChange, errors, mode, idPrefix = 'lead' }: LeadFormFieldsProps) {
  const users = useUsers();
  const tzListId = useId();
  const tzs = useMemo(() => timezones(), []);
  const id = (name: string) => `${idPrefix}-${name}`;

  const text = (name: 'first_name' | 'last_name' | 'email' | 'phone' | 'title' | 'company_name' | 'tags' | 'timezone') => ({
    id: id(name),
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ [name]: e.target.value }),
    'aria-invalid': !!errors[name] || undefined,
    'aria-describedby': fieldDescribedBy(id(name), errors[name]),
  });

  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" htmlFor={id('first_name')} error={errors.first_name}>
          <Input {...text('first_name')} autoComplete="off" autoFocus={mode === 'create'} />
        </Field>
        <Field label="Last name" htmlFor={id('last_name')} error={errors.last_name}>
          <Input {...text('last_name')} autoComplete="off" />
        </Field>
        <Field label="Email" htmlFor={id('email')} error={errors.email}>
          <Input {...text('email')} type="email" autoComplete="off" placeholder="name@company.com" />
        </Field>
        <Field label="Phone" htmlFor={id('phone')} error={errors.phone} hint={!errors.phone ? 'International format, e.g. +1 415 555 0100' : undefined}>
          <Input
            {...text('phone')}
            type="tel"
            autoComplete="off"
            placeholder="+1 415 555 0100"
            aria-describedby={fieldDescribedBy(id('phone'), errors.phone, true)}
          />
        </Field>
        <Field label="Title" htmlFor={id('title')} error={errors.title}>
          <Input {...text('title')} autoComplete="off" placeholder="Head of Sales" />
        </Field>
        <Field label="Company" htmlFor={id('company_name')} error={errors.company_name ?? errors.company_id}>
          <Input {...text('company_name')} autoComplete="off" placeholder="Acme Inc." />
        </Field>
        <Field label="Stage" htmlFor={id('stage')} error={errors.stage}>
          <Select value={values.stage} onValueChange={(v) => onChange({ stage: v as Stage })}>
            <SelectTrigger id={id('stage')}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {STAGES.map((s) => (
                <SelectItem key={s} value={s}>
                  {stageMeta[s].label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </Field>
        <Field label="Owner" htmlFor={id('owner_id')} error={errors.owner_id}>
          <Select value={values.owner_id || NO_OWNER} onValueChange={(v) => onChange({ owner_id: v === NO_OWNER ? '' : v })}>
            <SelectTrigger id={id('owner_id')}>
              <SelectValue placeholder="No owner" />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NO_OWNER}>No owner</SelectItem>
              {(users.data ?? []).map((u) => (
                <SelectItem key={u.id} value={u.id}>
                  {u.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </Field>
        <Field label="Tags" htmlFor={id('tags')} error={errors.tags} hint={!errors.tags ? 'Separate with commas' : undefined}>
          <Input {...text('tags')} autoComplete="off" placeholder="enterprise, q3" aria-describedby={fieldDescribedBy(id('tags'), errors.tags, true)} />
        </Field>
        <Field label="Timezone" htmlFor={id('timezone')} error={errors.timezone}>
          <Input {...text('timezone')} list={tzListId} autoComplete="off" placeholder="America/New_York" />
          <datalist id={tzListId}>
            {tzs.map((tz) => (
              <option key={tz} value={tz} />
            ))}
          </datalist>
        </Field>
      </div>

      <div className="flex items-center justify-between gap-4 rounded-lg border border-border px-3 py-2.5">
        <div className="grid gap-0.5">
          <Label htmlFor={id('dnc')}>Do not contact</Label>
          <p className="text-xs text-muted-foreground">Blocks every outbound message and call to this lead.</p>
        </div>
        <Switch id={id('dnc')} checked={values.do_not_contact} onCheckedChange={(v) => onChange({ do_not_contact: v })} />
      </div>

      {mode === 'edit' && (
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-[13px] font-medium">Consent</legend>
          <div className="divide-y divide-border rounded-lg border border-border">
            {CHANNELS.map((c) => (
              <div key={c} className="flex items-center justify-between gap-3 px-3 py-1.5">
                <span className="flex items-center gap-2 text-[13px]">
                  <ChannelIcon channel={c} badge />
                  <label htmlFor={id(`consent-${c}`)}>{CHANNEL_LABELS[c]}</label>
                </span>
                <Select
                  value={values.consents[c]}
                  onValueChange={(v) => onChange({ consents: { ...values.consents, [c]: v as ConsentStatus } })}
                >
                  <SelectTrigger id={id(`consent-${c}`)} size="sm" className="w-32">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="granted">Granted</SelectItem>
                    <SelectItem value="revoked">Revoked</SelectItem>
                    <SelectItem value="unknown">Unknown</SelectItem>
                  </SelectContent>
                </Select>
              </div>
            ))}
          </div>
          {errors.consents && <p className="text-xs text-danger">{errors.consents}</p>}
        </fieldset>
      )}

      {mode === 'edit' && (
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-[13px] font-medium">Custom fields</legend>
          {values.custom_fields.length === 0 && <p className="text-xs text-muted-foreground">No custom fields yet.</p>}
          {values.custom_fields.map((f, i) => (
            <div key={i} className="flex items-center gap-2">
              <Input
                aria-label={`Custom field ${i + 1} name`}
                value={f.key}
                placeholder="Name"
                className="w-2/5"
                onChange={(e) => {
                  const next = values.custom_fields.slice();
                  next[i] = { ...f, key: e.target.value };
                  onChange({ custom_fields: next });
                }}
              />
              <Input
                aria-label={`Custom field ${f.key || i + 1} value`}
                value={f.value}
                placeholder="Value"
                onChange={(e) => {
                  const next = values.custom_fields.slice();
                  next[i] = { ...f, value: e.target.value };
                  onChange({ custom_fields: next });
                }}
              />
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Remove custom field ${f.key || i + 1}`}
                onClick={() => onChange({ custom_fields: values.custom_fields.filter((_, j) => j !== i) })}
              >
                <X aria-hidden />
              </Button>
            </div>
          ))}
          {errors.custom_fields && <p className="text-xs text-danger">{errors.custom_fields}</p>}
          <div>
            <Button size="sm" variant="ghost" onClick={() => onChange({ custom_fields: [...values.custom_fields, { key: '', value: '' }] })}>
              <Plus aria-hidden /> Add field
            </Button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
