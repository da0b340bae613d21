import { useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { Sheet, SheetContent, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { exportWorkflow } from '../api/exportWorkflow';
import { updateWorkflow } from '../api/updateWorkflow';
import { useAutosave } from '../hooks/useAutosave';
import { useBuilderShortcuts } from '../hooks/useBuilderShortcuts';
import { useLiveValidation } from '../hooks/useLiveValidation';
import { useWorkflow } from '../hooks/useWorkflow';
import { NODE_HEIGHT, NODE_WIDTH } from '../lib/autoLayout';
import { findingNodeId } from '../lib/findingBadges';
import { freePosition } from '../lib/freePosition';
import { useBuilderStore } from '../stores/useBuilderStore';
import type { StepType } from '../types/graph';
import type { Finding, Workflow } from '../types/workflow';
import { BuilderShortcutsDialog } from './BuilderShortcutsDialog';
import { BuilderToolbar } from './BuilderToolbar';
import { Inspector } from './Inspector';
import { NodePalette } from './NodePalette';
import { PublishDialog } from './PublishDialog';
import { VersionHistorySheet } from './VersionHistorySheet';
import { WorkflowCanvas } from './WorkflowCanvas';

/** The workflow builder, route `/workflows/:workflowId`. */
export function BuilderPage() {
  const { workflowId = '' } = useParams();
  const workflow = useWorkflow(workflowId);
  if (workflow.isPending) {
    return (
      <div className="flex h-full flex-col" aria-busy="true">
        <Skeleton className="h-12 rounded-none" />
        <Skeleton className="m-6 flex-1" />
      </div>
    );
  }
  if (workflow.isError) {
    return <ErrorState error={workflow.error} title="Couldn't open this workflow" onRetry={() => workflow.refetch()} retrying={workflow.isFetching} />;
  }
  return (
    <ReactFlowProvider>
      <BuilderWorkspace key={workflowId} workflow={workflow.data} />
    </ReactFlowProvider>
  );
}

function BuilderWorkspace({ workflow }: { workflow: Workflow }) {
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const readOnly = !canEdit;
  const flow = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const wide = useMediaQuery('(min-width: 1024px)');
  const [publishOpen, setPublishOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const hasSelection = useBuilderStore((s) => s.nodes.some((n) => n.selected));
  const store = useBuilderStore.getState();

  // The draft goes into the builder before the first paint; the workspace remounts per
  // workflow, and later query updates come from our own saves, so it loads once.
  useState(() => useBuilderStore.getState().load(workflow.draft));

  const autosave = useAutosave(workflow.id);
  const validation = useLiveValidation(workflow.id, true);
  // Saves, renames and publishes update the cached workflow; the header follows it.
  const current = useWorkflow(workflow.id).data ?? workflow;

  function addAtViewCenter(type: StepType) {
    const rect = canvasRef.current?.getBoundingClientRect();
    const center = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    const taken = useBuilderStore.getState().nodes.map((n) => n.position);
    const position = freePosition({ x: center.x - NODE_WIDTH / 2, y: center.y - NODE_HEIGHT / 2 }, taken);
    store.addNode(type, position);
  }

  function focusFinding(finding: Finding) {
    const id = findingNodeId(finding, useBuilderStore.getState().edges);
    const node = useBuilderStore.getState().nodes.find((n) => n.id === id);
    if (!node) return;
    store.select([node.id]);
    void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
  }

  function layout() {
    store.layout();
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
  }

  async function rename(name: string) {
    try {
      const updated = await updateWorkflow(workflow.id, { name });
      queryClient.setQueryData(queryKeys.workflows.detail(workflow.id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.list });
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't rename the workflow.");
    }
  }

  async function download() {
    try {
      await exportWorkflow(workflow.id, current.name);
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't export the workflow.");
    }
  }

  useBuilderShortcuts({
    undo: () => !readOnly && store.undo(),
    redo: () => !readOnly && store.redo(),
    copy: () => {
      const n = store.copy();
      if (n) toast(`Copied ${n} ${n === 1 ? 'step' : 'steps'}`);
    },
    paste: () => !readOnly && store.paste(),
    delete: () => !readOnly && store.deleteSelection(),
    layout: () => !readOnly && layout(),
    fit: () => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 300 }),
    help: () => setShortcutsOpen(true),
  });

  const inspector = <Inspector readOnly={readOnly} className="scrollbar-thin min-h-0 overflow-y-auto" />;
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="workflow-builder">
      <BuilderToolbar
        workflow={current}
        readOnly={readOnly}
        saveStatus={autosave.status}
        onRetrySave={() => void autosave.saveNow()}
        validation={validation}
        onRename={(name) => void rename(name)}
        onSelectFinding={focusFinding}
        onLayout={layout}
        onPublish={() => setPublishOpen(true)}
        onHistory={() => setHistoryOpen(true)}
        onExport={() => void download()}
        onShortcuts={() => setShortcutsOpen(true)}
      />
      <div className="flex min-h-0 flex-1">
        {!readOnly && <NodePalette onAdd={addAtViewCenter} disabled={readOnly} className="scrollbar-thin hidden w-48 shrink-0 overflow-y-auto border-r border-border bg-background md:grid" />}
        <div ref={canvasRef} className="relative min-w-0 flex-1">
          <WorkflowCanvas readOnly={readOnly} onDropStep={(type, position) => store.addNode(type, position)} />
        </div>
        {wide && <div className="flex w-80 shrink-0 flex-col border-l border-border bg-background">{inspector}</div>}
      </div>
      {!wide && (
        <Sheet open={hasSelection} onOpenChange={(open) => !open && store.select([])}>
          <SheetContent aria-describedby={undefined} className="overflow-y-auto pt-10">
            <SheetTitle className="sr-only">Step settings</SheetTitle>
            {inspector}
          </SheetContent>
        </Sheet>
      )}
      <PublishDialog
        workflowId={workflow.id}
        open={publishOpen}
        onOpenChange={setPublishOpen}
        beforePublish={autosave.saveNow}
        onSelectFinding={focusFinding}
      />
      <VersionHistorySheet workflowId={workflow.id} open={historyOpen} onOpenChange={setHistoryOpen} canEdit={canEdit} />
      <BuilderShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
    </div>
  );
}
