import { useCallback, useRef } from 'react';
import { realtime } from '@/lib/realtime/realtime';

const EVERY_MS = 3_000;

/** Tell other viewers this person is typing, at most once every few seconds. */
export function useTypingSignal(conversationId: string) {
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < EVERY_MS) return;
    last.current = now;
    realtime.send({ type: 'typing', conversation_id: conversationId });
  }, [conversationId]);
}
