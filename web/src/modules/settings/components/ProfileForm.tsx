import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate, formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { updateMe } from '@/modules/auth/api/updateMe';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Me, type User } from '@/modules/auth/types/auth';
import { settingsDescribedBy } from '../lib/settingsDescribedBy';
import { SettingsFooter } from './SettingsFooter';
import { SettingsRow } from './SettingsRow';

const MAX_NAME = 200;

/** Your own name (any role may change it), with your email and role for reference. */
export function ProfileForm({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (next: string) => updateMe({ name: next }),
    onSuccess: (me) => {
      queryClient.setQueryData<Me>(queryKeys.me, me);
      // Your name also shows in the team list and as the owner of leads.
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.leads.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
      toast.success('Name updated');
    },
    onError: (err) => {
      if (isApiError(err) && err.fieldErrors.name) setError(err.fieldErrors.name);
      else setBanner(isApiError(err) ? err.message : "Couldn't save your name. Try again.");
    },
  });

  const trimmed = name.trim();
  const dirty = trimmed !== user.name;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    if (!trimmed) {
      setError('Enter your name.');
      return;
    }
    setError(null);
    if (dirty) save.mutate(trimmed);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Profile">
      <div className="flex items-center gap-4 border-b border-border px-5 py-4">
        <Avatar name={user.name} size="lg" />
        <div className="grid min-w-0 gap-0.5">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="truncate text-sm font-semibold" data-testid="profile-display-name">
              {user.name}
            </span>
            {user.is_instance_admin && <Badge variant="info">Instance admin</Badge>}
          </div>
          <span className="text-xs text-muted-foreground">
            Member since {formatDate(user.created_at)}
            {user.last_login_at && ` · last sign-in ${formatRelative(user.last_login_at)}`}
          </span>
        </div>
      </div>
      {banner && (
        <div className="px-5 pt-4">
          <FormBanner>{banner}</FormBanner>
        </div>
      )}
      <div className="divide-y divide-border">
        <SettingsRow label="Name" htmlFor="profile-name" hint="Shown to your team and on your leads." error={error}>
          <Input
            id="profile-name"
            value={name}
            maxLength={MAX_NAME}
            autoComplete="name"
            onChange={(e) => {
              setName(e.target.value);
              if (error) setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && dirty) {
                e.stopPropagation();
                setName(user.name);
                setError(null);
              }
            }}
            className="sm:max-w-sm"
            aria-invalid={!!error || undefined}
            aria-describedby={settingsDescribedBy('profile-name', { error, hint: true })}
          />
        </SettingsRow>
        <SettingsRow label="Email" hint="You sign in with this address.">
          <span className="truncate">{user.email}</span>
        </SettingsRow>
        <SettingsRow label="Role" hint={user.role === 'admin' ? 'Change roles in Team.' : 'Only an admin can change your role.'}>
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant={user.role === 'admin' ? 'brand' : 'neutral'}>{ROLE_LABELS[user.role]}</Badge>
            <span className="text-muted-foreground">{ROLE_DESCRIPTIONS[user.role]}.</span>
          </span>
        </SettingsRow>
      </div>
      <SettingsFooter note={dirty ? 'Unsaved change · Esc to undo' : 'Your teammates see changes right away.'}>
        <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty}>
          Save
        </Button>
      </SettingsFooter>
    </form>
  );
}
