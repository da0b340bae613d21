import { CircleAlert } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { useCooldown } from '@/lib/useCooldown';
import type { TokenResponse } from '../types/auth';
import { PasswordInput } from './PasswordInput';

interface LoginFormProps {
  onLogin: (email: string, password: string) => Promise<TokenResponse>;
  onSuccess: (res: TokenResponse) => void;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function LoginForm({ onLogin, onSuccess }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Seconds the server asked us to wait after a 429, as first announced.
  const [rateLimitedFor, setRateLimitedFor] = useState<number | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const cooldown = useCooldown();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (cooldown.active) return;
    const local: Record<string, string> = {};
    if (!email.trim()) local.email = 'Enter your email address.';
    if (!password) local.password = 'Enter your password.';
    setFieldErrors(local);
    setError(null);
    setRateLimitedFor(null);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      const res = await onLogin(email.trim(), password);
      onSuccess(res);
    } catch (err) {
      if (isApiError(err)) {
        const wait = err.retryAfterSeconds;
        if (err.status === 429 && wait) {
          cooldown.start(wait);
          setRateLimitedFor(wait);
        } else {
          setFieldErrors(err.fieldErrors);
          setError(
            err.code === 'invalid_credentials' ? "That email and password don't match. Check them and try again." : err.message,
          );
        }
      } else {
        setError('Something went wrong. Try again.');
      }
      setPending(false);
    }
  }

  let alert: ReactNode = error;
  if (rateLimitedFor) {
    alert = cooldown.active ? (
      <>
        Too many sign-in attempts from this network, so sign-in is paused for a moment.
        {/* The live countdown is on the button; screen readers hear the wait once, here. */}
        <span className="sr-only"> Try again in {plural(rateLimitedFor, 'second')}.</span>
      </>
    ) : (
      'You can try signing in again now.'
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-describedby={alert ? 'login-error' : undefined}>
      {alert && (
        <div
          id="login-error"
          role="alert"
          data-testid={rateLimitedFor ? 'login-rate-limited' : undefined}
          className="flex items-start gap-2 rounded-lg border border-danger/25 bg-danger-tint px-3 py-2.5 text-[13px] leading-5 text-danger"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{alert}</span>
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
      <Button type="submit" variant="primary" size="lg" className="mt-1 w-full tabular-nums" loading={pending} disabled={cooldown.active}>
        {pending ? 'Signing in…' : cooldown.active ? `Try again in ${cooldown.secondsLeft}s` : 'Sign in'}
      </Button>
    </form>
  );
}
