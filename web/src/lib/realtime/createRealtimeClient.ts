import type { ClientFrame, ServerEvent } from '@/modules/inbox/types/realtimeEvents';
import { reconnectDelay, tokenExpired } from './backoff';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RealtimeClientOptions {
  /** The socket URL for an access token, e.g. `wss://host/api/ws?token=…`. */
  url: (token: string) => string;
  getToken: () => string | null;
  /** Exchange the refresh token for a fresh access token; false when the session is gone. */
  refreshToken: () => Promise<boolean>;
  onEvent: (event: ServerEvent) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** After the server's `hello` on a connection that is not the first: events were missed. */
  onReconnected?: () => void;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  /** How often the client pings, and how long it waits for any frame before giving up. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
}

export interface RealtimeClient {
  start(): void;
  stop(): void;
  /** Reference-counted: two views of one conversation share one subscription. */
  subscribe(conversationId: string): () => void;
  send(frame: ClientFrame): boolean;
  /** Drop the backoff and connect now (e.g. the browser came back online). */
  reconnectNow(): void;
  status(): ConnectionStatus;
}

/**
 * One WebSocket per tab to the conversation hub. Reconnects with exponential backoff and
 * jitter, reads the access token at every attempt (so a refreshed token is picked up), asks
 * for a refresh when a connection is refused before opening, pings to detect dead links, and
 * re-subscribes to open conversations after every reconnect.
 */
export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const {
    url,
    getToken,
    refreshToken,
    onEvent,
    onStatus,
    onReconnected,
    random = Math.random,
    pingIntervalMs = 15_000,
    pongTimeoutMs = 10_000,
  } = options;
  const subscriptions = new Map<string, number>();
  let socket: WebSocket | null = null;
  let state: ConnectionStatus = 'idle';
  let running = false;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let deadTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshedThisStreak = false;

  const Impl = () => options.WebSocketImpl ?? globalThis.WebSocket;

  function setStatus(next: ConnectionStatus) {
    if (state === next) return;
    state = next;
    onStatus?.(next);
  }

  function clearTimers() {
    if (retryTimer) clearTimeout(retryTimer);
    if (pingTimer) clearInterval(pingTimer);
    if (deadTimer) clearTimeout(deadTimer);
    retryTimer = pingTimer = deadTimer = null;
  }

  function rawSend(frame: ClientFrame): boolean {
    if (!socket || socket.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function scheduleReconnect() {
    if (!running) return;
    setStatus('reconnecting');
    const wait = reconnectDelay(attempt++, random);
    retryTimer = setTimeout(() => void connect(), wait);
  }

  async function connect() {
    retryTimer = null;
    if (!running) return;
    setStatus(everOpened ? 'reconnecting' : 'connecting');
    let token = getToken();
    if (token && tokenExpired(token)) {
      // The upgrade would be refused: refresh first, through the API client's shared refresh.
      const ok = await refreshToken().catch(() => false);
      if (!running) return;
      token = getToken();
      if (!ok && !token) {
        scheduleReconnect();
        return;
      }
    }
    if (!token) {
      scheduleReconnect();
      return;
    }
    let opened = false;
    const ws = new (Impl())(url(token));
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      refreshedThisStreak = false;
      for (const id of subscriptions.keys()) rawSend({ type: 'subscribe', conversation_id: id });
      pingTimer = setInterval(() => {
        rawSend({ type: 'ping' });
        if (!deadTimer) deadTimer = setTimeout(() => ws.close(4000, 'no pong'), pongTimeoutMs);
      }, pingIntervalMs);
    };
    ws.onmessage = (msg: MessageEvent) => {
      if (socket !== ws) return;
      if (deadTimer) {
        clearTimeout(deadTimer);
        deadTimer = null;
      }
      let event: ServerEvent;
      try {
        event = JSON.parse(String(msg.data)) as ServerEvent;
      } catch {
        return;
      }
      if (event.type === 'hello') {
        const reconnected = everOpened;
        everOpened = true;
        setStatus('open');
        onEvent(event);
        if (reconnected) onReconnected?.();
        return;
      }
      onEvent(event);
    };
    ws.onerror = () => {
      /* a close event always follows; that is where we react */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      clearTimers();
      if (!running) return;
      if (!opened && !refreshedThisStreak) {
        // Refused before opening: most often an expired token (the upgrade answers 401,
        // which browsers don't expose). Refresh once per failure streak, then back off.
        refreshedThisStreak = true;
        void refreshToken()
          .catch(() => false)
          .finally(() => scheduleReconnect());
        setStatus('reconnecting');
        return;
      }
      scheduleReconnect();
    };
  }

  return {
    start() {
      if (running) return;
      running = true;
      void connect();
    },
    stop() {
      running = false;
      clearTimers();
      const ws = socket;
      socket = null;
      ws?.close(1000, 'bye');
      setStatus('closed');
    },
    subscribe(conversationId) {
      const count = subscriptions.get(conversationId) ?? 0;
      subscriptions.set(conversationId, count + 1);
      if (count === 0) rawSend({ type: 'subscribe', conversation_id: conversationId });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (subscriptions.get(conversationId) ?? 1) - 1;
        if (left > 0) subscriptions.set(conversationId, left);
        else {
          subscriptions.delete(conversationId);
          rawSend({ type: 'unsubscribe', conversation_id: conversationId });
        }
      };
    },
    send: rawSend,
    reconnectNow() {
      // A socket exists (open or still connecting): nothing to hurry.
      if (!running || socket) return;
      if (retryTimer) clearTimeout(retryTimer);
      attempt = 0;
      void connect();
    },
    status: () => state,
  };
}
