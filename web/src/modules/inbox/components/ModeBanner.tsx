import { Hand } from 'lucide-react';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useUsers } from '@/modules/settings/hooks/useUsers';
import type { Conversation } from '../types/conversation';

/** While a human is in control the AI is paused — said plainly, with the way back one click away. */
export function ModeBanner({ conversation, onHandBack, pending }: { conversation: Conversation; onHandBack: () => void; pending: boolean }) {
  const meId = useMe().data?.user.id;
  const users = useUsers();
  if (conversation.mode !== 'human') return null;
  const mine = !conversation.assignee_id || conversation.assignee_id === meId;
  const who = mine ? 'You are' : `${users.data?.find((u) => u.id === conversation.assignee_id)?.name ?? 'A teammate'} is`;
  return (
    <div
      role="status"
      data-testid="mode-banner"
      className="flex flex-wrap items-center gap-2 border-b border-warning/30 bg-warning-tint px-4 py-2 text-[13px] font-medium text-warning md:px-6"
    >
      <Hand className="size-4" aria-hidden />
      <span className="flex-1">{who} in control — the AI is paused</span>
      <WriteGuard tooltip="Hand back to the AI" shortcut={['T']}>
        <Button size="sm" variant="secondary" onClick={onHandBack} loading={pending}>
          Hand back to AI
        </Button>
      </WriteGuard>
    </div>
  );
}
