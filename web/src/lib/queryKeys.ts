import type { ConversationFilters } from '@/modules/inbox/types/conversation';
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
  conversations: {
    all: ['conversations'] as const,
    lists: ['conversations', 'list'] as const,
    list: (filters: ConversationFilters) => ['conversations', 'list', filters] as const,
    detail: (id: string) => ['conversations', 'detail', id] as const,
    messages: (id: string) => ['conversations', 'messages', id] as const,
  },
  templates: (channel: string) => ['templates', channel] as const,
  agents: { all: ['agents'] as const },
  personas: ['personas'] as const,
  llmRequests: (agentId: string) => ['llm-requests', agentId] as const,
  aiSettings: ['settings', 'ai'] as const,
  workflows: {
    all: ['workflows'] as const,
    list: ['workflows', 'list'] as const,
    detail: (id: string) => ['workflows', 'detail', id] as const,
    versions: (id: string) => ['workflows', 'versions', id] as const,
    version: (id: string, version: number) => ['workflows', 'versions', id, version] as const,
  },
  workflowTemplates: ['workflow-templates'] as const,
  whatsappTemplates: ['whatsapp-templates'] as const,
  webhookEndpoints: ['webhook-endpoints'] as const,
  campaigns: {
    all: ['campaigns'] as const,
    list: ['campaigns', 'list'] as const,
    detail: (id: string) => ['campaigns', 'detail', id] as const,
    stats: (id: string) => ['campaigns', 'stats', id] as const,
    runs: (id: string, status: string) => ['campaigns', 'runs', id, status] as const,
  },
  runs: { detail: (id: string) => ['runs', id] as const },
  leadImports: ['lead-imports'] as const,
};
