import { Switch } from '@/components/ui/switch';
import type { ExitRules } from '../../types/graph';

const RULES: { key: keyof ExitRules; label: string; hint: string }[] = [
  { key: 'reply', label: 'The lead replies', hint: 'On any channel; auto-replies and out-of-office don’t count.' },
  { key: 'unsubscribe', label: 'The lead unsubscribes', hint: 'Unsubscribe link, STOP, or suppression.' },
  { key: 'meeting_booked', label: 'A meeting is booked', hint: 'From your calendar integration.' },
  { key: 'stage_change', label: 'The stage changes', hint: 'Changed by anything other than this workflow.' },
];

/** When a lead's run stops early; each rule can be switched off. */
export function ExitRulesForm({ value, onChange, readOnly }: { value: ExitRules; onChange: (rules: ExitRules) => void; readOnly: boolean }) {
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-[13px] font-medium">Stop a lead’s run when…</legend>
      {RULES.map(({ key, label, hint }) => (
        <div key={key} className="flex items-start justify-between gap-3">
          <label htmlFor={`exit-${key}`} className="grid gap-0.5">
            <span className="text-[13px]">{label}</span>
            <span className="text-xs leading-4 text-muted-foreground">{hint}</span>
          </label>
          <Switch id={`exit-${key}`} checked={value[key]} disabled={readOnly} onCheckedChange={(on) => onChange({ ...value, [key]: on })} />
        </div>
      ))}
    </fieldset>
  );
}
