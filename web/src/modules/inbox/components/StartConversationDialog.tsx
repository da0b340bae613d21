import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { Avatar } from '@/components/ui/avatar';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { listLeads } from '@/modules/leads/api/listLeads';
import { defaultFilters } from '@/modules/leads/lib/defaultFilters';
import { getLeadConversation } from '../api/getLeadConversation';

/** Pick a lead to open (or create) their conversation. */
export function StartConversationDialog({ open, onOpenChange, onOpened }: { open: boolean; onOpenChange: (open: boolean) => void; onOpened: (conversationId: string) => void }) {
  const [q, setQ] = useState('');
  const [opening, setOpening] = useState<string | null>(null);
  const debounced = useDebouncedValue(q, 200);
  const leads = useQuery({
    queryKey: queryKeys.leads.search(`conversation:${debounced}`),
    queryFn: ({ signal }) => listLeads({ ...defaultFilters, q: debounced }, { limit: 8, offset: 0 }, signal),
    enabled: open,
  });

  async function openLead(leadId: string) {
    setOpening(leadId);
    try {
      const conversation = await getLeadConversation(leadId);
      onOpenChange(false);
      onOpened(conversation.id);
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't open the conversation.");
    } finally {
      setOpening(null);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Start a conversation</DialogTitle>
          <DialogDescription>Choose a lead. Every lead has one conversation across all channels.</DialogDescription>
        </DialogHeader>
        <DialogBody className="grid gap-2 pb-4">
          <Input autoFocus type="search" aria-label="Search leads" placeholder="Search leads by name, email or phone" value={q} onChange={(e) => setQ(e.target.value)} />
          <ul className="grid min-h-40 content-start gap-0.5" aria-label="Leads" aria-busy={leads.isFetching || undefined}>
            {leads.isPending ? (
              <li className="flex justify-center py-6">
                <Spinner label="Searching leads" />
              </li>
            ) : !leads.data?.items.length ? (
              <li className="py-6 text-center text-[13px] text-muted-foreground">No leads match.</li>
            ) : (
              leads.data.items.map((l) => (
                <li key={l.id}>
                  <button
                    type="button"
                    disabled={!!opening}
                    onClick={() => void openLead(l.id)}
                    className="focus-ring flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left hover:bg-hover disabled:opacity-60"
                  >
                    <Avatar name={l.full_name || l.email} size="sm" />
                    <span className="grid min-w-0 flex-1 leading-tight">
                      <span className="truncate text-[13px] font-medium">{l.full_name || l.email || l.phone}</span>
                      <span className="truncate text-xs text-muted-foreground">{l.company?.name ?? l.email ?? l.phone}</span>
                    </span>
                    {opening === l.id && <Spinner label="Opening" />}
                  </button>
                </li>
              ))
            )}
          </ul>
        </DialogBody>
      </DialogContent>
    </Dialog>
  );
}
