import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/textarea';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { publishWorkflow } from '../api/publishWorkflow';
import { useBuilderStore } from '../stores/useBuilderStore';
import type { Finding } from '../types/workflow';
import { FindingsList } from './FindingsList';

interface PublishDialogProps {
  workflowId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Save pending edits first, so what is published is what is on screen. */
  beforePublish: () => Promise<void>;
  onSelectFinding: (finding: Finding) => void;
}

/** Publish the draft as a new version, with a note; blocked (with the reasons) while it has errors. */
export function PublishDialog({ workflowId, open, onOpenChange, beforePublish, onSelectFinding }: PublishDialogProps) {
  const queryClient = useQueryClient();
  const findings = useBuilderStore((s) => s.findings);
  const [note, setNote] = useState('');
  const errors = findings.filter((f) => f.severity === 'error');
  const publish = useMutation({
    mutationFn: async () => {
      await beforePublish();
      return publishWorkflow(workflowId, note);
    },
    onSuccess: ({ version }) => {
      toast.success(`Published version ${version}`);
      setNote('');
      onOpenChange(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.workflows.all });
    },
    onError: (err) => {
      const refused = isApiError(err) && Array.isArray(err.details?.findings) ? (err.details.findings as Finding[]) : null;
      if (refused) useBuilderStore.getState().setFindings(refused);
      else toast.error(isApiError(err) ? err.message : "Couldn't publish the workflow.");
    },
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Publish workflow</DialogTitle>
          <DialogDescription>
            Publishing freezes the draft as a new version. Campaigns launched from now on use it; running leads stay on the version they started with.
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="grid gap-4">
          {errors.length > 0 ? (
            <div className="grid gap-2">
              <p className="text-[13px] font-medium text-danger">Fix {errors.length === 1 ? 'this problem' : `these ${errors.length} problems`} before publishing:</p>
              <FindingsList
                findings={errors}
                onSelect={(f) => {
                  onOpenChange(false);
                  onSelectFinding(f);
                }}
              />
            </div>
          ) : (
            <Field label="What changed?" htmlFor="publish-note" optional hint="Shown in the version history.">
              <Textarea id="publish-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Shorter first email; SMS fallback after 2 days." />
            </Field>
          )}
        </DialogBody>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button variant="primary" disabled={errors.length > 0} loading={publish.isPending} onClick={() => publish.mutate()}>
            Publish
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
