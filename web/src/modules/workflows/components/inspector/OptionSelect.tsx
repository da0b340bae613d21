import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';

interface OptionSelectProps<T extends string> {
  id: string;
  value: T | '';
  onChange: (value: T) => void;
  options: { value: T; label: string; description?: string; disabled?: boolean }[];
  placeholder?: string;
  disabled?: boolean;
  'aria-label'?: string;
  size?: 'sm' | 'md';
}

/** A labelled dropdown of fixed options (the Field around it carries the label). */
export function OptionSelect<T extends string>({ id, value, onChange, options, placeholder, disabled, size, ...aria }: OptionSelectProps<T>) {
  return (
    <Select value={value || undefined} onValueChange={(v) => onChange(v as T)} disabled={disabled}>
      <SelectTrigger id={id} size={size} aria-label={aria['aria-label']}>
        <SelectValue placeholder={placeholder ?? 'Choose…'} />
      </SelectTrigger>
      <SelectContent>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value} description={o.description} disabled={o.disabled}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
