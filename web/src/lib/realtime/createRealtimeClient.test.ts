import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '@/modules/inbox/types/realtimeEvents';
import { createRealtimeClient, type ConnectionStatus } from './createRealtimeClient';

/** A scriptable stand-in for the browser WebSocket. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.();
  }
  // test helpers
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(event: object) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
  refuse() {
    this.readyState = 3;
    this.onerror?.();
    this.onclose?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const hello = { type: 'hello', session_id: 's', user_id: 'u', workspace_id: 'w' };

function setup(opts: { token?: () => string | null; refresh?: () => Promise<boolean> } = {}) {
  FakeSocket.instances = [];
  const events: ServerEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  const onReconnected = vi.fn();
  let token = 'a1';
  const refreshToken = vi.fn(
    opts.refresh ??
      (async () => {
        token = 'a2';
        return true;
      }),
  );
  const client = createRealtimeClient({
    url: (t) => `ws://test/api/ws?token=${t}`,
    getToken: opts.token ?? (() => token),
    refreshToken,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    onReconnected,
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    random: () => 0.5,
    pingIntervalMs: 1000,
    pongTimeoutMs: 500,
  });
  const latest = () => FakeSocket.instances[FakeSocket.instances.length - 1];
  return { client, events, statuses, onReconnected, refreshToken, latest };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('realtime client', () => {
  it('connects with the access token and reports open after hello', async () => {
    const { client, latest, statuses, events } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe('ws://test/api/ws?token=a1');
    latest().open();
    expect(client.status()).toBe('connecting');
    latest().receive(hello);
    expect(client.status()).toBe('open');
    expect(statuses).toEqual(['connecting', 'open']);
    expect(events.map((e) => e.type)).toEqual(['hello']);
    client.stop();
  });

  it('sends subscribe once per conversation and unsubscribe when the last holder leaves', async () => {
    const { client, latest } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    const a = client.subscribe('c1');
    const b = client.subscribe('c1');
    expect(latest().sent).toEqual([{ type: 'subscribe', conversation_id: 'c1' }]);
    a();
    a(); // releasing twice is harmless
    expect(latest().sent).toHaveLength(1);
    b();
    expect(latest().sent).toEqual([
      { type: 'subscribe', conversation_id: 'c1' },
      { type: 'unsubscribe', conversation_id: 'c1' },
    ]);
    client.stop();
  });

  it('reconnects with backoff after a drop, re-subscribes, and signals the reconnect', async () => {
    const { client, latest, onReconnected } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = latest();
    first.open();
    first.receive(hello);
    client.subscribe('c1');
    first.drop();
    expect(client.status()).toBe('reconnecting');
    // attempt 0 with random 0.5: 250 + 125 = 375 ms
    await vi.advanceTimersByTimeAsync(374);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const second = latest();
    expect(second).not.toBe(first);
    second.open();
    expect(second.sent).toContainEqual({ type: 'subscribe', conversation_id: 'c1' });
    expect(onReconnected).not.toHaveBeenCalled();
    second.receive(hello);
    expect(onReconnected).toHaveBeenCalledTimes(1);
    client.stop();
  });

  it('refreshes the token when the upgrade is refused and retries with the new one', async () => {
    const { client, latest, refreshToken } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().refuse();
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(latest().url).toBe('ws://test/api/ws?token=a2');
    // A second refusal in the same streak backs off without hammering the refresh endpoint.
    latest().refuse();
    await vi.advanceTimersByTimeAsync(2000);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(FakeSocket.instances.length).toBe(3);
    client.stop();
  });

  it('pings and closes a link that stops answering', async () => {
    const { client, latest } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const ws = latest();
    ws.open();
    ws.receive(hello);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ws.sent).toContainEqual({ type: 'ping' });
    ws.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(ws.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(500);
    expect(ws.closedWith).toBe(4000);
    expect(client.status()).toBe('reconnecting');
    client.stop();
  });

  it('waits for a token instead of connecting without one', async () => {
    let token: string | null = null;
    const { client } = setup({ token: () => token });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.instances).toHaveLength(0);
    token = 'late';
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.instances).toHaveLength(1);
    client.stop();
    expect(client.status()).toBe('closed');
  });
});
