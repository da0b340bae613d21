import { useEffect } from 'react';
import { realtime } from '@/lib/realtime/realtime';
import { useConnectionStore } from '@/lib/realtime/useConnectionStore';
import { useLiveStore } from '../stores/useLiveStore';

/**
 * Subscribe this tab to one conversation's detailed events while it is on screen. Returns
 * whether the server has confirmed the subscription on the current connection.
 */
export function useConversationSubscription(conversationId: string | null): boolean {
  const live = useConnectionStore((s) => !!conversationId && !!s.subscribed[conversationId]);
  useEffect(() => {
    if (!conversationId) return;
    useLiveStore.getState().setViewing(conversationId);
    const release = realtime.subscribe(conversationId);
    return () => {
      release();
      useConnectionStore.getState().markSubscribed(conversationId, false);
      if (useLiveStore.getState().viewing === conversationId) useLiveStore.getState().setViewing(null);
    };
  }, [conversationId]);
  return live;
}
