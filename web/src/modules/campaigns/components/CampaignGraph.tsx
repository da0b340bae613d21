import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { Skeleton } from '@/components/ui/skeleton';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { StepNodeContext } from '@/modules/workflows/components/StepNodeContext';
import { FlowBackdrop } from '@/modules/workflows/components/FlowBackdrop';
import { flowProps } from '@/modules/workflows/components/flowConfig';
import { useVersion } from '@/modules/workflows/hooks/useVersions';
import { toFlow } from '@/modules/workflows/lib/graphConversion';
import type { NodeStats } from '../types/campaign';

/** The pinned version's graph, read-only, with live per-step counts on each card. */
export function CampaignGraph({ workflowId, version, counts }: { workflowId: string; version: number | null; counts: Record<string, NodeStats> | undefined }) {
  const graph = useVersion(workflowId, version);
  const theme = useResolvedTheme();
  const flow = useMemo(() => (graph.data ? toFlow(graph.data.graph) : null), [graph.data]);
  const extras = useMemo(() => ({ badges: {}, counts: counts ?? {}, readOnly: true }), [counts]);

  if (version === null) {
    return <p className="grid h-full place-items-center p-6 text-center text-[13px] text-muted-foreground">The workflow has no published version yet. Publish it to launch this campaign.</p>;
  }
  if (graph.isError) return <ErrorState compact error={graph.error} title="Couldn't load the workflow" onRetry={() => graph.refetch()} />;
  if (!flow) return <Skeleton className="h-full" aria-busy="true" />;
  return (
    <StepNodeContext.Provider value={extras}>
      <ReactFlowProvider>
        <ReactFlow
          {...flowProps}
          nodes={flow.nodes}
          edges={flow.edges}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          colorMode={theme}
          fitViewOptions={{ maxZoom: 0.9, padding: 0.15 }}
          aria-label="Workflow with live step counts"
        >
          <FlowBackdrop />
        </ReactFlow>
      </ReactFlowProvider>
    </StepNodeContext.Provider>
  );
}
