import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleAlert, MailX } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useCooldown } from '@/lib/useCooldown';
import { acceptInvitation } from '../api/acceptInvitation';
import { getInvitation } from '../api/getInvitation';
import { ROLE_LABELS } from '../types/auth';
import { AuthLayout } from './AuthLayout';
import { PasswordInput } from './PasswordInput';

const MIN_PASSWORD = 10;

function InvalidInvitation() {
  return (
    <div className="flex flex-col items-center gap-3 py-2 text-center">
      <div className="flex size-10 items-center justify-center rounded-xl bg-muted text-muted-foreground">
        <MailX className="size-5" aria-hidden />
      </div>
      <h1 className="text-base font-semibold">This invitation can't be used</h1>
      <p className="text-[13px] leading-5 text-muted-foreground">
        The link is invalid, was revoked, or has expired. Ask a workspace admin to send you a new invitation.
      </p>
      <Button asChild variant="secondary" className="mt-2">
        <Link to="/login">Go to sign in</Link>
      </Button>
    </div>
  );
}

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const cooldown = useCooldown();

  useEffect(() => {
    document.title = 'Join your team · OmniReach';
  }, []);

  const invitation = useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: ({ signal }) => getInvitation(token, signal),
    enabled: !!token,
    retry: false,
  });

  const accept = useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (res) => {
      queryClient.setQueryData(queryKeys.me, { user: res.user, workspace: res.workspace });
      navigate('/', { replace: true });
    },
    onError: (err) => {
      if (!isApiError(err)) {
        setErrors({ form: 'Something went wrong. Try again.' });
      } else if (err.status === 429 && err.retryAfterSeconds) {
        cooldown.start(err.retryAfterSeconds);
        setErrors({ form: 'Too many attempts from this network. Wait a moment, then try again.' });
      } else {
        const fields = err.fieldErrors;
        setErrors(Object.keys(fields).length ? fields : { form: err.message });
      }
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (cooldown.active) return;
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Enter your name.';
    if (password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters.`;
    setErrors(local);
    if (Object.keys(local).length) return;
    accept.mutate({ token, name: name.trim(), password });
  }

  let body;
  if (!token || invitation.isError) {
    body =
      invitation.isError && isApiError(invitation.error) && invitation.error.code === 'network_error' ? (
        <div role="alert" className="grid gap-3 text-center">
          <p className="text-[13px] text-muted-foreground">{invitation.error.message}</p>
          <Button onClick={() => invitation.refetch()}>Try again</Button>
        </div>
      ) : (
        <InvalidInvitation />
      );
  } else if (invitation.isPending) {
    body = (
      <div className="grid gap-4" aria-busy="true">
        <Skeleton className="h-6 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  } else {
    const inv = invitation.data;
    body = (
      <>
        <div className="mb-6 grid gap-1.5">
          <h1 className="text-lg font-semibold">Join {inv.workspace_name}</h1>
          <p className="text-[13px] leading-5 text-muted-foreground">
            You've been invited as <Badge variant="brand">{ROLE_LABELS[inv.role]}</Badge>. Set up your account to get
            started.
          </p>
        </div>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          {errors.form && (
            <div role="alert" className="flex items-start gap-2 rounded-lg border border-danger/25 bg-danger-tint px-3 py-2.5 text-[13px] text-danger">
              <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              {errors.form}
            </div>
          )}
          <Field label="Email" htmlFor="invite-email" hint={`Invitation expires ${formatDate(inv.expires_at)}`}>
            <Input id="invite-email" value={inv.email} readOnly disabled className="h-9" aria-describedby="invite-email-hint" />
          </Field>
          <Field label="Your name" htmlFor="invite-name" error={errors.name}>
            <Input
              id="invite-name"
              autoComplete="name"
              autoFocus
              className="h-9"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!errors.name || undefined}
              aria-describedby={fieldDescribedBy('invite-name', errors.name)}
            />
          </Field>
          <Field label="Password" htmlFor="invite-password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`}>
            <PasswordInput
              id="invite-password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={!!errors.password || undefined}
              aria-describedby={fieldDescribedBy('invite-password', errors.password, true)}
            />
          </Field>
          <Button
            type="submit"
            variant="primary"
            size="lg"
            className="mt-1 w-full tabular-nums"
            loading={accept.isPending}
            disabled={cooldown.active}
          >
            {cooldown.active ? `Try again in ${cooldown.secondsLeft}s` : 'Create account and sign in'}
          </Button>
        </form>
      </>
    );
  }

  const invalid = !token || invitation.isError;
  return (
    <AuthLayout
      footer={
        invalid ? undefined : (
          <Link to="/login" className="focus-ring rounded-sm hover:text-foreground">
            Already have an account? Sign in
          </Link>
        )
      }
    >
      {body}
    </AuthLayout>
  );
}
