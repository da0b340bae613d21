import { RadioGroup } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/cn';

interface RadioCardsProps<T extends string> {
  value: T;
  onValueChange: (value: T) => void;
  options: { value: T; label: string; description: React.ReactNode }[];
  'aria-label'?: string;
  'aria-labelledby'?: string;
  disabled?: boolean;
  className?: string;
}

/** A radio group drawn as selectable cards, each with a one-line explanation. */
export function RadioCards<T extends string>({ value, onValueChange, options, disabled, className, ...aria }: RadioCardsProps<T>) {
  return (
    <RadioGroup.Root value={value} onValueChange={(v) => onValueChange(v as T)} disabled={disabled} className={cn('grid gap-2', className)} {...aria}>
      {options.map((o) => (
        <RadioGroup.Item
          key={o.value}
          value={o.value}
          className="focus-ring group grid grid-cols-[16px_1fr] items-start gap-x-2.5 rounded-lg border border-border bg-surface-raised px-3 py-2.5 text-left transition-colors hover:bg-hover data-[state=checked]:border-primary data-[state=checked]:bg-primary-tint/60"
        >
          <span className="mt-0.5 flex size-4 items-center justify-center rounded-full border border-border-strong group-data-[state=checked]:border-primary">
            <RadioGroup.Indicator className="size-2 rounded-full bg-primary" />
          </span>
          <span className="grid gap-0.5">
            <span className="text-[13px] font-medium">{o.label}</span>
            <span className="text-xs leading-4 text-muted-foreground">{o.description}</span>
          </span>
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
}
