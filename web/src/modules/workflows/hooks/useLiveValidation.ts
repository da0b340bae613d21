import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { validateWorkflow } from '../api/validateWorkflow';
import { fromFlow } from '../lib/graphConversion';
import { useBuilderStore } from '../stores/useBuilderStore';

const VALIDATE_DELAY_MS = 600;

/**
 * Validates the unsaved draft a moment after each edit and puts the findings in the builder
 * store (node badges and the findings panel read them). A newer edit cancels an older check.
 */
export function useLiveValidation(workflowId: string, enabled: boolean) {
  const revision = useBuilderStore((s) => s.revision);
  const settled = useDebouncedValue(revision, VALIDATE_DELAY_MS);
  // The revision the findings are about, and whether the last check failed.
  const [checked, setChecked] = useState<{ revision: number; failed: boolean } | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const { nodes, edges, settings } = useBuilderStore.getState();
    validateWorkflow(workflowId, fromFlow(nodes, edges, settings), controller.signal)
      .then((result) => {
        useBuilderStore.getState().setFindings(result.findings);
        setChecked({ revision: settled, failed: false });
      })
      .catch(() => {
        // The last findings stay up; the next edit checks again.
        if (!controller.signal.aborted) setChecked({ revision: settled, failed: true });
      });
    return () => controller.abort();
  }, [workflowId, settled, enabled]);

  return { checking: enabled && checked?.revision !== revision, failed: !!checked?.failed, checked: checked !== null };
}
