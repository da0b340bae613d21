import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate, formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useSignOut } from '@/modules/auth/hooks/useSignOut';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Me } from '@/modules/auth/types/auth';
import { updateUser } from '../api/updateUser';

export function ProfileTab() {
  const { data } = useMe();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const user = data?.user;
  const [name, setName] = useState(user?.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const isAdmin = user?.role === 'admin';

  const save = useMutation({
    mutationFn: (next: string) => updateUser(user!.id, { name: next }),
    onSuccess: (updated) => {
      queryClient.setQueryData<Me>(queryKeys.me, (me) => (me ? { ...me, user: updated } : me));
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      toast.success('Name updated');
    },
    onError: (err) => setError(isApiError(err) ? (err.fieldErrors.name ?? err.message) : "Couldn't save."),
  });

  if (!user) return null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError('Your name can’t be empty.');
      return;
    }
    setError(null);
    save.mutate(name.trim());
  }

  return (
    <div className="grid max-w-2xl gap-6">
      <Card className="flex items-center gap-4 p-5">
        <Avatar name={user.name} size="lg" className="size-14 text-base" />
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate text-base font-semibold">{user.name}</span>
            <Badge variant={user.role === 'admin' ? 'brand' : 'neutral'}>{ROLE_LABELS[user.role]}</Badge>
            {user.is_instance_admin && <Badge variant="info">Instance admin</Badge>}
          </div>
          <span className="truncate text-[13px] text-muted-foreground">{user.email}</span>
          <span className="text-xs text-muted-foreground">
            Member since {formatDate(user.created_at)}
            {user.last_login_at && ` · last sign-in ${formatRelative(user.last_login_at)}`}
          </span>
        </div>
      </Card>

      <Card className="p-5">
        <form onSubmit={onSubmit} className="grid gap-4">
          <Field
            label="Display name"
            htmlFor="profile-name"
            error={error}
            hint={isAdmin ? 'Shown to your team and on leads you own.' : 'Ask an admin to change your name.'}
          >
            <Input
              id="profile-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              disabled={!isAdmin}
              className="sm:max-w-sm"
              aria-describedby={error ? 'profile-name-error' : 'profile-name-hint'}
            />
          </Field>
          <div className="grid gap-1">
            <span className="text-[13px] font-medium">Role</span>
            <span className="text-[13px] text-muted-foreground">
              {ROLE_LABELS[user.role]} — {ROLE_DESCRIPTIONS[user.role]}.
            </span>
          </div>
          {isAdmin && (
            <div>
              <Button type="submit" variant="primary" loading={save.isPending} disabled={name.trim() === user.name}>
                Save
              </Button>
            </div>
          )}
        </form>
      </Card>

      <Card className="flex flex-wrap items-center justify-between gap-3 p-5">
        <div className="grid gap-0.5">
          <span className="text-[13px] font-medium">Sign out</span>
          <span className="text-xs text-muted-foreground">Ends your session in this browser.</span>
        </div>
        <Button onClick={() => void signOut()}>
          <LogOut aria-hidden /> Sign out
        </Button>
      </Card>
    </div>
  );
}
