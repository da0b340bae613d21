import { FileSpreadsheet, SearchX } from 'lucide-react';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { isApiError } from '@/lib/api/ApiError';
import { useUiStore } from '@/modules/shell/stores/useUiStore';
import { exportLeads } from '../api/exportLeads';
import { useLeadFilters } from '../hooks/useLeadFilters';
import { useLeadsInfinite } from '../hooks/useLeadsInfinite';
import { LeadDrawer } from './LeadDrawer';
import { LeadsTable } from './LeadsTable';
import { LeadsToolbar } from './LeadsToolbar';

export function LeadsPage() {
  const { filters, setFilters, openLeadId, setOpenLeadId } = useLeadFilters();
  const query = useLeadsInfinite(filters);
  const setCreateOpen = useUiStore((s) => s.setCreateLeadOpen);
  const setImportOpen = useUiStore((s) => s.setImportOpen);
  const [exporting, setExporting] = useState(false);

  const leads = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? null;
  const filtered = !!(filters.q || filters.stage || filters.tag || filters.owner_id || filters.consent || filters.do_not_contact);

  async function onExport() {
    setExporting(true);
    try {
      const name = await exportLeads(filters);
      toast.success(`Exported ${name}`);
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't export leads.");
    } finally {
      setExporting(false);
    }
  }

  let body;
  if (query.isError && !query.data) {
    body = <ErrorState error={query.error} title="Couldn't load leads" onRetry={() => query.refetch()} retrying={query.isFetching} />;
  } else if (query.data && total === 0 && !query.isPlaceholderData) {
    body = filtered ? (
      <EmptyState
        icon={SearchX}
        title="No leads match"
        description="Nothing matches this search and these filters. Try fewer filters or a shorter search."
        action={
          <Button onClick={() => setFilters({ q: '', stage: '', tag: '', owner_id: '', consent: '', do_not_contact: '' })}>Clear search and filters</Button>
        }
      />
    ) : (
      <EmptyState
        icon={FileSpreadsheet}
        title="No leads yet"
        description="Import a CSV from your CRM or spreadsheet — we'll map the columns, validate every row and skip duplicates."
        action={
          <>
            <WriteGuard>
              <Button variant="primary" onClick={() => setImportOpen(true)}>
                Import CSV
              </Button>
            </WriteGuard>
            <WriteGuard>
              <Button onClick={() => setCreateOpen(true)}>Add one by hand</Button>
            </WriteGuard>
          </>
        }
      />
    );
  } else {
    body = (
      <LeadsTable
        leads={leads}
        total={total ?? 0}
        loading={!query.data}
        hasNextPage={!!query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        fetchNextPage={() => void query.fetchNextPage()}
        sort={filters.sort}
        onSortChange={(sort) => setFilters({ sort })}
        onOpen={(lead) => setOpenLeadId(lead.id)}
        activeId={openLeadId}
      />
    );
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <LeadsToolbar
        filters={filters}
        onChange={setFilters}
        total={total}
        onNewLead={() => setCreateOpen(true)}
        onImport={() => setImportOpen(true)}
        onExport={onExport}
        exporting={exporting}
      />
      <div className={query.isPlaceholderData ? 'flex min-h-0 flex-1 flex-col opacity-60 transition-opacity' : 'flex min-h-0 flex-1 flex-col'}>{body}</div>
      <LeadDrawer leadId={openLeadId} onClose={() => setOpenLeadId(null)} />
    </div>
  );
}
