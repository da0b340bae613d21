import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/**
 * A write-only secret: shows whether one is saved, never its value. `value` is the pending
 * change: '' keeps the saved secret, a string replaces it, null removes it on save.
 */
export function SecretInput({
  id,
  label,
  isSet,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  id: string;
  label: string;
  isSet: boolean;
  value: string | null;
  onChange: (value: string | null) => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  if (value === null) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="warning">Removed when you save</Badge>
        <Button size="sm" variant="ghost" onClick={() => onChange('')}>
          Undo
        </Button>
      </div>
    );
  }
  return (
    <div className="grid gap-1.5">
      <div className="flex items-center gap-2">
        <Input
          id={id}
          type="password"
          autoComplete="off"
          placeholder={isSet ? '•••••••• saved — paste a new one to replace it' : `Paste the ${label.toLowerCase()}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
        {isSet && !value && (
          <Button size="sm" variant="ghost" className="text-danger hover:bg-danger-tint hover:text-danger" onClick={() => onChange(null)} aria-label={`Remove the saved ${label.toLowerCase()}`}>
            Remove
          </Button>
        )}
      </div>
      <span>{isSet ? <Badge variant="success">Saved</Badge> : <Badge variant="neutral">Not set</Badge>}</span>
    </div>
  );
}
