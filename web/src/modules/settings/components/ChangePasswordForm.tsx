import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { login } from '@/modules/auth/api/login';
import { updateMe } from '@/modules/auth/api/updateMe';
import { PasswordInput } from '@/modules/auth/components/PasswordInput';
import { useSignOut } from '@/modules/auth/hooks/useSignOut';
import type { Me } from '@/modules/auth/types/auth';
import { settingsDescribedBy } from '../lib/settingsDescribedBy';
import { SettingsFooter } from './SettingsFooter';
import { SettingsRow } from './SettingsRow';

const MIN_PASSWORD = 10;
const FIELDS = ['current', 'next', 'confirm'] as const;
type FieldName = (typeof FIELDS)[number];
type Errors = Partial<Record<FieldName, string>>;

const IDS: Record<FieldName, string> = { current: 'current-password', next: 'new-password', confirm: 'confirm-password' };

/** Change your own password: current, new, confirm. Other sessions are signed out by the server. */
export function ChangePasswordForm({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const [values, setValues] = useState<Record<FieldName, string>>({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);

  function focusFirst(errs: Errors) {
    const first = FIELDS.find((f) => errs[f]);
    if (first) requestAnimationFrame(() => document.getElementById(IDS[first])?.focus());
  }

  const change = useMutation({
    mutationFn: async ({ current, next }: { current: string; next: string }) => {
      const me = await updateMe({ current_password: current, new_password: next });
      // The server ends every session of this account, this one included. Sign in again with
      // the new password so this tab keeps working after its access token expires.
      try {
        const tokens = await login(email, next);
        return { me: { user: tokens.user, workspace: tokens.workspace }, renewed: true };
      } catch {
        return { me, renewed: false };
      }
    },
    onSuccess: ({ me, renewed }) => {
      queryClient.setQueryData<Me>(queryKeys.me, me);
      setValues({ current: '', next: '', confirm: '' });
      if (renewed) {
        toast.success('Password changed', { description: 'Other devices were signed out.' });
      } else {
        toast.success('Password changed', { description: 'Sign in again with your new password.' });
        void signOut();
      }
    },
    onError: (err) => {
      if (!isApiError(err)) {
        setBanner("Couldn't change your password. Try again.");
        return;
      }
      const fields = err.fieldErrors;
      const next: Errors = {};
      if (fields.current_password) next.current = err.status === 403 ? "That isn't your current password." : fields.current_password;
      const newError = fields.new_password ?? fields.password;
      if (newError) next.next = newError;
      setErrors(next);
      setBanner(Object.keys(next).length ? null : err.message);
      focusFirst(next);
    },
  });

  function set(field: FieldName, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const local: Errors = {};
    if (!values.current) local.current = 'Enter your current password.';
    if (values.next.length < MIN_PASSWORD) local.next = `Use at least ${MIN_PASSWORD} characters.`;
    else if (values.next === values.current) local.next = 'Choose a password different from the current one.';
    if (!local.next && values.confirm !== values.next) local.confirm = "The passwords don't match.";
    setErrors(local);
    if (Object.keys(local).length) {
      focusFirst(local);
      return;
    }
    change.mutate({ current: values.current, next: values.next });
  }

  const input = (field: FieldName, autoComplete: string, hint = false) => ({
    id: IDS[field],
    value: values[field],
    autoComplete,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(field, e.target.value),
    className: 'h-8 pr-9',
    'aria-invalid': !!errors[field] || undefined,
    'aria-describedby': settingsDescribedBy(IDS[field], { error: errors[field], hint }),
  });

  const started = Object.values(values).some(Boolean);

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {banner && (
        <div className="px-5 pt-4">
          <FormBanner>{banner}</FormBanner>
        </div>
      )}
      <div className="divide-y divide-border">
        <SettingsRow label="Current password" htmlFor={IDS.current} error={errors.current}>
          <div className="sm:max-w-sm">
            <PasswordInput {...input('current', 'current-password')} />
          </div>
        </SettingsRow>
        <SettingsRow label="New password" htmlFor={IDS.next} hint={`At least ${MIN_PASSWORD} characters.`} error={errors.next}>
          <div className="sm:max-w-sm">
            <PasswordInput {...input('next', 'new-password', true)} />
          </div>
        </SettingsRow>
        <SettingsRow label="Confirm new password" htmlFor={IDS.confirm} error={errors.confirm}>
          <div className="sm:max-w-sm">
            <PasswordInput {...input('confirm', 'new-password')} />
          </div>
        </SettingsRow>
      </div>
      <SettingsFooter note="You stay signed in on this browser.">
        {started && (
          <Button
            variant="ghost"
            onClick={() => {
              setValues({ current: '', next: '', confirm: '' });
              setErrors({});
              setBanner(null);
            }}
          >
            Clear
          </Button>
        )}
        <Button type="submit" variant="primary" loading={change.isPending}>
          Change password
        </Button>
      </SettingsFooter>
    </form>
  );
}
