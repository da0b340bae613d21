import type { NodeTypes, ReactFlowProps } from '@xyflow/react';
import { STEP_TYPES } from '../types/graph';
import { StepNode } from './StepNode';

/** Every step type draws with the same card component. */
export const nodeTypes: NodeTypes = Object.fromEntries(STEP_TYPES.map((t) => [t, StepNode]));

/** What the builder canvas and the campaign's read-only graph share. */
export const flowProps = {
  nodeTypes,
  defaultEdgeOptions: { type: 'smoothstep' },
  fitView: true,
  minZoom: 0.2,
  proOptions: { hideAttribution: true },
  className: 'omnireach-flow',
} satisfies Partial<ReactFlowProps>;
