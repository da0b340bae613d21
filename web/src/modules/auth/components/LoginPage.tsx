import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '@/lib/api/api';
import { queryKeys } from '@/lib/queryKeys';
import { login } from '../api/login';
import { AuthLayout } from './AuthLayout';
import { LoginForm } from './LoginForm';

/** Only same-origin, in-app paths are honoured as a post-login destination. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = 'Sign in · OmniReach';
  }, []);

  if (api.tokens.getAccess() && queryClient.getQueryData(queryKeys.me)) return <Navigate to={next} replace />;

  return (
    <AuthLayout footer={<>Self-hosted OmniReach · your data stays on your servers</>}>
      <div className="mb-6 grid gap-1">
        <h1 className="text-lg font-semibold">Sign in to your workspace</h1>
        <p className="text-[13px] text-muted-foreground">Welcome back. Use the email your admin invited.</p>
      </div>
      <LoginForm
        onLogin={login}
        onSuccess={(res) => {
          queryClient.setQueryData(queryKeys.me, { user: res.user, workspace: res.workspace });
          navigate(next, { replace: true });
        }}
      />
    </AuthLayout>
  );
}
