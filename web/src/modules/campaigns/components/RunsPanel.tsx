import { Users } from 'lucide-react';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { SkeletonRows } from '@/components/SkeletonRows';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatRelative } from '@/lib/format';
import { OptionSelect } from '@/modules/workflows/components/inspector/OptionSelect';
import { useRuns } from '../hooks/useRuns';
import { RUN_STATUS } from '../lib/statusLabels';
import { RUN_STATUSES } from '../types/campaign';
import { RunStatusBadge } from './CampaignStatusBadge';
import { RunDetailSheet } from './RunDetailSheet';

const ALL = 'all';

/** Every lead's run in the campaign, filterable by status; a row opens the run's timeline. */
export function RunsPanel({ campaignId, canEdit }: { campaignId: string; canEdit: boolean }) {
  const [status, setStatus] = useState(ALL);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const runs = useRuns(campaignId, status === ALL ? '' : status);
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (runs.isPending) {
    body = <SkeletonRows count={4} className="p-4" rowClassName="h-8" />;
  } else if (runs.isError) {
    body = <ErrorState compact error={runs.error} title="Couldn't load runs" onRetry={() => runs.refetch()} />;
  } else if (!items.length) {
    body = (
      <EmptyState
        compact
        icon={Users}
        title={status === ALL ? 'No runs yet' : `No ${RUN_STATUS[status]?.label.toLowerCase() ?? status} runs`}
        description={status === ALL ? 'Each lead gets a run when the campaign launches and enrols them.' : 'Try another status.'}
      />
    );
  } else {
    body = (
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Lead</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden sm:table-cell">Current step</TableHead>
            <TableHead className="hidden md:table-cell">Next</TableHead>
            <TableHead className="hidden md:table-cell">Started</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((run) => (
            <TableRow key={run.id} data-testid="run-row" data-status={run.status} className="cursor-pointer" onClick={() => setOpenRun(run.id)}>
              <TableCell className="max-w-0 w-1/3">
                <button type="button" className="focus-ring block max-w-full truncate rounded-sm text-left font-medium hover:underline" onClick={() => setOpenRun(run.id)}>
                  {run.lead_name || run.lead_id}
                </button>
              </TableCell>
              <TableCell>
                <RunStatusBadge status={run.status} />
              </TableCell>
              <TableCell className="hidden font-mono text-xs text-muted-foreground sm:table-cell">{run.current_node ?? '—'}</TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">
                {run.status === 'waiting' && run.wake_at ? `wakes ${formatRelative(new Date(run.wake_at))}` : run.exit_reason ? `exit: ${run.exit_reason.replace(/_/g, ' ')}` : run.error ? <span className="text-danger">{run.error}</span> : '—'}
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{run.started_at ? formatRelative(new Date(run.started_at)) : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <Card className="overflow-hidden p-0">
      <div className="flex items-center justify-between gap-3 border-b border-border px-4 py-2.5">
        <h2 className="text-sm font-semibold">Runs</h2>
        <div className="w-40">
          <OptionSelect
            id="runs-status"
            aria-label="Filter runs by status"
            size="sm"
            value={status}
            onChange={setStatus}
            options={[{ value: ALL, label: 'All statuses' }, ...RUN_STATUSES.map((s) => ({ value: s, label: RUN_STATUS[s].label }))]}
          />
        </div>
      </div>
      {body}
      {runs.hasNextPage && (
        <div className="border-t border-border p-2 text-center">
          <Button variant="ghost" size="sm" loading={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
      <RunDetailSheet runId={openRun} onClose={() => setOpenRun(null)} canEdit={canEdit} />
    </Card>
  );
}
