import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EMPTY_CONVERSATION_FILTERS } from '../lib/emptyFilters';
import type { ConversationFilters } from '../types/conversation';

const KEYS = Object.keys(EMPTY_CONVERSATION_FILTERS) as (keyof ConversationFilters)[];

/** Conversation list filters in the URL, so a view can be shared and survives reloads. */
export function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<ConversationFilters>(() => {
    const out = { ...EMPTY_CONVERSATION_FILTERS };
    for (const key of KEYS) (out as Record<string, string>)[key] = params.get(key) ?? '';
    return out;
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<ConversationFilters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const key of KEYS) {
            if (!(key in patch)) continue;
            const value = patch[key];
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { filters, setFilters };
}
