import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { toast } from 'sonner';
import { onRealtimeEvent, onRealtimeReconnect, realtime } from '@/lib/realtime/realtime';
import { applyRealtimeEvent, resyncConversations } from '@/modules/inbox/lib/applyRealtimeEvent';
import { useLiveStore } from '@/modules/inbox/stores/useLiveStore';

/** Opens the tab's live connection for the signed-in session and feeds events into the caches. */
export function RealtimeSync() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const offEvent = onRealtimeEvent((event) => {
      applyRealtimeEvent(event, { queryClient });
      if (event.type === 'alert.created') toast.warning(event.message, { description: 'Details in Settings → Integrations.' });
    });
    const offReconnect = onRealtimeReconnect(() => {
      // Drafts may have finished or been cancelled while we were away; the refetch reseeds them.
      resyncConversations(queryClient);
    });
    const online = () => realtime.reconnectNow();
    window.addEventListener('online', online);
    realtime.start();
    return () => {
      window.removeEventListener('online', online);
      offEvent();
      offReconnect();
      realtime.stop();
      useLiveStore.getState().reset();
    };
  }, [queryClient]);
  return null;
}
