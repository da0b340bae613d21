import { api } from '@/lib/api/api';
import type { ServerEvent } from '@/modules/inbox/types/realtimeEvents';
import { createRealtimeClient } from './createRealtimeClient';
import { useConnectionStore } from './useConnectionStore';

type Listener = (event: ServerEvent) => void;
const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();

function socketUrl(token: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/ws?token=${encodeURIComponent(token)}`;
}

/** The app-wide live connection (one per tab). The shell starts it; features listen. */
export const realtime = createRealtimeClient({
  url: socketUrl,
  getToken: () => api.tokens.getAccess(),
  refreshToken: () => api.refresh(),
  onEvent: (event) => {
    if (event.type === 'subscribed') useConnectionStore.getState().markSubscribed(event.conversation_id, true);
    for (const listener of listeners) listener(event);
  },
  onStatus: (status) => useConnectionStore.getState().setStatus(status),
  onReconnected: () => {
    for (const listener of reconnectListeners) listener();
  },
});

/** Receive every server event; returns the unsubscribe function. */
export function onRealtimeEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called after a reconnect (events may have been missed while away). */
export function onRealtimeReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
