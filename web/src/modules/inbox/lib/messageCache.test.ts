import { describe, expect, it } from 'vitest';
import { applyMessageStatus, flattenMessages, OPTIMISTIC_PREFIX, removeMessage, statusMovesForward, upsertMessage, type MessagesData } from './messageCache';
import { message } from './testFixtures';

function data(...pages: ReturnType<typeof message>[][]): MessagesData {
  return { pages: pages.map((items, i) => ({ items, has_more: i < pages.length - 1 })), pageParams: pages.map((_, i) => (i ? 'x' : undefined)) };
}

const ids = (d: MessagesData | undefined) => flattenMessages(d).map((m) => m.id);

describe('message cache', () => {
  it('flattens pages oldest first (pages[0] is the newest page)', () => {
    const d = data([message('m3', 3), message('m4', 4)], [message('m1', 1), message('m2', 2)]);
    expect(ids(d)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('inserts a new message in time order into the newest page, once', () => {
    const d = data([message('m1', 1), message('m3', 3)]);
    const once = upsertMessage(d, message('m2', 2));
    expect(ids(once)).toEqual(['m1', 'm2', 'm3']);
    expect(ids(upsertMessage(once, message('m2', 2)))).toEqual(['m1', 'm2', 'm3']);
  });

  it('leaves an unloaded thread unloaded', () => {
    expect(upsertMessage(undefined, message('m1', 1))).toBeUndefined();
  });

  it('replaces the optimistic copy with the server message when the POST answers', () => {
    const optimistic = message(`${OPTIMISTIC_PREFIX}1`, 5, { direction: 'outbound', status: 'queued', text: 'Hello', pending: true });
    const d = upsertMessage(data([message('m1', 1)]), optimistic);
    const server = message('srv-1', 6, { direction: 'outbound', status: 'queued', text: 'Hello' });
    const next = upsertMessage(d, server, optimistic.id);
    expect(ids(next)).toEqual(['m1', 'srv-1']);
    expect(flattenMessages(next)[1].pending).toBe(false);
  });

  it('reconciles when the WebSocket delivers the message before the POST answers', () => {
    const optimistic = message(`${OPTIMISTIC_PREFIX}1`, 5, { direction: 'outbound', status: 'queued', text: 'Hello', pending: true });
    let d = upsertMessage(data([message('m1', 1)]), optimistic);
    // The event carries the real id and already a later status.
    d = upsertMessage(d, message('srv-1', 6, { direction: 'outbound', status: 'sent', text: 'Hello' }));
    expect(ids(d)).toEqual(['m1', 'srv-1']);
    // Then the POST answers with the same message, still "queued": no duplicate, no regression.
    d = upsertMessage(d, message('srv-1', 6, { direction: 'outbound', status: 'queued', text: 'Hello' }), optimistic.id);
    expect(ids(d)).toEqual(['m1', 'srv-1']);
    expect(flattenMessages(d)[1].status).toBe('sent');
  });

  it('does not swap an optimistic message for a different text', () => {
    const optimistic = message(`${OPTIMISTIC_PREFIX}1`, 5, { direction: 'outbound', status: 'queued', text: 'Hello', pending: true });
    const d = upsertMessage(upsertMessage(data([]), optimistic), message('other', 6, { direction: 'outbound', text: 'Something else' }));
    expect(ids(d)).toEqual([optimistic.id, 'other']);
  });

  it('moves delivery status forward only', () => {
    let d = data([message('m1', 1, { direction: 'outbound', status: 'queued' })]);
    d = applyMessageStatus(d, 'm1', 'delivered', null)!;
    expect(flattenMessages(d)[0].status).toBe('delivered');
    const late = applyMessageStatus(d, 'm1', 'sent', null);
    expect(late).toBe(d);
    expect(flattenMessages(applyMessageStatus(d, 'm1', 'read', null))[0].status).toBe('read');
    expect(statusMovesForward('sent', 'failed')).toBe(true);
    expect(statusMovesForward('delivered', 'failed')).toBe(false);
  });

  it('keeps the error text of a failed send', () => {
    const d = applyMessageStatus(data([message('m1', 1, { direction: 'outbound', status: 'sending' })]), 'm1', 'failed', 'number unreachable');
    expect(flattenMessages(d)[0]).toMatchObject({ status: 'failed', error: 'number unreachable' });
  });

  it('removes a message by id', () => {
    expect(ids(removeMessage(data([message('a', 1), message('b', 2)]), 'a'))).toEqual(['b']);
  });
});
