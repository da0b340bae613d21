import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { PermissionDenied } from '@/components/PermissionDenied';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { isApiError } from '@/lib/api/ApiError';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useUiStore } from '@/modules/shell/stores/useUiStore';
import { useCreateLead } from '../hooks/useCreateLead';
import { emptyLeadForm, formValuesToInput, validateLeadForm, type LeadFormValues } from '../lib/leadForm';
import { focusFirstError } from '../lib/focusFirstError';
import { splitFieldErrors } from '../lib/splitFieldErrors';
import { FormBanner } from '@/components/FormBanner';
import { LeadFormFields } from './LeadFormFields';

const FIELDS = Object.keys(emptyLeadForm);

export function CreateLeadDialog() {
  const open = useUiStore((s) => s.createLeadOpen);
  const setOpen = useUiStore((s) => s.setCreateLeadOpen);
  const { canEdit } = usePermissions();
  const navigate = useNavigate();
  const create = useCreateLead();
  const [values, setValues] = useState<LeadFormValues>(emptyLeadForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<{ message: string; existingId?: string } | null>(null);

  function reset() {
    setValues(emptyLeadForm);
    setErrors({});
    setBanner(null);
    create.reset();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = validateLeadForm(values);
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length) {
      focusFirstError('new-lead', FIELDS, local);
      return;
    }
    create.mutate(formValuesToInput(values), {
      onSuccess: (lead) => {
        toast.success(`${lead.full_name || lead.email || 'Lead'} added`, {
          action: { label: 'Open', onClick: () => navigate(`/leads?lead=${lead.id}`) },
        });
        setOpen(false);
        reset();
      },
      onError: (err) => {
        if (isApiError(err) && err.code === 'duplicate_lead') {
          const existing = err.details?.existing_lead_id;
          setBanner({ message: err.message, existingId: typeof existing === 'string' ? existing : undefined });
          return;
        }
        const { fields, banner: msg } = splitFieldErrors(err, FIELDS);
        setErrors(fields);
        focusFirstError('new-lead', FIELDS, fields);
        setBanner(msg ? { message: msg } : null);
      },
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>New lead</DialogTitle>
          <DialogDescription>An email or a phone number is required. Everything else can wait.</DialogDescription>
        </DialogHeader>
        {!canEdit ? (
          <PermissionDenied what="adding leads" who="admins and sales" className="py-10" />
        ) : (
          <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
            <DialogBody className="grid gap-4">
              {banner && (
                <FormBanner
                  action={
                    banner.existingId ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => {
                          setOpen(false);
                          navigate(`/leads?lead=${banner.existingId}`);
                          reset();
                        }}
                      >
                        Open existing lead
                      </Button>
                    ) : undefined
                  }
                >
                  {banner.message}
                </FormBanner>
              )}
              <LeadFormFields values={values} onChange={(p) => setValues((v) => ({ ...v, ...p }))} errors={errors} mode="create" idPrefix="new-lead" />
            </DialogBody>
            <DialogFooter>
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={create.isPending}>
                Create lead
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
