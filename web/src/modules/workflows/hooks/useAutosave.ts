import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { queryKeys } from '@/lib/queryKeys';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { updateWorkflow } from '../api/updateWorkflow';
import { fromFlow } from '../lib/graphConversion';
import { useBuilderStore } from '../stores/useBuilderStore';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error';

/** How long edits must pause before the draft is saved. */
const SAVE_DELAY_MS = 800;

/**
 * Saves the draft (PATCH) a moment after the last edit. Saves run one after another, so an
 * older draft never lands after a newer one; leaving the builder saves what is pending, and
 * closing the tab with unsaved edits asks first.
 */
export function useAutosave(workflowId: string) {
  const queryClient = useQueryClient();
  const revision = useBuilderStore((s) => s.revision);
  const settled = useDebouncedValue(revision, SAVE_DELAY_MS);
  const [saved, setSaved] = useState(0);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const queue = useRef(Promise.resolve());
  const savedRef = useRef(0);

  const save = useCallback(() => {
    queue.current = queue.current.then(async () => {
      const state = useBuilderStore.getState();
      const target = state.revision;
      if (target <= savedRef.current) return;
      setSaving(true);
      try {
        const workflow = await updateWorkflow(workflowId, { draft: fromFlow(state.nodes, state.edges, state.settings) });
        queryClient.setQueryData(queryKeys.workflows.detail(workflowId), workflow);
        void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.list });
        savedRef.current = target;
        setSaved(target);
        setFailed(false);
      } catch {
        setFailed(true);
      } finally {
        setSaving(false);
      }
    });
    return queue.current;
  }, [queryClient, workflowId]);

  useEffect(() => {
    if (settled > savedRef.current) void save();
  }, [settled, save]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (useBuilderStore.getState().revision > savedRef.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      void save();
    };
  }, [save]);

  const status: SaveStatus = saving ? 'saving' : failed ? 'error' : revision > saved ? 'unsaved' : 'saved';
  return { status, saveNow: save };
}
