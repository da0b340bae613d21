import { create } from 'zustand';
import type { ConnectionStatus } from './createRealtimeClient';

interface ConnectionState {
  status: ConnectionStatus;
  /** When the socket last said hello (epoch ms), for the indicator's tooltip. */
  connectedAt: number | null;
  /** Conversations the server confirmed (`subscribed`) on the current connection. */
  subscribed: Record<string, true>;
  setStatus: (status: ConnectionStatus) => void;
  markSubscribed: (conversationId: string, on: boolean) => void;
}

/** The live connection's state, for the shell indicator and for views that want to know. */
export const useConnectionStore = create<ConnectionState>((set) => ({
  status: 'idle',
  connectedAt: null,
  subscribed: {},
  setStatus: (status) =>
    set((s) => ({ status, connectedAt: status === 'open' ? Date.now() : s.connectedAt, subscribed: status === 'open' ? s.subscribed : {} })),
  markSubscribed: (conversationId, on) =>
    set((s) => {
      if (on === !!s.subscribed[conversationId]) return s;
      const subscribed = { ...s.subscribed };
      if (on) subscribed[conversationId] = true;
      else delete subscribed[conversationId];
      return { subscribed };
    }),
}));
