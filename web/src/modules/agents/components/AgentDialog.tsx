import { useState } from 'react';
import { toast } from 'sonner';
import { ChannelIcon } from '@/components/ChannelIcon';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { RadioCards } from '@/components/ui/radio-cards';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Slider } from '@/components/ui/slider';
import { Switch } from '@/components/ui/switch';
import { isApiError } from '@/lib/api/ApiError';
import { channelLabel } from '@/modules/inbox/lib/channelLabel';
import { MESSAGE_CHANNELS } from '@/modules/inbox/types/conversation';
import { useSaveAgent } from '../hooks/useSaveAgent';
import { usePersonas } from '../hooks/usePersonas';
import { AUTONOMY_LEVELS, PROVIDERS, type Agent, type AgentInput, type Autonomy, type Provider } from '../types/agent';
import { AUTONOMY_META, PROVIDER_LABELS } from '../lib/agentLabels';

const NONE = '__none__';

function initial(agent: Agent | null): AgentInput {
  return agent
    ? {
        name: agent.name,
        persona_id: agent.persona_id,
        provider: agent.provider,
        model: agent.model ?? '',
        temperature: agent.temperature ?? 0.7,
        autonomy: agent.autonomy,
        channels: agent.channels ?? [],
        daily_limit: agent.daily_limit ?? 100,
        enabled: agent.enabled,
      }
    : { name: '', persona_id: null, provider: 'auto', model: '', temperature: 0.7, autonomy: 'approve', channels: ['sandbox', 'email'], daily_limit: 100, enabled: true };
}

