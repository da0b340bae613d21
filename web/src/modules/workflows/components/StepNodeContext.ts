import { createContext, useContext } from 'react';
import type { NodeBadge } from '../lib/findingBadges';

/** Per-node extras the canvas shows on the cards: validation badges, or live run counts. */
export interface NodeCounts {
  entered: number;
  succeeded: number;
  failed: number;
  waiting: number;
}

export interface StepNodeExtras {
  badges: Record<string, NodeBadge>;
  counts: Record<string, NodeCounts> | null;
  readOnly: boolean;
}

export const StepNodeContext = createContext<StepNodeExtras>({ badges: {}, counts: null, readOnly: false });

export function useStepNodeExtras(): StepNodeExtras {
  return useContext(StepNodeContext);
}
