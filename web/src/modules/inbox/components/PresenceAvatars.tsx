import { Avatar } from '@/components/ui/avatar';
import { Tooltip } from '@/components/ui/tooltip';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useLiveStore } from '../stores/useLiveStore';
import type { Viewer } from '../types/conversation';

const NONE: Viewer[] = [];

/** Teammates looking at this conversation right now (not counting me). */
export function PresenceAvatars({ conversationId }: { conversationId: string }) {
  const meId = useMe().data?.user.id;
  const viewers = useLiveStore((s) => s.presence[conversationId] ?? NONE);
  const others = viewers.filter((v, i) => v.user_id !== meId && viewers.findIndex((x) => x.user_id === v.user_id) === i);
  if (!others.length) return null;
  const names = others.map((v) => v.name).join(', ');
  return (
    <Tooltip content={`Also viewing: ${names}`}>
      <span className="flex -space-x-1.5" tabIndex={0} aria-label={`Also viewing: ${names}`} data-testid="presence">
        {others.slice(0, 4).map((v) => (
          <Avatar key={v.user_id} name={v.name} size="xs" className="ring-2 ring-background" />
        ))}
        {others.length > 4 && <span className="pl-2 text-xs text-muted-foreground">+{others.length - 4}</span>}
      </span>
    </Tooltip>
  );
}
