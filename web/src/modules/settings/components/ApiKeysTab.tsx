import { useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus, TriangleAlert } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/CopyButton';
import { ErrorState } from '@/components/ErrorState';
import { FormBanner } from '@/components/FormBanner';
import { PermissionDenied } from '@/components/PermissionDenied';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate, formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { ROLE_LABELS, type Role } from '@/modules/auth/types/auth';
import { createApiKey } from '../api/createApiKey';
import { revokeApiKey } from '../api/revokeApiKey';
import { useApiKeys } from '../hooks/useApiKeys';
import type { ApiKey, CreatedApiKey } from '../types/team';
import { RoleSelect } from './RoleSelect';
import { SettingsSection } from './SettingsSection';

function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: (res) => {
      setCreated(res);
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
    onError: (err) => {
      if (!isApiError(err)) return;
      setErrors(err.fieldErrors);
      setBanner(Object.keys(err.fieldErrors).length ? null : err.message);
    },
  });

  function reset() {
    setName('');
    setRole('sales');
    setErrors({});
    setBanner(null);
    setCreated(null);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Name the key after what will use it, e.g. "HubSpot sync".' });
      return;
    }
    setErrors({});
    setBanner(null);
    create.mutate({ name: name.trim(), role });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) setTimeout(reset, 200);
      }}
    >
      <DialogContent onInteractOutside={(e) => created && e.preventDefault()}>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new API key</DialogTitle>
              <DialogDescription>
                {created.api_key.name} · {ROLE_LABELS[created.api_key.role]} access
              </DialogDescription>
            </DialogHeader>
            <DialogBody className="grid gap-3">
              <div className="flex items-start gap-2 rounded-lg border border-warning/30 bg-warning-tint px-3 py-2.5 text-[13px] text-warning" role="alert">
                <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
                This is the only time the secret is shown. Store it in your secrets manager now — if you lose it, revoke the key and create a new one.
              </div>
              <div className="flex items-center gap-2">
                <Input readOnly value={created.secret} aria-label="API key secret" className="font-mono text-xs" onFocus={(e) => e.target.select()} data-testid="api-key-secret" />
                <CopyButton value={created.secret} size="md" />
              </div>
              <p className="text-xs text-muted-foreground">
                Send it as <code className="rounded bg-muted px-1 py-0.5 font-mono">Authorization: Bearer {created.secret.slice(0, 8)}…</code>
              </p>
            </DialogBody>
            <DialogFooter>
              <Button variant="primary" onClick={() => onOpenChange(false)}>
                I've stored it
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col">
            <DialogHeader>
              <DialogTitle>Create an API key</DialogTitle>
              <DialogDescription>Keys let other systems use the OmniReach API on behalf of this workspace.</DialogDescription>
            </DialogHeader>
            <DialogBody className="grid gap-4">
              {banner && <FormBanner>{banner}</FormBanner>}
              <Field label="Name" htmlFor="key-name" error={errors.name}>
                <Input
                  id="key-name"
                  autoFocus
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="HubSpot sync"
                  aria-invalid={!!errors.name || undefined}
                  aria-describedby={fieldDescribedBy('key-name', errors.name)}
                />
              </Field>
              <Field label="Access" htmlFor="key-role" error={errors.role}>
                <RoleSelect id="key-role" value={role} onChange={setRole} describe />
              </Field>
            </DialogBody>
            <DialogFooter>
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={create.isPending}>
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function ApiKeysTab() {
  const { isAdmin } = usePermissions();
  const queryClient = useQueryClient();
  const keys = useApiKeys(isAdmin);
  const [createOpen, setCreateOpen] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => revokeApiKey(id),
    onSuccess: () => {
      toast.success(`${revoking?.name ?? 'Key'} revoked`);
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't revoke the key."),
  });

  if (!isAdmin) return <PermissionDenied what="API keys" who="admins" />;

  return (
    <>
      <SettingsSection
        title="API keys"
        description="For integrations and scripts. Each key acts with the role you give it."
        actions={
          <Button variant="primary" onClick={() => setCreateOpen(true)}>
            <Plus aria-hidden /> Create key
          </Button>
        }
      >
        {keys.isError ? (
          <ErrorState compact error={keys.error} title="Couldn't load API keys" onRetry={() => keys.refetch()} />
        ) : keys.isPending ? (
          <div className="grid gap-3 p-5">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        ) : keys.data.length === 0 ? (
          <EmptyState
            compact
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key to connect your CRM, a data pipeline or your own scripts to OmniReach."
            action={
              <Button size="sm" onClick={() => setCreateOpen(true)}>
                Create key
              </Button>
            }
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Access</TableHead>
                <TableHead className="hidden md:table-cell">Last used</TableHead>
                <TableHead className="hidden lg:table-cell">Created</TableHead>
                <TableHead className="w-24">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((k) => (
                <TableRow key={k.id} data-testid="api-key-row">
                  <TableCell className="font-medium">{k.name}</TableCell>
                  <TableCell>
                    <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                  </TableCell>
                  <TableCell>
                    <Badge variant={k.role === 'admin' ? 'brand' : 'neutral'}>{ROLE_LABELS[k.role]}</Badge>
                  </TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{k.last_used_at ? formatRelative(k.last_used_at) : 'Never'}</TableCell>
                  <TableCell className="hidden text-muted-foreground lg:table-cell">
                    {formatDate(k.created_at)}
                    {k.created_by && ` by ${k.created_by.name}`}
                  </TableCell>
                  <TableCell className="text-right">
                    <Button size="sm" variant="ghost" className="text-danger hover:bg-danger-tint hover:text-danger" onClick={() => setRevoking(k)}>
                      Revoke
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SettingsSection>
      <CreateKeyDialog open={createOpen} onOpenChange={setCreateOpen} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        description="Anything using this key will start getting 401 errors immediately. This can't be undone."
        confirmLabel="Revoke key"
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      />
    </>
  );
}
