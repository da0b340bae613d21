import type { NodeTypes } from '@xyflow/react';
import { STEP_TYPES } from '../types/graph';
import { StepNode } from './StepNode';

/** Every step type draws with the same card component. */
export const nodeTypes: NodeTypes = Object.fromEntries(STEP_TYPES.map((t) => [t, StepNode]));
