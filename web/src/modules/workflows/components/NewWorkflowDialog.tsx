import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { createWorkflow } from '../api/createWorkflow';
import { useWorkflowTemplates } from '../hooks/useWorkflowTemplates';
import { STEP_META } from '../lib/stepCatalog';
import { BLANK, TemplateCards } from './TemplateCards';

/** The graph of a blank workflow: only the entry step. */
const blankGraph = () => ({
  format: 'omnireach.workflow' as const,
  version: 1,
  settings: { exit_on: { reply: true, unsubscribe: true, meeting_booked: true, stage_change: false } },
  nodes: [{ id: 'trigger', type: 'trigger' as const, position: { x: 0, y: 0 }, data: STEP_META.trigger.defaults() as { kind: 'manual' } }],
  edges: [],
});

/** Name the workflow and pick a template (or blank); opens the builder on it. */
export function NewWorkflowDialog({ open, onOpenChange, initialTemplate }: { open: boolean; onOpenChange: (open: boolean) => void; initialTemplate?: string }) {
  const templates = useWorkflowTemplates();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string | null>(initialTemplate ?? null);
  const [name, setName] = useState('');
  // Offer the templates non-technical users start from; "demo" is for the demo workspace.
  const choices = (templates.data ?? []).filter((t) => t.key !== 'demo');
  const template = picked ?? choices[0]?.key ?? BLANK;
  const templateName = choices.find((t) => t.key === template)?.name;

  const create = useMutation({
    mutationFn: () =>
      createWorkflow(
        template === BLANK
          ? { name: name.trim() || 'Untitled workflow', graph: blankGraph() }
          : { name: name.trim() || templateName || 'Untitled workflow', template },
      ),
    onSuccess: (workflow) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.list });
      queryClient.setQueryData(queryKeys.workflows.detail(workflow.id), workflow);
      onOpenChange(false);
      navigate(`/workflows/${workflow.id}`);
    },
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>New workflow</DialogTitle>
          <DialogDescription>Start from a proven sequence and adjust it, or from a blank canvas.</DialogDescription>
        </DialogHeader>
        <form
          className="contents"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <DialogBody className="grid gap-4">
            {create.isError && <FormBanner>{isApiError(create.error) ? create.error.message : "Couldn't create the workflow."}</FormBanner>}
            <Field label="Name" htmlFor="workflow-name">
              <Input id="workflow-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={template === BLANK ? 'Untitled workflow' : templateName} autoFocus />
            </Field>
            {templates.isPending ? (
              <div className="grid gap-2 sm:grid-cols-2" aria-busy="true">
                {[0, 1, 2, 3].map((i) => (
                  <Skeleton key={i} className="h-24" />
                ))}
              </div>
            ) : templates.isError ? (
              <ErrorState compact error={templates.error} title="Couldn't load the templates" onRetry={() => templates.refetch()} />
            ) : (
              <TemplateCards templates={choices} value={template} onChange={setPicked} />
            )}
          </DialogBody>
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={create.isPending}>
              Create and open
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
