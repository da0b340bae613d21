import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Lead, Page } from '../types/lead';

/** Update (or remove, when `next` is null) one lead in every cached list, in place. */
export function patchLeadLists(queryClient: QueryClient, id: string, next: Lead | null): void {
  queryClient.setQueriesData<InfiniteData<Page<Lead>>>({ queryKey: ['leads', 'list'] }, (data) => {
    if (!data) return data;
    let removed = false;
    const pages = data.pages.map((page) => {
      const idx = page.items.findIndex((l) => l.id === id);
      if (idx === -1) return page;
      const items = page.items.slice();
      if (next) items[idx] = next;
      else {
        items.splice(idx, 1);
        removed = true;
      }
      return { ...page, items };
    });
    return {
      ...data,
      pages: removed ? pages.map((p) => ({ ...p, total: Math.max(0, p.total - 1) })) : pages,
    };
  });
}
