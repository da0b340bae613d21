import { ToggleGroup } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/cn';

interface SegmentedControlProps<T extends string> {
  value: T;
  onValueChange: (value: T) => void;
  options: { value: T; label: string; icon?: React.ComponentType<{ className?: string }> }[];
  'aria-label': string;
  className?: string;
}

export function SegmentedControl<T extends string>({ value, onValueChange, options, className, ...rest }: SegmentedControlProps<T>) {
  return (
    <ToggleGroup.Root
      type="single"
      value={value}
      onValueChange={(v) => v && onValueChange(v as T)}
      aria-label={rest['aria-label']}
      className={cn('inline-flex h-8 items-center gap-0.5 rounded-lg bg-muted p-0.5', className)}
    >
      {options.map(({ value: v, label, icon: Icon }) => (
        <ToggleGroup.Item
          key={v}
          value={v}
          className="focus-ring inline-flex h-7 items-center gap-1.5 rounded-md px-2.5 text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground data-[state=on]:bg-surface-raised data-[state=on]:text-foreground data-[state=on]:shadow-sm"
        >
          {Icon && <Icon className="size-3.5" />}
          {label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
