import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { decideWhatsappTemplate } from '../api/decideWhatsappTemplate';
import type { WhatsappTemplate } from '../types/whatsappTemplate';

export type TemplateDecision = 'approve' | 'reject';

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

function DecisionForm({ template, decision, onDone }: { template: WhatsappTemplate; decision: TemplateDecision; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const approving = decision === 'approve';
  const decide = useMutation({
    mutationFn: () => decideWhatsappTemplate(template.id, approving ? { action: 'approve', content_sid: value.trim() } : { action: 'reject', reason: value.trim() || undefined }),
    onSuccess: (next) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.whatsappTemplates });
      toast.success(`${next.name} ${approving ? 'approved' : 'rejected'}`);
      onDone();
    },
    onError: (err) => setError(isApiError(err) ? (err.fieldErrors.content_sid ?? err.fieldErrors.reason ?? err.message) : "Couldn't record the decision."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (approving && !CONTENT_SID.test(value.trim())) return setError('Paste the ContentSid Twilio shows for the template: HX followed by 32 characters.');
    setError(null);
    decide.mutate();
  }

  const id = approving ? 'wa-content-sid' : 'wa-reject-reason';
  const hint = approving ? 'In the Twilio console: Messaging → Content Template Builder → the template’s SID.' : 'Optional: WhatsApp’s reason, so whoever fixes the template knows what to change.';
  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col" aria-label={approving ? 'Approve template' : 'Reject template'}>
      <DialogHeader>
        <DialogTitle>
          {approving ? 'Approve' : 'Reject'} <span className="font-mono">{template.name}</span>
        </DialogTitle>
        <DialogDescription>
          {approving
            ? 'Record that WhatsApp approved the template. Approved templates can open a conversation outside the 24-hour window.'
            : 'Record that WhatsApp rejected the template. It can be submitted again after it is changed.'}
        </DialogDescription>
      </DialogHeader>
      <DialogBody className="grid gap-4">
        {error && !approving && <FormBanner>{error}</FormBanner>}
        <Field label={approving ? 'ContentSid' : 'Reason'} htmlFor={id} error={approving ? error : null} hint={hint}>
          {approving ? (
            <Input
              id={id}
              autoFocus
              className="font-mono"
              placeholder="HX…"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={!!error || undefined}
              aria-describedby={fieldDescribedBy(id, error, hint)}
            />
          ) : (
            <Textarea id={id} autoFocus rows={3} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={fieldDescribedBy(id, null, hint)} />
          )}
        </Field>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant={approving ? 'primary' : 'destructive'} loading={decide.isPending}>
          {approving ? 'Approve template' : 'Reject template'}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Record WhatsApp's decision on a submitted template: approve (with its ContentSid) or reject. */
export function TemplateDecisionDialog({
  template,
  decision,
  onOpenChange,
}: {
  template: WhatsappTemplate | null;
  decision: TemplateDecision;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={!!template} onOpenChange={onOpenChange}>
      <DialogContent>{template && <DecisionForm key={`${template.id}:${decision}`} template={template} decision={decision} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}
