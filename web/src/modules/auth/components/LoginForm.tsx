import { CircleAlert } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import type { TokenResponse } from '../types/auth';
import { PasswordInput } from './PasswordInput';

interface LoginFormProps {
  onLogin: (email: string, password: string) => Promise<TokenResponse>;
  onSuccess: (res: TokenResponse) => void;
}

export function LoginForm({ onLogin, onSuccess }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!email.trim()) local.email = 'Enter your email address.';
    if (!password) local.password = 'Enter your password.';
    setFieldErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      const res = await onLogin(email.trim(), password);
      onSuccess(res);
    } catch (err) {
      if (isApiError(err)) {
        setFieldErrors(err.fieldErrors);
        setError(
          err.code === 'invalid_credentials'
            ? "That email and password don't match. Check them and try again."
            : err.message,
        );
      } else {
        setError('Something went wrong. Try again.');
      }
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-describedby={error ? 'login-error' : undefined}>
      {error && (
        <div
          id="login-error"
          role="alert"
          className="flex items-start gap-2 rounded-lg border border-danger/25 bg-danger-tint px-3 py-2.5 text-[13px] leading-5 text-danger"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{error}</span>
        </div>
      )}
      <Field label="Email" htmlFor="email" error={fieldErrors.email}>
        <Input
          id="email"
          type="email"
          autoComplete="username"
          autoFocus
          className="h-9"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={!!fieldErrors.email || undefined}
          aria-describedby={fieldDescribedBy('email', fieldErrors.email)}
          placeholder="you@company.com"
        />
      </Field>
      <Field label="Password" htmlFor="password" error={fieldErrors.password}>
        <PasswordInput
          id="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!fieldErrors.password || undefined}
          aria-describedby={fieldDescribedBy('password', fieldErrors.password)}
        />
      </Field>
      <Button type="submit" variant="primary" size="lg" className="mt-1 w-full" loading={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
