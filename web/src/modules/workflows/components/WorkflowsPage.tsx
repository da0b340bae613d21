import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileUp, LayoutTemplate, MoreHorizontal, Plus, Trash2, Workflow as WorkflowIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { SkeletonRows } from '@/components/SkeletonRows';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { isApiError } from '@/lib/api/ApiError';
import { formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { deleteWorkflow } from '../api/deleteWorkflow';
import { importWorkflow } from '../api/importWorkflow';
import { useWorkflows } from '../hooks/useWorkflows';
import { useWorkflowTemplates } from '../hooks/useWorkflowTemplates';
import type { WorkflowSummary } from '../types/workflow';
import { NewWorkflowDialog } from './NewWorkflowDialog';

function StatusBadge({ workflow }: { workflow: WorkflowSummary }) {
  if (!workflow.latest_version) return <Badge>Draft</Badge>;
  return workflow.has_unpublished_changes ? <Badge variant="warning">v{workflow.latest_version} · draft changed</Badge> : <Badge variant="success">v{workflow.latest_version} published</Badge>;
}

/** All workflows, route `/workflows`; with none yet, the templates to start from. */
export function WorkflowsPage() {
  const workflows = useWorkflows();
  const templates = useWorkflowTemplates();
  const { canEdit } = usePermissions();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState<{ template?: string } | null>(null);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);

  const importFile = useMutation({
    mutationFn: importWorkflow,
    onSuccess: (workflow) => {
      toast.success(`Imported ${workflow.name}`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.list });
      navigate(`/workflows/${workflow.id}`);
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't import that file."),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteWorkflow(id),
    onSuccess: () => {
      toast.success(`Deleted ${deleting?.name}`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.list });
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't delete the workflow."),
  });

  const actions = (
    <div className="flex items-center gap-2">
      <WriteGuard>
        <Button onClick={() => fileInput.current?.click()} loading={importFile.isPending}>
          <FileUp aria-hidden />
          Import
        </Button>
      </WriteGuard>
      <WriteGuard>
        <Button variant="primary" onClick={() => setCreating({})}>
          <Plus aria-hidden />
          New workflow
        </Button>
      </WriteGuard>
    </div>
  );

  let body;
  if (workflows.isPending) {
    body = <SkeletonRows />;
  } else if (workflows.isError) {
    body = <ErrorState error={workflows.error} title="Couldn't load workflows" onRetry={() => workflows.refetch()} retrying={workflows.isFetching} />;
  } else if (!workflows.data.length) {
    const starters = (templates.data ?? []).filter((t) => t.key !== 'demo');
    body = (
      <div className="grid gap-6">
        <EmptyState
          icon={WorkflowIcon}
          title="Build your first sequence"
          description="A workflow is the path each lead takes: send, wait, check for a reply, follow up on another channel. Start from a template — you can change every step."
        />
        {canEdit && (
          <ul className="grid gap-3 md:grid-cols-3" aria-label="Templates">
            {starters.map((t) => (
              <li key={t.key}>
                <Card className="grid h-full content-between gap-4 p-4">
                  <div className="grid gap-1">
                    <h3 className="flex items-center gap-2 text-sm font-semibold">
                      <LayoutTemplate className="size-4 text-primary-text" aria-hidden />
                      {t.name}
                    </h3>
                    <p className="text-[13px] leading-5 text-muted-foreground">{t.description}</p>
                  </div>
                  <div className="flex items-center justify-between">
                    <span className="text-xs text-muted-foreground">{t.graph.nodes.length} steps</span>
                    <Button size="sm" onClick={() => setCreating({ template: t.key })}>
                      Use template
                    </Button>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  } else {
    body = (
      <Card className="overflow-hidden p-0">
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden text-right sm:table-cell">Steps</TableHead>
              <TableHead className="hidden md:table-cell">Updated</TableHead>
              <TableHead className="w-10">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {workflows.data.map((w) => (
              <TableRow key={w.id} data-testid="workflow-row">
                <TableCell className="max-w-0 w-1/2">
                  <Link to={`/workflows/${w.id}`} className="focus-ring grid rounded-sm">
                    <span className="truncate font-medium hover:underline">{w.name}</span>
                    {w.description && <span className="truncate text-xs text-muted-foreground">{w.description}</span>}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusBadge workflow={w} />
                </TableCell>
                <TableCell className="hidden text-right sm:table-cell">{w.node_count}</TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(new Date(w.updated_at))}</TableCell>
                <TableCell>
                  {canEdit && (
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${w.name}`}>
                          <MoreHorizontal aria-hidden />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem className="text-danger" onSelect={() => setDeleting(w)}>
                          <Trash2 aria-hidden />
                          Delete
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    );
  }

  return (
    <div className="mx-auto grid w-full max-w-[1100px] gap-6 px-4 py-6 md:px-8 md:py-8">
      <PageHeader
        title="Workflows"
        description={
          <>
            The steps each lead goes through. Publish a workflow, then run it in a{' '}
            <Link to="/campaigns" className="text-primary-text hover:underline">
              campaign
            </Link>
            .
          </>
        }
        actions={actions}
      />
      {body}
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        className="hidden"
        aria-label="Workflow file to import"
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) importFile.mutate(file);
        }}
      />
      {creating && <NewWorkflowDialog key={creating.template ?? 'new'} open onOpenChange={(open) => !open && setCreating(null)} initialTemplate={creating.template} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="The workflow is archived. Campaigns that already ran it keep their history; one still running must be finished first."
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      />
    </div>
  );
}
