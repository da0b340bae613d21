import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { CopyButton } from '@/components/CopyButton';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { formatDate } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import type { Role } from '@/modules/auth/types/auth';
import { FormBanner } from '@/components/FormBanner';
import { createInvitation } from '../api/createInvitation';
import { invitationLink } from '../lib/invitationLink';
import type { CreatedInvitation } from '../types/team';
import { RoleSelect } from './RoleSelect';

export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const invite = useMutation({
    mutationFn: createInvitation,
    onSuccess: (res) => {
      setCreated(res);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
    onError: (err) => {
      if (isApiError(err)) {
        setErrors(err.fieldErrors);
        setBanner(Object.keys(err.fieldErrors).length ? null : err.message);
      }
    },
  });

  function reset() {
    setEmail('');
    setRole('sales');
    setErrors({});
    setBanner(null);
    setCreated(null);
    invite.reset();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setErrors({ email: 'Enter a valid email address.' });
      return;
    }
    setErrors({});
    setBanner(null);
    invite.mutate({ email: email.trim(), role });
  }

  const link = created ? invitationLink(created.accept_url) : '';

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) setTimeout(reset, 200);
      }}
    >
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <CircleCheck className="size-5 text-success" aria-hidden /> Invitation created
              </DialogTitle>
              <DialogDescription>
                Send this link to <strong className="font-medium text-foreground">{created.invitation.email}</strong>. It works once and
                expires {formatDate(created.invitation.expires_at)}.
              </DialogDescription>
            </DialogHeader>
            <DialogBody>
              <div className="flex items-center gap-2">
                <Input readOnly value={link} aria-label="Invitation link" className="font-mono text-xs" onFocus={(e) => e.target.select()} />
                <CopyButton value={link} size="md" label="Copy link" />
              </div>
            </DialogBody>
            <DialogFooter>
              <Button variant="ghost" onClick={reset} className="sm:mr-auto">
                Invite someone else
              </Button>
              <Button variant="primary" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col">
            <DialogHeader>
              <DialogTitle>Invite a teammate</DialogTitle>
              <DialogDescription>They'll get a personal link to choose their name and password.</DialogDescription>
            </DialogHeader>
            <DialogBody className="grid gap-4">
              {banner && <FormBanner>{banner}</FormBanner>}
              <Field label="Email" htmlFor="invite-email-input" error={errors.email}>
                <Input
                  id="invite-email-input"
                  type="email"
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  placeholder="teammate@company.com"
                  aria-invalid={!!errors.email || undefined}
                  aria-describedby={fieldDescribedBy('invite-email-input', errors.email)}
                />
              </Field>
              <Field label="Role" htmlFor="invite-role" error={errors.role}>
                <RoleSelect id="invite-role" value={role} onChange={setRole} describe />
              </Field>
            </DialogBody>
            <DialogFooter>
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={invite.isPending}>
                Create invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
