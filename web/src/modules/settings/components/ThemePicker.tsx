import { Monitor, Moon, Sun } from 'lucide-react';
import { RadioGroup } from 'radix-ui';
import { cn } from '@/lib/cn';
import { useThemeStore, type ThemePreference } from '@/modules/theme/stores/useThemeStore';

const OPTIONS: { value: ThemePreference; label: string; icon: typeof Sun }[] = [
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
  { value: 'system', label: 'System', icon: Monitor },
];

function Mini({ dark }: { dark: boolean }) {
  return (
    <div className={cn('flex h-full w-full overflow-hidden', dark ? 'bg-[#0c0c0e]' : 'bg-white')}>
      <div className={cn('w-1/4 border-r', dark ? 'border-[#26262b] bg-[#09090b]' : 'border-[#e4e4e7] bg-[#fafafa]')} />
      <div className="grid flex-1 content-start gap-1.5 p-2">
        <div className={cn('h-1.5 w-1/2 rounded-full', dark ? 'bg-[#34343a]' : 'bg-[#e4e4e7]')} />
        <div className={cn('h-5 rounded', dark ? 'bg-[#18181b]' : 'bg-[#f4f4f5]')} />
        <div className="h-1.5 w-1/3 rounded-full bg-[#5b5bd6]" />
      </div>
    </div>
  );
}

export function ThemePicker() {
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  return (
    <RadioGroup.Root
      value={preference}
      onValueChange={(v) => setPreference(v as ThemePreference)}
      className="grid grid-cols-3 gap-3 sm:max-w-md"
      aria-label="Theme"
    >
      {OPTIONS.map(({ value, label, icon: Icon }) => (
        <RadioGroup.Item
          key={value}
          value={value}
          className="focus-ring group grid gap-2 rounded-lg text-left"
          data-testid={`theme-option-${value}`}
        >
          <div className="aspect-[4/3] overflow-hidden rounded-lg border border-border ring-offset-2 ring-offset-background transition-shadow group-data-[state=checked]:ring-2 group-data-[state=checked]:ring-primary">
            {value === 'system' ? (
              <div className="grid h-full grid-cols-2">
                <Mini dark={false} />
                <Mini dark />
              </div>
            ) : (
              <Mini dark={value === 'dark'} />
            )}
          </div>
          <span className="flex items-center gap-1.5 text-[13px] font-medium text-muted-foreground group-data-[state=checked]:text-foreground">
            <Icon className="size-3.5" aria-hidden />
            {label}
          </span>
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
}
