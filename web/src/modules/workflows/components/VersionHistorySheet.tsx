import { useMutation, useQueryClient } from '@tanstack/react-query';
import { History, Minus, Pencil, Plus, RotateCcw } from 'lucide-react';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { SkeletonRows } from '@/components/SkeletonRows';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { formatDateTime } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { restoreVersion } from '../api/restoreVersion';
import { useVersion, useVersions } from '../hooks/useVersions';
import { fromFlow } from '../lib/graphConversion';
import { diffGraphs, isEmptyDiff, type DiffEntry } from '../lib/versionDiff';
import { useBuilderStore } from '../stores/useBuilderStore';
import { DEFAULT_EXIT_RULES } from '../types/graph';

// The diff is about steps and connections; exit rules don't take part.
const DEFAULT_SETTINGS = { exit_on: DEFAULT_EXIT_RULES };

interface VersionHistorySheetProps {
  workflowId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  canEdit: boolean;
}

const WHAT: Record<NonNullable<DiffEntry['what']>[number], string> = { settings: 'settings', connections: 'connections', type: 'step type' };

/** Published versions, what the draft changes compared with one, and Restore. */
export function VersionHistorySheet({ workflowId, open, onOpenChange, canEdit }: VersionHistorySheetProps) {
  const versions = useVersions(workflowId, open);
  const [picked, setPicked] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const selected = picked ?? versions.data?.[0]?.version ?? null;
  const version = useVersion(workflowId, selected);
  const queryClient = useQueryClient();
  const nodes = useBuilderStore((s) => s.nodes);
  const edges = useBuilderStore((s) => s.edges);
  const draft = useMemo(() => (open ? fromFlow(nodes, edges, DEFAULT_SETTINGS) : null), [open, nodes, edges]);
  const diff = version.data && draft ? diffGraphs(version.data.graph, draft) : null;

  const restore = useMutation({
    mutationFn: () => restoreVersion(workflowId, selected!),
    onSuccess: (workflow) => {
      useBuilderStore.getState().load(workflow.draft);
      queryClient.setQueryData(queryKeys.workflows.detail(workflowId), workflow);
      toast.success(`The draft is now version ${selected}`);
      setConfirming(false);
      onOpenChange(false);
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't restore that version."),
  });

  let list;
  if (versions.isPending) {
    list = <SkeletonRows rowClassName="h-12" />;
  } else if (versions.isError) {
    list = <ErrorState compact error={versions.error} title="Couldn't load versions" onRetry={() => versions.refetch()} />;
  } else if (!versions.data.length) {
    list = <EmptyState compact icon={History} title="Nothing published yet" description="Publish the draft to create version 1. Campaigns run published versions only." />;
  } else {
    list = (
      <ul className="grid gap-1" aria-label="Versions">
        {versions.data.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              aria-pressed={v.version === selected}
              onClick={() => setPicked(v.version)}
              className={cn('focus-ring grid w-full gap-0.5 rounded-md px-3 py-2 text-left hover:bg-hover', v.version === selected && 'bg-primary-tint')}
            >
              <span className="flex items-baseline justify-between gap-2 text-[13px] font-medium">
                Version {v.version}
                <span className="text-xs font-normal tabular-nums text-muted-foreground">{formatDateTime(new Date(v.published_at))}</span>
              </span>
              <span className="truncate text-xs text-muted-foreground">{v.note || `${v.node_count} steps`}</span>
            </button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent className="gap-4 overflow-y-auto p-5">
        <div className="grid gap-1 pr-8">
          <SheetTitle>Version history</SheetTitle>
          <SheetDescription>Compare the draft with a published version, or make that version the draft again.</SheetDescription>
        </div>
        {list}
        {selected !== null && (
          <section className="grid gap-3 border-t border-border pt-4" aria-label={`Draft compared with version ${selected}`} data-testid="version-diff">
            <h3 className="text-[13px] font-semibold">Draft vs version {selected}</h3>
            {!diff ? (
              <Skeleton className="h-16" />
            ) : isEmptyDiff(diff) ? (
              <p className="text-[13px] text-muted-foreground">The draft has the same steps and connections as this version.</p>
            ) : (
              <ul className="grid gap-1 text-[13px]">
                {diff.added.map((d) => (
                  <li key={`a-${d.id}`} className="flex items-center gap-2 text-success">
                    <Plus className="size-3.5" aria-label="Added" /> {d.name}
                  </li>
                ))}
                {diff.removed.map((d) => (
                  <li key={`r-${d.id}`} className="flex items-center gap-2 text-danger">
                    <Minus className="size-3.5" aria-label="Removed" /> {d.name}
                  </li>
                ))}
                {diff.changed.map((d) => (
                  <li key={`c-${d.id}`} className="flex items-center gap-2 text-warning">
                    <Pencil className="size-3.5" aria-label="Changed" /> {d.name}
                    <span className="text-xs text-muted-foreground">({d.what!.map((w) => WHAT[w]).join(', ')})</span>
                  </li>
                ))}
              </ul>
            )}
            {canEdit && (
              <Button className="justify-self-start" onClick={() => setConfirming(true)}>
                <RotateCcw aria-hidden />
                Restore version {selected}
              </Button>
            )}
          </section>
        )}
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Restore version ${selected}?`}
          description="The draft is replaced by this version's steps. Published versions and running campaigns are not affected."
          confirmLabel="Restore"
          destructive={false}
          loading={restore.isPending}
          onConfirm={() => restore.mutate()}
        />
      </SheetContent>
    </Sheet>
  );
}
