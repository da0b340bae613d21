import type { ReactNode } from 'react';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/cn';

interface SettingsRowProps {
  label: ReactNode;
  /** The control's id: makes the label a real <label> and names the hint/error ids. */
  htmlFor?: string;
  /** One line under the label explaining the setting. */
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  className?: string;
}

/**
 * One line of a settings card: label and explanation on the left (stacked on phones), the value
 * or control on the right. Controls should use `aria-describedby={settingsDescribedBy(...)}`.
 */
export function SettingsRow({ label, htmlFor, hint, error, children, className }: SettingsRowProps) {
  return (
    <div className={cn('grid gap-2 px-5 py-4 sm:grid-cols-[minmax(0,240px)_minmax(0,1fr)] sm:gap-8', className)}>
      <div className={cn('grid content-start gap-0.5', htmlFor && 'sm:pt-1.5')}>
        {htmlFor ? (
          <Label htmlFor={htmlFor}>{label}</Label>
        ) : (
          <span className="text-[13px] font-medium leading-5">{label}</span>
        )}
        {hint && (
          <p id={htmlFor ? `${htmlFor}-hint` : undefined} className="text-xs leading-4 text-muted-foreground">
            {hint}
          </p>
        )}
      </div>
      <div className="grid min-w-0 content-start gap-1.5 text-[13px] leading-5">
        {children}
        {error && htmlFor && (
          <p id={`${htmlFor}-error`} className="text-xs leading-4 text-danger" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
