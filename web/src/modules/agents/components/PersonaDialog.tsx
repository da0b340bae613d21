import { useState } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Slider } from '@/components/ui/slider';
import { Textarea } from '@/components/ui/textarea';
import { isApiError } from '@/lib/api/ApiError';
import { useSavePersona } from '../hooks/useSavePersona';
import { TONE_LABELS } from '../lib/agentLabels';
import { TONE_KEYS, type Persona, type PersonaInput } from '../types/agent';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function initial(p: Persona | null) {
  return {
    name: p?.name ?? '',
    role: p?.role ?? '',
    tone: p?.tone ?? { formality: 50, warmth: 60, brevity: 60, enthusiasm: 50, assertiveness: 40 },
    industry_focus: p?.industry_focus ?? '',
    language: p?.language ?? 'en',
    signature: p?.signature ?? '',
    dos: (p?.dos ?? []).join('\n'),
    donts: (p?.donts ?? []).join('\n'),
  };
}

/** Persona Studio: who the agent writes as — tone sliders, focus, do/don't lists, signature. */
export function PersonaDialog({ open, onOpenChange, persona }: { open: boolean; onOpenChange: (open: boolean) => void; persona: Persona | null }) {
  const [form, setForm] = useState(() => initial(persona));
  const [error, setError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const save = useSavePersona();
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  function submit() {
    setBanner(null);
    if (!form.name.trim()) {
      setError('Give the persona a name.');
      return;
    }
    setError(null);
    const input: PersonaInput = {
      name: form.name.trim(),
      role: form.role.trim() || null,
      tone: form.tone,
      industry_focus: form.industry_focus.trim() || null,
      language: form.language.trim() || null,
      signature: form.signature.trim() || null,
      dos: lines(form.dos),
      donts: lines(form.donts),
    };
    save.mutate(
      { id: persona?.id ?? null, input },
      {
        onSuccess: (saved) => {
          toast.success(persona ? `Saved ${saved.name}` : `Created ${saved.name}`);
          onOpenChange(false);
        },
        onError: (err) => setBanner(isApiError(err) ? err.message : "Couldn't save the persona."),
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{persona ? `Edit ${persona.name}` : 'New persona'}</DialogTitle>
          <DialogDescription>How an agent sounds. Every reply follows this voice and these rules.</DialogDescription>
        </DialogHeader>
        <DialogBody>
          <form
            id="persona-form"
            className="grid gap-5 pb-2"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            {banner && <FormBanner>{banner}</FormBanner>}
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" htmlFor="persona-name" error={error}>
                <Input id="persona-name" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!error} aria-describedby={fieldDescribedBy('persona-name', error)} autoFocus />
              </Field>
              <Field label="Role" htmlFor="persona-role" optional>
                <Input id="persona-role" value={form.role} placeholder="e.g. Account executive" onChange={(e) => set({ role: e.target.value })} />
              </Field>
              <Field label="Industry focus" htmlFor="persona-industry" optional>
                <Input id="persona-industry" value={form.industry_focus} placeholder="e.g. B2B SaaS" onChange={(e) => set({ industry_focus: e.target.value })} />
              </Field>
              <Field label="Language" htmlFor="persona-language" hint="A language code such as en, fr, de.">
                <Input id="persona-language" value={form.language} onChange={(e) => set({ language: e.target.value })} aria-describedby="persona-language-hint" />
              </Field>
            </div>
            <fieldset className="grid gap-3">
              <legend className="mb-1 text-[13px] font-medium">Tone</legend>
              {TONE_KEYS.map((k) => {
                const [label, low, high] = TONE_LABELS[k];
                return (
                  <div key={k} className="grid grid-cols-[110px_1fr_32px] items-center gap-3">
                    <span id={`tone-${k}`} className="text-[13px]">
                      {label}
                    </span>
                    <div className="grid gap-0.5">
                      <Slider
                        aria-labelledby={`tone-${k}`}
                        aria-valuetext={`${form.tone[k]} of 100 (${low} to ${high})`}
                        min={0}
                        max={100}
                        step={5}
                        value={[form.tone[k]]}
                        onValueChange={([v]) => set({ tone: { ...form.tone, [k]: v } })}
                      />
                      <div className="flex justify-between text-[11px] text-subtle-foreground">
                        <span>{low}</span>
                        <span>{high}</span>
                      </div>
                    </div>
                    <span className="text-right text-xs text-muted-foreground tabular-nums">{form.tone[k]}</span>
                  </div>
                );
              })}
            </fieldset>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Do" htmlFor="persona-dos" hint="One rule per line.">
                <Textarea id="persona-dos" rows={4} value={form.dos} placeholder="Mention a concrete next step" onChange={(e) => set({ dos: e.target.value })} aria-describedby="persona-dos-hint" />
              </Field>
              <Field label="Don't" htmlFor="persona-donts" hint="One rule per line.">
                <Textarea id="persona-donts" rows={4} value={form.donts} placeholder="Promise discounts" onChange={(e) => set({ donts: e.target.value })} aria-describedby="persona-donts-hint" />
              </Field>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="persona-signature">Signature</Label>
              <Textarea id="persona-signature" rows={3} value={form.signature} placeholder={'Best,\nAlex'} onChange={(e) => set({ signature: e.target.value })} />
            </div>
          </form>
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="persona-form" loading={save.isPending}>
            {persona ? 'Save persona' : 'Create persona'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
