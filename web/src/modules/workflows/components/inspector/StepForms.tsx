import { Plus, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Textarea } from '@/components/ui/textarea';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { useAgents } from '@/modules/agents/hooks/useAgents';
import { STAGES } from '@/modules/leads/types/lead';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { optionLabel } from '../../lib/facts';
import { useWebhookEndpoints } from '../../hooks/usePickerOptions';
import type { LeadEvent, MessageChannel, StepData } from '../../types/graph';
import { ConditionBuilder } from './ConditionBuilder';
import { DurationInput } from './DurationInput';
import { MessageFieldsForm } from './MessageFieldsForm';
import { OptionSelect } from './OptionSelect';
import { TagListInput } from './TagListInput';
import type { StepFormProps } from './types';

const MESSAGE_CHANNELS: MessageChannel[] = ['email', 'sms', 'whatsapp', 'linkedin'];
const channelOptions = MESSAGE_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }));

function AgentSelect({ id, value, onChange, disabled }: { id: string; value: string | null | undefined; onChange: (id: string) => void; disabled: boolean }) {
  const agents = useAgents();
  const options = (agents.data ?? []).map((a) => ({ value: a.id, label: a.name, description: a.enabled ? undefined : 'Disabled' }));
  return (
    <Field label="Agent" htmlFor={id} hint={agents.data && !options.length ? 'No agents yet — create one on the Agents page.' : undefined}>
      <OptionSelect id={id} value={value ?? ''} options={options} onChange={onChange} disabled={disabled} placeholder="Choose an agent" />
    </Field>
  );
}

export function TriggerForm({ node, onChange, readOnly }: StepFormProps<'trigger'>) {
  const { data } = node;
  const segment = data.segment ?? {};
  return (
    <div className="grid gap-4">
      <Field label="Leads enter" htmlFor="trigger-kind" hint="Campaigns choose their own audience; this says how the workflow is meant to start.">
        <OptionSelect
          id="trigger-kind"
          value={data.kind}
          disabled={readOnly}
          onChange={(kind) => onChange({ ...data, kind })}
          options={[
            { value: 'manual', label: 'When added to a campaign' },
            { value: 'csv', label: 'From a CSV import' },
            { value: 'segment', label: 'Leads in a segment' },
            { value: 'inbound_message', label: 'When a lead writes in' },
            { value: 'webhook', label: 'From a webhook' },
          ]}
        />
      </Field>
      {data.kind === 'segment' && (
        <>
          <Field label="Stage" htmlFor="trigger-stage" optional>
            <OptionSelect
              id="trigger-stage"
              value={segment.stage ?? ''}
              disabled={readOnly}
              options={STAGES.map((s) => ({ value: s, label: optionLabel(s) }))}
              onChange={(stage) => onChange({ ...data, segment: { ...segment, stage } })}
            />
          </Field>
          <Field label="Tag" htmlFor="trigger-tag" optional>
            <Input id="trigger-tag" value={segment.tag ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...data, segment: { ...segment, tag: e.target.value } }, 'tag')} />
          </Field>
        </>
      )}
    </div>
  );
}

export function AiGenerateForm({ node, onChange, readOnly }: StepFormProps<'ai_generate'>) {
  const { data } = node;
  return (
    <div className="grid gap-4">
      <AgentSelect id="ai-agent" value={data.agent_id} disabled={readOnly} onChange={(agent_id) => onChange({ ...data, agent_id })} />
      <Field label="Written for" htmlFor="ai-channel">
        <OptionSelect id="ai-channel" value={data.channel} options={channelOptions} disabled={readOnly} onChange={(channel) => onChange({ ...data, channel })} />
      </Field>
      <Field label="Instructions" htmlFor="ai-instructions" hint="What the message should achieve; the agent's persona sets the tone.">
        <Textarea
          id="ai-instructions"
          rows={5}
          value={data.instructions}
          readOnly={readOnly}
          placeholder="Introduce our product and ask for a 15-minute call next week."
          onChange={(e) => onChange({ ...data, instructions: e.target.value }, 'instructions')}
        />
      </Field>
    </div>
  );
}

