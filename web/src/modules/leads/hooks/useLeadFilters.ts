import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { defaultFilters } from '../lib/defaultFilters';
import type { LeadFilters, SortValue } from '../types/lead';

const KEYS = Object.keys(defaultFilters) as (keyof LeadFilters)[];

/** Filters live in the URL so views are shareable and survive reloads. */
export function useLeadFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<LeadFilters>(() => {
    const dnc = params.get('do_not_contact');
    return {
      q: params.get('q') ?? '',
      stage: params.get('stage') ?? '',
      tag: params.get('tag') ?? '',
      owner_id: params.get('owner_id') ?? '',
      consent: params.get('consent') ?? '',
      do_not_contact: dnc === 'true' || dnc === 'false' ? dnc : '',
      sort: (params.get('sort') as SortValue | null) ?? defaultFilters.sort,
    };
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<LeadFilters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const key of KEYS) {
            if (!(key in patch)) continue;
            const value = patch[key];
            if (!value || value === defaultFilters[key]) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const openLeadId = params.get('lead');
  const setOpenLeadId = useCallback(
    (id: string | null) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id) next.set('lead', id);
          else next.delete('lead');
          return next;
        },
        { replace: !id },
      );
    },
    [setParams],
  );

  return { filters, setFilters, openLeadId, setOpenLeadId };
}
