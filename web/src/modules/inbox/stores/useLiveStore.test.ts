import { beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../types/conversation';
import { TYPING_TTL_MS, useLiveStore } from './useLiveStore';

const draft = (id: string, status: Draft['status'], text: string): Draft => ({
  id,
  conversation_id: 'c1',
  status,
  channel: 'sandbox',
  text,
  agent_id: null,
  generator: 'offline',
  offline: true,
  in_reply_to: null,
  created_at: 1,
  updated_at: 1,
});

beforeEach(() => useLiveStore.getState().reset());

describe('live store', () => {
  it('seeds open drafts from the server, keeping text streamed past the snapshot', () => {
    const s = useLiveStore.getState();
    s.appendDelta('c1', 'd1', 'Hello the');
    s.appendDelta('c1', 'd1', 're, Ada');
    s.appendDelta('c1', 'gone', 'stale');
    s.seedDrafts('c1', [draft('d1', 'streaming', 'Hello'), draft('d2', 'ready', 'Done'), draft('d3', 'approved', 'Sent already')]);
    const drafts = useLiveStore.getState().drafts.c1;
    expect(Object.keys(drafts).sort()).toEqual(['d1', 'd2']);
    expect(drafts.d1.text).toBe('Hello there, Ada');
    expect(drafts.d2.text).toBe('Done');
  });

  it('a ready or closed draft wins over the streamed copy', () => {
    const s = useLiveStore.getState();
    s.appendDelta('c1', 'd1', 'Partial');
    s.putDraft(draft('d1', 'ready', 'Partial answer, complete.'));
    expect(useLiveStore.getState().drafts.c1.d1.status).toBe('ready');
    s.putDraft(draft('d1', 'discarded', ''));
    expect(useLiveStore.getState().drafts.c1.d1).toBeUndefined();
  });

  it('keeps one typing entry per person and drops expired ones', () => {
    const s = useLiveStore.getState();
    s.setTyping('c1', { kind: 'human', user_id: 'u1', name: 'Grace' }, 1000);
    s.setTyping('c1', { kind: 'human', user_id: 'u1', name: 'Grace' }, 2000);
    s.setTyping('c1', { kind: 'ai' }, 2000);
    expect(useLiveStore.getState().typing.c1.map((t) => t.key)).toEqual(['human:u1', 'ai']);
    s.setTyping('c1', { kind: 'human', user_id: 'u2', name: 'Lin' }, 2000 + TYPING_TTL_MS + 1);
    expect(useLiveStore.getState().typing.c1.map((t) => t.key)).toEqual(['human:u2']);
    s.clearTyping('c1', 'human');
    expect(useLiveStore.getState().typing.c1).toEqual([]);
  });
});
