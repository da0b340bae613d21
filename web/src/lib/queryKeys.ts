import type { LeadFilters } from '@/modules/leads/types/lead';

/** Every TanStack Query key in one place, so invalidation is never a guess. */
export const queryKeys = {
  me: ['me'] as const,
  dashboard: ['dashboard'] as const,
  leads: {
    all: ['leads'] as const,
    list: (filters: LeadFilters) => ['leads', 'list', filters] as const,
    detail: (id: string) => ['leads', 'detail', id] as const,
    search: (q: string) => ['leads', 'search', q] as const,
  },
  imports: {
    job: (id: string) => ['imports', id] as const,
    rejections: (id: string) => ['imports', id, 'rejections'] as const,
  },
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  invitation: (token: string) => ['invitation', token] as const,
};
