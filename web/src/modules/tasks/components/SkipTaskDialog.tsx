import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/textarea';

const QUICK_REASONS = ['Already connected', 'Profile not found', 'Not a good fit', 'Will reach out another way'];
/** The API wants a reason; a skip without a note says so plainly. */
const NO_NOTE = 'No reason given';

/** Skip a task, with an optional note that is logged in the lead's conversation. */
export function SkipTaskDialog({ open, onOpenChange, onSkip, pending }: { open: boolean; onOpenChange: (open: boolean) => void; onSkip: (reason: string) => void; pending: boolean }) {
  const [reason, setReason] = useState('');
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    onSkip(reason.trim() || NO_NOTE);
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={onSubmit} className="flex min-h-0 flex-col" aria-label="Skip task">
          <DialogHeader>
            <DialogTitle>Skip this task?</DialogTitle>
            <DialogDescription>The skip and your note are logged in the lead’s conversation. Skipped tasks don’t count toward the weekly limit.</DialogDescription>
          </DialogHeader>
          <DialogBody className="grid gap-3">
            <div className="flex flex-wrap gap-1.5" role="group" aria-label="Common reasons">
              {QUICK_REASONS.map((r) => (
                <Button key={r} size="sm" variant={reason === r ? 'primary' : 'secondary'} aria-pressed={reason === r} onClick={() => setReason(r)}>
                  {r}
                </Button>
              ))}
            </div>
            <Field label="Note" htmlFor="skip-reason" optional>
              <Textarea id="skip-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why you skipped it" />
            </Field>
          </DialogBody>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={pending}>
              Skip task
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
