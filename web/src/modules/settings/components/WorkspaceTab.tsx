import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/CopyButton';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useMe } from '@/modules/auth/hooks/useMe';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import type { Me, Workspace } from '@/modules/auth/types/auth';
import { updateWorkspace } from '../api/updateWorkspace';
import { settingsDescribedBy } from '../lib/settingsDescribedBy';
import { SettingsFooter } from './SettingsFooter';
import { SettingsRow } from './SettingsRow';
import { SettingsSection } from './SettingsSection';

const MAX_NAME = 100;

function WorkspaceForm({ workspace, canRename }: { workspace: Workspace; canRename: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const [error, setError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);

  const rename = useMutation({
    mutationFn: updateWorkspace,
    onSuccess: (updated) => {
      queryClient.setQueryData<Me>(queryKeys.me, (me) => (me ? { ...me, workspace: updated } : me));
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      toast.success(`Workspace renamed to ${updated.name}`);
    },
    onError: (err) => {
      if (isApiError(err) && err.fieldErrors.name) setError(err.fieldErrors.name);
      else setBanner(isApiError(err) ? err.message : "Couldn't rename the workspace. Try again.");
    },
  });

  const trimmed = name.trim();
  const dirty = trimmed !== workspace.name;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    if (!trimmed) {
      setError('Enter a name for the workspace.');
      return;
    }
    setError(null);
    if (dirty) rename.mutate({ name: trimmed });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Workspace details">
      {banner && (
        <div className="px-5 pt-4">
          <FormBanner>{banner}</FormBanner>
        </div>
      )}
      <div className="divide-y divide-border">
        {canRename ? (
          <SettingsRow label="Name" htmlFor="workspace-name" hint="Shown in the sidebar and on invitations." error={error}>
            <Input
              id="workspace-name"
              value={name}
              maxLength={MAX_NAME}
              autoComplete="organization"
              onChange={(e) => {
                setName(e.target.value);
                if (error) setError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && dirty) {
                  e.stopPropagation();
                  setName(workspace.name);
                  setError(null);
                }
              }}
              className="sm:max-w-sm"
              aria-invalid={!!error || undefined}
              aria-describedby={settingsDescribedBy('workspace-name', { error, hint: true })}
            />
          </SettingsRow>
        ) : (
          <SettingsRow label="Name" hint="Shown in the sidebar and on invitations.">
            <span className="font-medium" data-testid="workspace-name">
              {workspace.name}
            </span>
            <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
              <Lock className="size-3" aria-hidden /> Only admins can rename the workspace.
            </span>
          </SettingsRow>
        )}
        <SettingsRow label="Slug" hint="Used in URLs. Renaming keeps it.">
          <code className="font-mono text-xs">{workspace.slug}</code>
        </SettingsRow>
        <SettingsRow label="Workspace ID" hint="For API calls and support.">
          <span className="flex min-w-0 items-center gap-2">
            <code className="truncate font-mono text-xs text-muted-foreground">{workspace.id}</code>
            <CopyButton value={workspace.id} size="sm" variant="ghost" label="Copy" aria-label="Copy workspace ID" />
          </span>
        </SettingsRow>
        <SettingsRow label="Created">
          <span className="tabular-nums">{formatDate(workspace.created_at)}</span>
        </SettingsRow>
      </div>
      {canRename && (
        <SettingsFooter note={dirty ? 'Unsaved change · Esc to undo' : 'Everyone in the workspace sees the new name right away.'}>
          <Button type="submit" variant="primary" loading={rename.isPending} disabled={!dirty}>
            Save
          </Button>
        </SettingsFooter>
      )}
    </form>
  );
}

export function WorkspaceTab() {
  const { data } = useMe();
  const { isAdmin } = usePermissions();
  const ws = data?.workspace;
  if (!ws) return null;
  return (
    <SettingsSection title="Workspace" description="The tenant your leads, team and keys belong to.">
      {/* Remount with the saved name so the field always starts from the server's value. */}
      <WorkspaceForm key={`${ws.id}:${ws.name}`} workspace={ws} canRename={isAdmin} />
    </SettingsSection>
  );
}
