import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Switch } from '@/components/ui/switch';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { createMailbox } from '../api/createMailbox';
import { updateMailbox } from '../api/updateMailbox';
import { mailboxFormValues, mailboxInput, type MailboxFormField, type MailboxFormValues } from '../lib/mailboxForm';
import type { Mailbox, MailboxInput, MailboxTransport } from '../types/mailbox';

interface MailboxDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The mailbox to edit; absent to add one. */
  mailbox?: Mailbox | null;
}

function MailboxForm({ mailbox, onDone }: { mailbox?: Mailbox | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<MailboxFormValues>(() => mailboxFormValues(mailbox));
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<MailboxFormField>();
  const editing = !!mailbox;

  const save = useMutation({
    mutationFn: (input: MailboxInput) => (mailbox ? updateMailbox(mailbox.id, input) : createMailbox(input)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.mailboxes });
      toast.success(editing ? `${saved.address} updated` : `${saved.address} added`);
      onDone();
    },
    onError: (err) => fail(err, "Couldn't save the mailbox."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const result = mailboxInput(values, mailbox);
    if (result.errors) return setErrors(result.errors);
    setErrors({});
    if (editing && Object.keys(result.input).length === 0) return onDone();
    save.mutate(result.input);
  }

  const set = <K extends MailboxFormField>(name: K, value: MailboxFormValues[K]) => setValues((v) => ({ ...v, [name]: value }));
  const text = (name: MailboxFormField, hint?: string) => ({
    id: `mailbox-${name}`,
    value: String(values[name]),
    onChange: (e: { target: { value: string } }) => set(name, e.target.value as never),
    'aria-invalid': !!errors[name] || undefined,
    'aria-describedby': fieldDescribedBy(`mailbox-${name}`, errors[name], hint),
  });

  const smtpHint = mailbox?.has_smtp_url ? 'Saved. Paste a new URL to replace it.' : 'smtp://user:password@host:587 (STARTTLS) or smtps://…:465 (TLS).';
  const sendgridHint = mailbox?.has_sendgrid_api_key ? 'Saved. Paste a new key to replace it.' : 'A key with Mail Send access. Stored encrypted.';
  const imapHint = mailbox?.has_imap_url ? 'Saved: replies are polled. Paste a new URL to replace it.' : 'imaps://user:password@imap.example.com — polled for replies.';

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col" aria-label={editing ? 'Edit mailbox' : 'Add mailbox'}>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${mailbox.address}` : 'Add a sender mailbox'}</DialogTitle>
        <DialogDescription>Emails rotate across active mailboxes under their daily cap. Credentials are stored encrypted and never shown again.</DialogDescription>
      </DialogHeader>
      <DialogBody className="grid gap-4">
        {banner && <FormBanner>{banner}</FormBanner>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Sender address" htmlFor="mailbox-address" error={errors.address}>
            <Input {...text('address')} type="email" autoFocus={!editing} placeholder="ann@acme.example" />
          </Field>
          <Field label="Display name" htmlFor="mailbox-display_name" error={errors.display_name} optional>
            <Input {...text('display_name')} placeholder="Ann Seller" />
          </Field>
        </div>
        <div className="grid gap-1.5">
          <span className="text-[13px] font-medium">
            Send with
          </span>
          <SegmentedControl<MailboxTransport>
            aria-label="Send with"
            className="w-fit"
            value={values.transport}
            onValueChange={(t) => set('transport', t)}
            options={[
              { value: 'smtp', label: 'SMTP' },
              { value: 'sendgrid', label: 'SendGrid' },
            ]}
          />
        </div>
        {values.transport === 'smtp' ? (
          <Field label="SMTP URL" htmlFor="mailbox-smtp_url" error={errors.smtp_url} hint={smtpHint}>
            <Input {...text('smtp_url', smtpHint)} type="password" autoComplete="off" placeholder={mailbox?.has_smtp_url ? '••••••••' : 'smtp://user:password@smtp.example.com:587'} />
          </Field>
        ) : (
          <Field label="SendGrid API key" htmlFor="mailbox-sendgrid_api_key" error={errors.sendgrid_api_key} hint={sendgridHint}>
            <Input {...text('sendgrid_api_key', sendgridHint)} type="password" autoComplete="off" placeholder={mailbox?.has_sendgrid_api_key ? '••••••••' : 'SG.…'} />
          </Field>
        )}
        <Field label="IMAP URL for replies" htmlFor="mailbox-imap_url" error={errors.imap_url} hint={imapHint} optional>
          <Input {...text('imap_url', imapHint)} type="password" autoComplete="off" disabled={values.remove_imap} placeholder={mailbox?.has_imap_url ? '••••••••' : 'imaps://user:password@imap.example.com'} />
        </Field>
        {mailbox?.has_imap_url && (
          <label className="flex items-center gap-2 text-[13px]">
            <Checkbox checked={values.remove_imap} onCheckedChange={(c) => set('remove_imap', c === true)} />
            Stop polling this mailbox for replies (remove the IMAP URL)
          </label>
        )}
        <fieldset className="grid gap-2">
          <legend className="mb-1.5 text-[13px] font-medium">Daily cap and warm-up</legend>
          <div className="grid grid-cols-3 gap-3">
            <Field label="Daily cap" htmlFor="mailbox-daily_cap" error={errors.daily_cap}>
              <Input {...text('daily_cap')} inputMode="numeric" />
            </Field>
            <Field label="Ramp start" htmlFor="mailbox-ramp_start" error={errors.ramp_start}>
              <Input {...text('ramp_start')} inputMode="numeric" />
            </Field>
            <Field label="Added per day" htmlFor="mailbox-ramp_increment" error={errors.ramp_increment}>
              <Input {...text('ramp_increment')} inputMode="numeric" />
            </Field>
          </div>
          <p className="text-xs text-muted-foreground">Today’s cap is the ramp start plus the daily addition for each day since the mailbox was added, up to the daily cap.</p>
        </fieldset>
        {editing && (
          <label className="flex items-start gap-3 rounded-lg border border-border px-3 py-2.5">
            <Switch checked={values.status === 'active'} onCheckedChange={(on) => set('status', on ? 'active' : 'paused')} aria-describedby="mailbox-status-hint" className="mt-0.5" />
            <span className="grid gap-0.5">
              <span className="text-[13px] font-medium">{values.status === 'active' ? 'Active: sends email' : 'Paused: sends nothing'}</span>
              <span id="mailbox-status-hint" className="text-xs text-muted-foreground">
                {mailbox.paused_reason ? `Paused because ${mailbox.paused_reason}. Activating clears the reason.` : 'Pause a mailbox to take it out of the rotation.'}
              </span>
            </span>
          </label>
        )}
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {editing ? 'Save mailbox' : 'Add mailbox'}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Add or edit a sender mailbox (SMTP or SendGrid, optional IMAP, cap and warm-up, status). */
export function MailboxDialog({ open, onOpenChange, mailbox }: MailboxDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">{open && <MailboxForm key={mailbox?.id ?? 'new'} mailbox={mailbox} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}
