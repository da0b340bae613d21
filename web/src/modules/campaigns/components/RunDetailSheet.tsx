import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Pause, Play, RotateCw, Square } from 'lucide-react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { formatDateTime } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { runAction, type RunAction } from '../api/runAction';
import { useRun } from '../hooks/useRuns';
import { logLines } from '../lib/logLines';
import type { Run } from '../types/campaign';
import { RunStatusBadge } from './CampaignStatusBadge';

const ACTIONS: { action: RunAction; label: string; icon: typeof Pause; when: (run: Run) => boolean }[] = [
  { action: 'pause', label: 'Pause', icon: Pause, when: (r) => r.status === 'active' || r.status === 'waiting' },
  { action: 'resume', label: 'Resume', icon: Play, when: (r) => r.status === 'paused' },
  { action: 'retry', label: 'Retry', icon: RotateCw, when: (r) => r.status === 'failed' },
  { action: 'cancel', label: 'Cancel run', icon: Square, when: (r) => ['active', 'waiting', 'paused', 'failed'].includes(r.status) },
];

/** One lead's run: each step it went through, with branch, attempts, errors and log lines. */
export function RunDetailSheet({ runId, onClose, canEdit }: { runId: string | null; onClose: () => void; canEdit: boolean }) {
  const run = useRun(runId);
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: RunAction) => runAction(runId!, action),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs.detail(runId!) });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'runs'] });
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't change the run."),
  });

  return (
    <Sheet open={!!runId} onOpenChange={(open) => !open && onClose()}>
      <SheetContent className="gap-4 overflow-y-auto p-5" data-testid="run-detail">
        {run.isPending ? (
          <div className="grid gap-3" aria-busy="true">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-24" />
            <Skeleton className="h-24" />
          </div>
        ) : run.isError ? (
          <ErrorState compact error={run.error} title="Couldn't load the run" onRetry={() => run.refetch()} />
        ) : (
          <>
            <div className="grid gap-1 pr-8">
              <SheetTitle className="flex items-center gap-2">
                {run.data.lead_name || run.data.lead_id}
                <RunStatusBadge status={run.data.status} />
              </SheetTitle>
              <SheetDescription>
                Version {run.data.workflow_version} · started {formatDateTime(run.data.started_at ? new Date(run.data.started_at) : null)}
                {run.data.exit_reason && ` · exited: ${run.data.exit_reason.replace(/_/g, ' ')}`}
              </SheetDescription>
            </div>
            {run.data.error && <p className="rounded-lg bg-danger-tint px-3 py-2 text-[13px] text-danger">{run.data.error}</p>}
            {canEdit && (
              <div className="flex flex-wrap gap-2">
                {ACTIONS.filter((a) => a.when(run.data)).map(({ action, label, icon: Icon }) => (
                  <Button key={action} size="sm" variant={action === 'cancel' ? 'ghost' : 'secondary'} loading={act.isPending && act.variables === action} onClick={() => act.mutate(action)}>
                    <Icon aria-hidden />
                    {label}
                  </Button>
                ))}
              </div>
            )}
            <ol className="relative grid gap-3 border-l border-border pl-4" aria-label="Steps">
              {run.data.node_runs.map((step, i) => (
                <li key={`${step.node_id}-${step.attempt}-${i}`} className="relative grid gap-1" data-testid="node-run">
                  <span className={cn('absolute -left-[21px] top-1.5 size-2.5 rounded-full border-2 border-popover', step.status === 'failed' ? 'bg-danger' : step.status === 'succeeded' ? 'bg-success' : 'bg-warning')} aria-hidden />
                  <div className="flex flex-wrap items-center gap-2 text-[13px]">
                    <span className="font-medium">{step.node_type.replace(/_/g, ' ')}</span>
                    <span className="font-mono text-[11px] text-muted-foreground">{step.node_id}</span>
                    <RunStatusBadge status={step.status} />
                    {step.branch && <span className="text-xs text-muted-foreground">→ {step.branch}</span>}
                    {step.attempt > 1 && <span className="text-xs text-warning">attempt {step.attempt}</span>}
                  </div>
                  <p className="text-xs tabular-nums text-muted-foreground">
                    {formatDateTime(step.started_at ? new Date(step.started_at) : null)}
                    {step.finished_at && ` → ${formatDateTime(new Date(step.finished_at))}`}
                  </p>
                  {step.error && <p className="text-xs text-danger">{step.error}</p>}
                  {logLines(step.log).length > 0 && (
                    <pre className="scrollbar-thin overflow-x-auto rounded-md bg-muted px-2 py-1.5 font-mono text-[11px] leading-4 text-muted-foreground">{logLines(step.log).join('\n')}</pre>
                  )}
                  {(step.output != null || step.input != null) && (
                    <details className="text-xs">
                      <summary className="focus-ring w-fit cursor-pointer rounded text-muted-foreground hover:text-foreground">Input and output</summary>
                      <pre className="scrollbar-thin mt-1 max-h-48 overflow-auto rounded-md bg-muted px-2 py-1.5 font-mono text-[11px] leading-4">{JSON.stringify({ input: step.input, output: step.output }, null, 2)}</pre>
                    </details>
                  )}
                </li>
              ))}
              {!run.data.node_runs.length && <li className="text-[13px] text-muted-foreground">No steps have run yet.</li>}
            </ol>
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}
