import { MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import { useMemo, type DragEvent, type ReactNode } from 'react';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { findingsByNode } from '../lib/findingBadges';
import { useBuilderStore } from '../stores/useBuilderStore';
import { STEP_TYPES, type StepType } from '../types/graph';
import { STEP_DRAG_TYPE } from './NodePalette';
import { StepNodeContext } from './StepNodeContext';
import { FlowBackdrop } from './FlowBackdrop';
import { flowProps } from './flowConfig';

/** The editable canvas: drop steps from the palette, connect handles, select and move. */
export function WorkflowCanvas({ readOnly, onDropStep, children }: { readOnly: boolean; onDropStep: (type: StepType, position: { x: number; y: number }) => void; children?: ReactNode }) {
  const nodes = useBuilderStore((s) => s.nodes);
  const edges = useBuilderStore((s) => s.edges);
  const findings = useBuilderStore((s) => s.findings);
  const { onNodesChange, onEdgesChange, connect } = useBuilderStore.getState();
  const { screenToFlowPosition } = useReactFlow();
  const theme = useResolvedTheme();
  const extras = useMemo(() => ({ badges: findingsByNode(findings, edges), counts: null, readOnly }), [findings, edges, readOnly]);

  function onDragOver(e: DragEvent) {
    if (!e.dataTransfer.types.includes(STEP_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }

  function onDrop(e: DragEvent) {
    const type = e.dataTransfer.getData(STEP_DRAG_TYPE) as StepType;
    if (!STEP_TYPES.includes(type) || readOnly) return;
    e.preventDefault();
    const point = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // Centre the card on the pointer.
    onDropStep(type, { x: point.x - 128, y: point.y - 32 });
  }

  return (
    <StepNodeContext.Provider value={extras}>
      <ReactFlow
        {...flowProps}
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onDragOver={onDragOver}
        onDrop={onDrop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        colorMode={theme}
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        aria-label="Workflow canvas"
      >
        <FlowBackdrop />
        <MiniMap pannable zoomable position="bottom-right" ariaLabel="Mini map" className="!hidden md:!block" />
        {children}
      </ReactFlow>
    </StepNodeContext.Provider>
  );
}