/** Create or edit an agent: persona, model, temperature, autonomy, channels, limits. */
export function AgentDialog({ open, onOpenChange, agent }: { open: boolean; onOpenChange: (open: boolean) => void; agent: Agent | null }) {
  const [form, setForm] = useState<AgentInput>(() => initial(agent));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const personas = usePersonas();
  const save = useSaveAgent();
  const set = (patch: Partial<AgentInput>) => setForm((f) => ({ ...f, ...patch }));

  function submit() {
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = 'Give the agent a name.';
    if (!Number.isFinite(form.daily_limit) || form.daily_limit < 0) local.daily_limit = 'Use zero or a positive whole number.';
    if (!form.channels.length) local.channels = 'Allow at least one channel.';
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length) return;
    save.mutate(
      { id: agent?.id ?? null, input: { ...form, name: form.name.trim(), model: form.model.trim() } },
      {
        onSuccess: (saved) => {
          toast.success(agent ? `Saved ${saved.name}` : `Created ${saved.name}`);
          onOpenChange(false);
        },
        onError: (err) => {
          if (isApiError(err) && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
          setBanner(isApiError(err) ? err.message : "Couldn't save the agent.");
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{agent ? `Edit ${agent.name}` : 'New agent'}</DialogTitle>
          <DialogDescription>An agent writes as a persona, with a model, on the channels you allow.</DialogDescription>
        </DialogHeader>
        <DialogBody>
          <form
            id="agent-form"
            className="grid gap-5 pb-2"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            {banner && <FormBanner>{banner}</FormBanner>}
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" htmlFor="agent-name" error={errors.name}>
                <Input id="agent-name" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!errors.name} aria-describedby={fieldDescribedBy('agent-name', errors.name)} autoFocus />
              </Field>
              <Field label="Persona" htmlFor="agent-persona" hint={personas.isError ? "Couldn't load personas" : undefined}>
                <Select value={form.persona_id ?? NONE} onValueChange={(v) => set({ persona_id: v === NONE ? null : v })}>
                  <SelectTrigger id="agent-persona">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={NONE}>No persona</SelectItem>
                    {personas.data?.map((p) => (
                      <SelectItem key={p.id} value={p.id}>
                        {p.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </Field>
              <Field label="Provider" htmlFor="agent-provider" hint={form.provider === 'offline' ? 'Deterministic replies from persona and templates, labelled “offline”.' : undefined}>
                <Select value={form.provider} onValueChange={(v) => set({ provider: v as Provider })}>
                  <SelectTrigger id="agent-provider">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {PROVIDERS.map((p) => (
                      <SelectItem key={p} value={p}>
                        {PROVIDER_LABELS[p]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </Field>
              <Field label="Model" htmlFor="agent-model" optional hint="Empty uses the provider's default." error={errors.model}>
                <Input
                  id="agent-model"
                  value={form.model}
                  placeholder="e.g. mistral-small-latest"
                  disabled={form.provider === 'offline'}
                  onChange={(e) => set({ model: e.target.value })}
                  aria-describedby={fieldDescribedBy('agent-model', errors.model, 'hint')}
                />
              </Field>
            </div>
            <div className="grid gap-2">
              <div className="flex items-baseline justify-between">
                <Label id="agent-temperature-label">Temperature</Label>
                <span className="text-xs text-muted-foreground tabular-nums">{form.temperature.toFixed(1)}</span>
              </div>
              <Slider
                aria-labelledby="agent-temperature-label"
                aria-valuetext={`${form.temperature.toFixed(1)}, ${form.temperature < 0.5 ? 'focused' : form.temperature > 1.2 ? 'inventive' : 'balanced'}`}
                min={0}
                max={2}
                step={0.1}
                value={[form.temperature]}
                onValueChange={([v]) => set({ temperature: Math.round(v * 10) / 10 })}
              />
              <div className="flex justify-between text-xs text-muted-foreground">
                <span>Focused, repeatable</span>
                <span>Inventive</span>
              </div>
            </div>
            <div className="grid gap-2">
              <Label id="agent-autonomy-label">Autonomy</Label>
              <RadioCards<Autonomy>
                aria-labelledby="agent-autonomy-label"
                value={form.autonomy}
                onValueChange={(autonomy) => set({ autonomy })}
                options={AUTONOMY_LEVELS.map((a) => ({ value: a, label: AUTONOMY_META[a].label, description: AUTONOMY_META[a].description }))}
              />
            </div>
            <fieldset className="grid gap-2">
              <legend className="mb-2 text-[13px] font-medium">Channels it may use</legend>
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                {MESSAGE_CHANNELS.map((c) => {
                  const id = `agent-channel-${c}`;
                  return (
                    <div key={c} className="flex items-center gap-2">
                      <Checkbox
                        id={id}
                        checked={form.channels.includes(c)}
                        onCheckedChange={(v) => set({ channels: v ? [...form.channels, c] : form.channels.filter((x) => x !== c) })}
                      />
                      <Label htmlFor={id} className="flex items-center gap-1.5 font-normal">
                        <ChannelIcon channel={c} className="text-muted-foreground" />
                        {channelLabel(c)}
                      </Label>
                    </div>
                  );
                })}
              </div>
              {errors.channels && (
                <p className="text-xs text-danger" role="alert">
                  {errors.channels}
                </p>
              )}
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Daily limit" htmlFor="agent-limit" hint="Messages it may send per day." error={errors.daily_limit}>
                <Input
                  id="agent-limit"
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={Number.isFinite(form.daily_limit) ? form.daily_limit : ''}
                  onChange={(e) => set({ daily_limit: e.target.value === '' ? NaN : Math.floor(Number(e.target.value)) })}
                  aria-invalid={!!errors.daily_limit}
                  aria-describedby={fieldDescribedBy('agent-limit', errors.daily_limit, 'hint')}
                />
              </Field>
              <div className="flex items-center gap-3 sm:pt-6">
                <Switch id="agent-enabled" checked={form.enabled} onCheckedChange={(enabled) => set({ enabled })} />
                <Label htmlFor="agent-enabled">Enabled</Label>
              </div>
            </div>
          </form>
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="agent-form" loading={save.isPending}>
            {agent ? 'Save agent' : 'Create agent'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
