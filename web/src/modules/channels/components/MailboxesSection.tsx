import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Mail, MoreHorizontal, Pencil, Plus, Send, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Progress } from '@/components/ui/progress';
import { isApiError } from '@/lib/api/ApiError';
import { formatNumber } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { QueryListBody } from '@/modules/settings/components/QueryListBody';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { deleteMailbox } from '../api/deleteMailbox';
import { testMailbox } from '../api/testMailbox';
import { useMailboxes } from '../hooks/useMailboxes';
import type { Mailbox } from '../types/mailbox';
import { MailboxDialog } from './MailboxDialog';
import { TestResultNote } from './TestResultNote';

function credentialsSummary(m: Mailbox): string {
  const send = m.transport === 'sendgrid' ? (m.has_sendgrid_api_key ? 'SendGrid key saved' : 'no SendGrid key') : m.has_smtp_url ? 'SMTP saved' : 'no SMTP URL';
  return `${send} · ${m.has_imap_url ? 'replies polled over IMAP' : 'no IMAP (replies via webhook only)'}`;
}

function MailboxRow({ mailbox, isAdmin, onEdit, onDelete }: { mailbox: Mailbox; isAdmin: boolean; onEdit: () => void; onDelete: () => void }) {
  const test = useMutation({ mutationFn: () => testMailbox(mailbox.id) });
  const paused = mailbox.status === 'paused';
  const testError = test.error ? (isApiError(test.error) ? test.error.message : "Couldn't run the test.") : null;
  return (
    <li className="grid gap-3 px-5 py-4" data-testid="mailbox-row" data-address={mailbox.address}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate text-[13px] font-medium">{mailbox.display_name ? `${mailbox.display_name} <${mailbox.address}>` : mailbox.address}</span>
            <Badge variant="outline">{mailbox.transport === 'sendgrid' ? 'SendGrid' : 'SMTP'}</Badge>
            <Badge variant={paused ? 'warning' : 'success'} dot>
              {paused ? 'Paused' : 'Active'}
            </Badge>
          </div>
          <p className="text-xs text-muted-foreground">{credentialsSummary(mailbox)}</p>
          {paused && mailbox.paused_reason && <p className="text-xs text-warning">Paused: {mailbox.paused_reason}</p>}
        </div>
        <div className="flex items-center gap-1">
          <WriteGuard adminOnly>
            <Button size="sm" variant="secondary" onClick={() => test.mutate()} loading={test.isPending} aria-label={`Send test for ${mailbox.address}`}>
              {!test.isPending && <Send aria-hidden />}
              Send test
            </Button>
          </WriteGuard>
          {isAdmin && (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button size="icon-sm" variant="ghost" aria-label={`More actions for ${mailbox.address}`}>
                  <MoreHorizontal aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={onEdit}>
                  <Pencil aria-hidden /> Edit
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={onDelete} className="text-danger focus:text-danger">
                  <Trash2 aria-hidden /> Delete
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          )}
        </div>
      </div>
      <div className="grid gap-1 sm:max-w-md">
        <div className="flex items-baseline justify-between text-xs">
          <span className="text-muted-foreground">Sent today</span>
          <span className="tabular-nums">
            {formatNumber(mailbox.sent_today)} <span className="text-muted-foreground">of {formatNumber(mailbox.cap_today)} today</span>
            {mailbox.cap_today < mailbox.daily_cap && <span className="text-muted-foreground"> · warming up to {formatNumber(mailbox.daily_cap)}</span>}
          </span>
        </div>
        <Progress value={Math.min(mailbox.sent_today, Math.max(1, mailbox.cap_today))} max={Math.max(1, mailbox.cap_today)} tone={mailbox.sent_today >= mailbox.cap_today ? 'danger' : 'brand'} aria-label={`Sent today from ${mailbox.address}`} />
      </div>
      {test.data && (
        <TestResultNote ok={test.data.ok} testId="mailbox-test-result">
          {test.data.ok ? (mailbox.transport === 'sendgrid' ? 'SendGrid accepted the API key.' : 'Connected and signed in to the SMTP server.') : test.data.error}
        </TestResultNote>
      )}
      {testError && <TestResultNote ok={false}>{testError}</TestResultNote>}
    </li>
  );
}

/** Settings → Channels → Email: the workspace's sender mailboxes. */
export function MailboxesSection({ isAdmin }: { isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const mailboxes = useMailboxes();
  const [editing, setEditing] = useState<Mailbox | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [deleting, setDeleting] = useState<Mailbox | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => deleteMailbox(id),
    onSuccess: () => {
      toast.success(`${deleting?.address ?? 'Mailbox'} deleted`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.mailboxes });
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't delete the mailbox."),
  });

  function openDialog(mailbox: Mailbox | null) {
    setEditing(mailbox);
    setDialogOpen(true);
  }

  const addButton = (
    <WriteGuard adminOnly>
      <Button variant="primary" onClick={() => openDialog(null)}>
        <Plus aria-hidden /> Add mailbox
      </Button>
    </WriteGuard>
  );

  return (
    <>
      <SettingsSection title="Email mailboxes" description="Sender addresses over SMTP or SendGrid. Sends rotate across active mailboxes within each one’s daily cap." actions={addButton}>
        <QueryListBody
          query={mailboxes}
          errorTitle="Couldn't load the mailboxes"
          empty={
            <EmptyState
              compact
              icon={Mail}
              title="No mailboxes yet"
              description="Without a mailbox, email uses the server’s SMTP_URL or SendGrid key if set, else the sandbox. Add one to send from your own address."
              action={
                isAdmin ? (
                  <Button size="sm" onClick={() => openDialog(null)}>
                    Add mailbox
                  </Button>
                ) : undefined
              }
            />
          }
        >
          {(items) => (
            <ul className="divide-y divide-border" aria-label="Mailboxes">
              {items.map((m) => (
                <MailboxRow key={m.id} mailbox={m} isAdmin={isAdmin} onEdit={() => openDialog(m)} onDelete={() => setDeleting(m)} />
              ))}
            </ul>
          )}
        </QueryListBody>
      </SettingsSection>
      <MailboxDialog open={dialogOpen} onOpenChange={setDialogOpen} mailbox={editing} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.address ?? 'this mailbox'}?`}
        description="It stops sending at once and its stored credentials are erased."
        confirmLabel="Delete mailbox"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      />
    </>
  );
}
