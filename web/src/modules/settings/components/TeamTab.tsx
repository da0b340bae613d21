import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MailPlus, MoreHorizontal, UserMinus, UserPlus, UserRoundCheck, UserRoundX } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate, formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { useMe } from '@/modules/auth/hooks/useMe';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { ROLE_LABELS, type Role, type User } from '@/modules/auth/types/auth';
import { deleteUser } from '../api/deleteUser';
import { revokeInvitation } from '../api/revokeInvitation';
import { updateUser } from '../api/updateUser';
import { useInvitations } from '../hooks/useInvitations';
import { useUsers } from '../hooks/useUsers';
import type { Invitation } from '../types/team';
import { CreateUserDialog } from './CreateUserDialog';
import { InviteDialog } from './InviteDialog';
import { RoleSelect } from './RoleSelect';
import { SettingsSection } from './SettingsSection';

function RowsSkeleton({ cols }: { cols: number }) {
  return (
    <>
      {[0, 1, 2].map((i) => (
        <TableRow key={i}>
          {Array.from({ length: cols }, (_, j) => (
            <TableCell key={j}>
              <Skeleton className="h-3.5 w-3/4" />
            </TableCell>
          ))}
        </TableRow>
      ))}
    </>
  );
}

const errorMessage = (err: unknown) => (isApiError(err) ? err.message : 'Something went wrong.');

export function TeamTab() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const { isAdmin } = usePermissions();
  const users = useUsers();
  const invitations = useInvitations(isAdmin);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const [removing, setRemoving] = useState<User | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; disabled?: boolean } }) => updateUser(id, patch),
    onSuccess: (user, { patch }) => {
      queryClient.setQueryData<User[]>(queryKeys.users, (list) => list?.map((u) => (u.id === user.id ? user : u)));
      toast.success(
        patch.role ? `${user.name} is now ${ROLE_LABELS[user.role]}` : user.disabled ? `${user.name} can no longer sign in` : `${user.name} can sign in again`,
      );
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteUser(id),
    onSuccess: () => {
      toast.success(`${removing?.name ?? 'User'} removed`);
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeInvitation(id),
    onSuccess: () => {
      toast.success('Invitation revoked');
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  const pending = (invitations.data ?? []).filter((i) => !i.accepted_at);

  return (
    <div className="grid gap-10">
      <SettingsSection
        title="Members"
        description="Everyone who can sign in to this workspace."
        actions={
          <>
            <WriteGuard adminOnly>
              <Button onClick={() => setCreateOpen(true)}>
                <UserPlus aria-hidden /> Create user
              </Button>
            </WriteGuard>
            <WriteGuard adminOnly>
              <Button variant="primary" onClick={() => setInviteOpen(true)}>
                <MailPlus aria-hidden /> Invite member
              </Button>
            </WriteGuard>
          </>
        }
      >
        {users.isError ? (
          <ErrorState compact error={users.error} title="Couldn't load members" onRetry={() => users.refetch()} />
        ) : (
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead className="w-[104px] sm:w-40">Role</TableHead>
                <TableHead className="hidden md:table-cell">Last active</TableHead>
                <TableHead className="hidden md:table-cell">Joined</TableHead>
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.isPending ? (
                <RowsSkeleton cols={5} />
              ) : (
                users.data.map((u) => {
                  const self = u.id === me?.user.id;
                  return (
                    <TableRow key={u.id} data-testid="member-row">
                      <TableCell>
                        <div className="flex min-w-0 items-center gap-2.5">
                          <Avatar name={u.name} size="md" />
                          <div className="grid min-w-0 leading-tight">
                            <span className="flex items-center gap-1.5 truncate font-medium">
                              {u.name}
                              {self && <span className="text-xs font-normal text-muted-foreground">(you)</span>}
                              {u.disabled && <Badge variant="danger">Disabled</Badge>}
                            </span>
                            <span className="truncate text-xs text-muted-foreground">{u.email}</span>
                          </div>
                        </div>
                      </TableCell>
                      <TableCell>
                        {isAdmin && !self ? (
                          <RoleSelect
                            size="sm"
                            className="w-[92px] sm:w-28"
                            value={u.role}
                            aria-label={`Role for ${u.name}`}
                            onChange={(role) => update.mutate({ id: u.id, patch: { role } })}
                          />
                        ) : (
                          <Badge variant={u.role === 'admin' ? 'brand' : 'neutral'}>{ROLE_LABELS[u.role]}</Badge>
                        )}
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground md:table-cell">
                        {u.last_login_at ? formatRelative(u.last_login_at) : 'Never signed in'}
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(u.created_at)}</TableCell>
                      <TableCell className="text-right">
                        {isAdmin && !self && (
                          <DropdownMenu>
                            <DropdownMenuTrigger asChild>
                              <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${u.name}`}>
                                <MoreHorizontal aria-hidden />
                              </Button>
                            </DropdownMenuTrigger>
                            <DropdownMenuContent align="end">
                              <DropdownMenuItem onSelect={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}>
                                {u.disabled ? <UserRoundCheck /> : <UserRoundX />}
                                {u.disabled ? 'Enable sign-in' : 'Disable sign-in'}
                              </DropdownMenuItem>
                              <DropdownMenuSeparator />
                              <DropdownMenuItem destructive onSelect={() => setRemoving(u)}>
                                <UserMinus /> Remove from workspace
                              </DropdownMenuItem>
                            </DropdownMenuContent>
                          </DropdownMenu>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })
              )}
            </TableBody>
          </Table>
        )}
      </SettingsSection>

      {isAdmin && (
        <SettingsSection title="Pending invitations" description="Links that haven't been used yet. Revoke one to make its link stop working.">
          {invitations.isError ? (
            <ErrorState compact error={invitations.error} title="Couldn't load invitations" onRetry={() => invitations.refetch()} />
          ) : !invitations.isPending && pending.length === 0 ? (
            <EmptyState
              compact
              icon={MailPlus}
              title="No pending invitations"
              description="Invite teammates by email — each gets a personal link to set their password."
              action={
                <Button size="sm" onClick={() => setInviteOpen(true)}>
                  Invite member
                </Button>
              }
            />
          ) : (
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden md:table-cell">Invited by</TableHead>
                  <TableHead className="hidden sm:table-cell">Expires</TableHead>
                  <TableHead className="w-24">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invitations.isPending ? (
                  <RowsSkeleton cols={5} />
                ) : (
                  pending.map((inv) => (
                    <TableRow key={inv.id} data-testid="invitation-row">
                      <TableCell className="font-medium">{inv.email}</TableCell>
                      <TableCell>
                        <Badge>{ROLE_LABELS[inv.role]}</Badge>
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground md:table-cell">{inv.invited_by?.name ?? '—'}</TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{formatRelative(inv.expires_at)}</TableCell>
                      <TableCell className="text-right">
                        <Button size="sm" variant="ghost" className="text-danger hover:bg-danger-tint hover:text-danger" onClick={() => setRevoking(inv)}>
                          Revoke
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))
                )}
              </TableBody>
            </Table>
          )}
        </SettingsSection>
      )}

      <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} />
      <CreateUserDialog open={createOpen} onOpenChange={setCreateOpen} />
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ''}?`}
        description="They lose access immediately. Leads they own stay in the workspace without an owner."
        confirmLabel="Remove member"
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
      />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke the invitation for ${revoking?.email ?? ''}?`}
        description="The link stops working right away. You can invite them again later."
        confirmLabel="Revoke invitation"
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      />
    </div>
  );
}