export function SendForm({ node, onChange, readOnly }: StepFormProps<'send'>) {
  const { data } = node;
  return (
    <div className="grid gap-4">
      <Field label="Channel" htmlFor="send-channel">
        <OptionSelect id="send-channel" value={data.channel} options={channelOptions} disabled={readOnly} onChange={(channel) => onChange({ ...data, channel, template_id: undefined })} />
      </Field>
      {data.channel === 'linkedin' && (
        <Field label="LinkedIn task" htmlFor="send-linkedin" hint="LinkedIn steps become tasks for a teammate to do by hand.">
          <OptionSelect
            id="send-linkedin"
            value={data.linkedin_action ?? 'connect'}
            disabled={readOnly}
            onChange={(linkedin_action) => onChange({ ...data, linkedin_action })}
            options={[
              { value: 'connect', label: 'Send a connection request' },
              { value: 'message', label: 'Send a message' },
              { value: 'view_profile', label: 'View their profile' },
            ]}
          />
        </Field>
      )}
      <MessageFieldsForm idPrefix="send" channel={data.channel} value={data} readOnly={readOnly} onChange={(message, typingIn) => onChange({ ...data, ...message }, typingIn)} />
    </div>
  );
}

export function WaitForm({ node, onChange, readOnly }: StepFormProps<'wait'>) {
  const { data } = node;
  return (
    <div className="grid gap-4">
      <SegmentedControl
        aria-label="Wait for"
        value={data.mode}
        onValueChange={(mode) => !readOnly && onChange(mode === 'duration' ? { mode, seconds: 86_400 } : { mode })}
        options={[
          { value: 'duration', label: 'A set time' },
          { value: 'sending_window', label: 'Sending window' },
        ]}
        className="w-full [&>*]:flex-1 [&>*]:justify-center"
      />
      {data.mode === 'duration' ? (
        <div className="grid gap-1.5">
          <span id="wait-duration-label" className="text-[13px] font-medium">
            Wait for
          </span>
          <DurationInput id="wait-duration" seconds={data.seconds} disabled={readOnly} onChange={(seconds) => onChange({ mode: 'duration', seconds })} />
        </div>
      ) : (
        <p className="text-xs leading-5 text-muted-foreground">Waits until the campaign's next sending window opens in the lead's own timezone.</p>
      )}
    </div>
  );
}

const EVENTS: { value: LeadEvent; label: string }[] = [
  { value: 'reply', label: 'Replies' },
  { value: 'open', label: 'Opens an email' },
  { value: 'click', label: 'Clicks a link' },
  { value: 'meeting_booked', label: 'Books a meeting' },
];

