import { Input } from '@/components/ui/input';
import { joinDuration, splitDuration, type DurationParts } from '../../lib/durations';

const PARTS: { key: keyof DurationParts; label: string; max: number }[] = [
  { key: 'days', label: 'Days', max: 365 },
  { key: 'hours', label: 'Hours', max: 23 },
  { key: 'minutes', label: 'Minutes', max: 59 },
];

/** A duration entered as days, hours and minutes; reports seconds. */
export function DurationInput({ id, seconds, onChange, disabled }: { id: string; seconds: number; onChange: (seconds: number) => void; disabled?: boolean }) {
  const parts = splitDuration(seconds);
  return (
    <div className="grid grid-cols-3 gap-2" role="group" aria-labelledby={`${id}-label`}>
      {PARTS.map(({ key, label, max }) => (
        <label key={key} className="grid gap-1 text-xs text-muted-foreground">
          <Input
            id={key === 'days' ? id : `${id}-${key}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={max}
            value={parts[key]}
            disabled={disabled}
            onChange={(e) => onChange(joinDuration({ ...parts, [key]: Number(e.target.value) }))}
            className="tabular-nums"
          />
          {label}
        </label>
      ))}
    </div>
  );
}
