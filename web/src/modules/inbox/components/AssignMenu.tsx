import { UserRound, UserX } from 'lucide-react';
import { WriteGuard } from '@/components/WriteGuard';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import { useAssign } from '../hooks/useAssign';
import type { Conversation } from '../types/conversation';

/** Assign the conversation to me, a teammate, or nobody. */
export function AssignMenu({ conversation }: { conversation: Conversation }) {
  const me = useMe().data?.user;
  const users = useUsers();
  const assign = useAssign(conversation.id);
  const assignee = users.data?.find((u) => u.id === conversation.assignee_id) ?? (conversation.assignee_id === me?.id ? me : undefined);
  const label = conversation.assignee_id ? (assignee?.id === me?.id ? 'You' : (assignee?.name ?? 'Assigned')) : 'Unassigned';
  return (
    <DropdownMenu>
      <WriteGuard tooltip="Assign">
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" aria-label={`Assignee: ${label}. Change`} data-testid="assign-button">
            {assignee ? <Avatar name={assignee.name} size="xs" /> : <UserRound aria-hidden />}
            <span className="hidden max-w-[120px] truncate lg:inline">{label}</span>
          </Button>
        </DropdownMenuTrigger>
      </WriteGuard>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel>Assign to</DropdownMenuLabel>
        {me && (
          <DropdownMenuItem onSelect={() => assign.mutate(me.id)} disabled={conversation.assignee_id === me.id}>
            <UserRound aria-hidden />
            Me
          </DropdownMenuItem>
        )}
        {users.data
          ?.filter((u) => u.id !== me?.id && !u.disabled && u.role !== 'viewer')
          .map((u) => (
            <DropdownMenuItem key={u.id} onSelect={() => assign.mutate(u.id)} disabled={conversation.assignee_id === u.id}>
              <Avatar name={u.name} size="xs" />
              <span className="truncate">{u.name}</span>
            </DropdownMenuItem>
          ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => assign.mutate(null)} disabled={!conversation.assignee_id}>
          <UserX aria-hidden />
          Unassign
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