export function WaitForEventForm({ node, onChange, readOnly }: StepFormProps<'wait_for_event'>) {
  const { data } = node;
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-[13px] font-medium">Continue on “Event” when the lead…</legend>
        {EVENTS.map(({ value, label }) => (
          <label key={value} className="flex items-center gap-2 text-[13px]">
            <Checkbox
              checked={data.events.includes(value)}
              disabled={readOnly}
              onCheckedChange={(on) => onChange({ ...data, events: on ? [...data.events, value] : data.events.filter((e) => e !== value) })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-1.5">
        <span id="wfe-timeout-label" className="text-[13px] font-medium">
          Otherwise continue on “Timeout” after
        </span>
        <DurationInput id="wfe-timeout" seconds={data.timeout_seconds} disabled={readOnly} onChange={(timeout_seconds) => onChange({ ...data, timeout_seconds })} />
      </div>
    </div>
  );
}

export function DecisionForm({ node, onChange, readOnly }: StepFormProps<'decision'>) {
  return <ConditionBuilder nodeId={node.id} value={node.data.condition} readOnly={readOnly} onChange={(condition, typingIn) => onChange({ condition }, typingIn)} />;
}

export function AbSplitForm({ node, onChange, readOnly }: StepFormProps<'ab_split'>) {
  const { variants } = node.data;
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const nextKey = String.fromCharCode(65 + variants.length);
  const update = (i: number, patch: Partial<(typeof variants)[number]>, typingIn?: string) =>
    onChange({ variants: variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) }, typingIn);
  return (
    <div className="grid gap-3">
      <p className="text-xs leading-5 text-muted-foreground">Each lead always gets the same variant. Weights are shares of the leads.</p>
      <ul className="grid gap-2">
        {variants.map((v, i) => (
          <li key={i} className="flex items-end gap-2">
            <Field label="Branch" htmlFor={`variant-key-${i}`} className="w-20">
              <Input id={`variant-key-${i}`} value={v.key} readOnly={readOnly} maxLength={16} onChange={(e) => update(i, { key: e.target.value.trim() }, `key-${i}`)} />
            </Field>
            <Field label="Weight" htmlFor={`variant-weight-${i}`} className="flex-1">
              <Input
                id={`variant-weight-${i}`}
                type="number"
                min={0}
                max={100}
                value={v.weight}
                readOnly={readOnly}
                onChange={(e) => update(i, { weight: Math.max(0, Math.round(Number(e.target.value) || 0)) }, `weight-${i}`)}
              />
            </Field>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove variant ${v.key}`}
              disabled={readOnly || variants.length <= 2}
              onClick={() => onChange({ variants: variants.filter((_, j) => j !== i) })}
            >
              <Trash2 aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <div className="flex items-center justify-between">
        <Button size="sm" disabled={readOnly || variants.length >= 6} onClick={() => onChange({ variants: [...variants, { key: nextKey, weight: 0 }] })}>
          <Plus aria-hidden />
          Add variant
        </Button>
        <span className={total === 100 ? 'text-xs text-muted-foreground' : 'text-xs font-medium text-warning'}>Total {total}%</span>
      </div>
    </div>
  );
}

export function ChannelFallbackForm({ node, onChange, readOnly }: StepFormProps<'channel_fallback'>) {
  const { data } = node;
  const move = (i: number, by: number) => {
    const channels = [...data.channels];
    [channels[i], channels[i + by]] = [channels[i + by], channels[i]];
    onChange({ ...data, channels });
  };
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-[13px] font-medium">Try in this order</legend>
        <ol className="grid gap-1">
          {data.channels.map((c, i) => (
            <li key={c} className="flex h-8 items-center gap-2 rounded-md border border-border px-2 text-[13px]">
              <span className="w-4 tabular-nums text-muted-foreground">{i + 1}</span>
              <span className="flex-1">{CHANNEL_LABELS[c]}</span>
              <Button variant="ghost" size="icon-sm" aria-label={`Move ${CHANNEL_LABELS[c]} up`} disabled={readOnly || i === 0} onClick={() => move(i, -1)}>
                ↑
              </Button>
              <Button variant="ghost" size="icon-sm" aria-label={`Move ${CHANNEL_LABELS[c]} down`} disabled={readOnly || i === data.channels.length - 1} onClick={() => move(i, 1)}>
                ↓
              </Button>
              <Button variant="ghost" size="icon-sm" aria-label={`Remove ${CHANNEL_LABELS[c]}`} disabled={readOnly} onClick={() => onChange({ ...data, channels: data.channels.filter((x) => x !== c) })}>
                <Trash2 aria-hidden />
              </Button>
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap gap-1">
          {MESSAGE_CHANNELS.filter((c) => !data.channels.includes(c)).map((c) => (
            <Button key={c} size="sm" variant="outline" disabled={readOnly} onClick={() => onChange({ ...data, channels: [...data.channels, c] })}>
              <Plus aria-hidden />
              {CHANNEL_LABELS[c]}
            </Button>
          ))}
        </div>
        <p className="text-xs leading-5 text-muted-foreground">Sends on the first channel the lead has consented to and you have set up; “None” when there is none.</p>
      </fieldset>
      <MessageFieldsForm
        idPrefix="fallback"
        channel={data.channels[0] ?? 'sms'}
        value={data}
        readOnly={readOnly}
        onChange={(message, typingIn) => onChange({ ...data, ...message }, typingIn)}
      />
    </div>
  );
}

export function WebhookForm({ node, onChange, readOnly }: StepFormProps<'webhook'>) {
  const { data } = node;
  const endpoints = useWebhookEndpoints(true);
  const options = (endpoints.data ?? []).map((e) => ({ value: e.id, label: e.name, description: `${e.method} ${e.url}` }));
  return (
    <div className="grid gap-4">
      <Field label="Endpoint" htmlFor="webhook-endpoint" hint={endpoints.data && !options.length ? 'No outbound webhook endpoints yet — add one in Settings.' : 'Retried with backoff; “Failed” after the last try.'}>
        <OptionSelect id="webhook-endpoint" value={data.endpoint_id} options={options} disabled={readOnly} placeholder="Choose an endpoint" onChange={(endpoint_id) => onChange({ ...data, endpoint_id })} />
      </Field>
      <Field label="Body" htmlFor="webhook-body" optional hint="JSON; {{lead.email}}-style variables are filled in.">
        <Textarea
          id="webhook-body"
          rows={5}
          className="font-mono text-xs"
          value={data.body ?? ''}
          readOnly={readOnly}
          placeholder={'{"email": "{{lead.email}}"}'}
          onChange={(e) => onChange({ ...data, body: e.target.value || undefined }, 'body')}
        />
      </Field>
    </div>
  );
}

export function HandOffForm({ node, onChange, readOnly }: StepFormProps<'hand_off'>) {
  const { data } = node;
  const users = useUsers();
  return (
    <div className="grid gap-4">
      <SegmentedControl
        aria-label="Hand the conversation to"
        value={data.to}
        onValueChange={(to) => !readOnly && onChange({ to })}
        options={[
          { value: 'ai', label: 'AI agent' },
          { value: 'human', label: 'A teammate' },
        ]}
        className="w-full [&>*]:flex-1 [&>*]:justify-center"
      />
      {data.to === 'ai' ? (
        <AgentSelect id="handoff-agent" value={data.agent_id} disabled={readOnly} onChange={(agent_id) => onChange({ ...data, agent_id })} />
      ) : (
        <Field label="Assign to" htmlFor="handoff-assignee">
          <OptionSelect
            id="handoff-assignee"
            value={data.assignee_id ?? ''}
            disabled={readOnly}
            placeholder="Choose a teammate"
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email, description: u.email }))}
            onChange={(assignee_id) => onChange({ ...data, assignee_id })}
          />
        </Field>
      )}
    </div>
  );
}

export function UpdateLeadForm({ node, onChange, readOnly }: StepFormProps<'update_lead'>) {
  const { data } = node;
  const set = (patch: Partial<StepData['update_lead']>) => onChange({ ...data, ...patch });
  return (
    <div className="grid gap-4">
      <Field label="Set stage" htmlFor="update-stage" optional>
        <OptionSelect id="update-stage" value={data.stage ?? ''} disabled={readOnly} options={STAGES.map((s) => ({ value: s, label: optionLabel(s) }))} onChange={(stage) => set({ stage })} />
      </Field>
      <Field label="Add tags" htmlFor="update-add-tags" optional>
        <TagListInput id="update-add-tags" value={data.add_tags ?? []} disabled={readOnly} onChange={(add_tags) => set({ add_tags })} />
      </Field>
      <Field label="Remove tags" htmlFor="update-remove-tags" optional>
        <TagListInput id="update-remove-tags" value={data.remove_tags ?? []} disabled={readOnly} onChange={(remove_tags) => set({ remove_tags })} />
      </Field>
    </div>
  );
}

export function EndForm({ node, onChange, readOnly }: StepFormProps<'end'>) {
  return (
    <SegmentedControl
      aria-label="Outcome"
      value={node.data.outcome}
      onValueChange={(outcome) => !readOnly && onChange({ outcome })}
      options={[
        { value: 'end', label: 'Just end' },
        { value: 'goal', label: 'Goal reached' },
      ]}
      className="w-full [&>*]:flex-1 [&>*]:justify-center"
    />
  );
}
