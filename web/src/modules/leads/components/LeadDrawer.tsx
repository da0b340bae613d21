import { Pencil, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { useDeleteLead } from '../hooks/useDeleteLead';
import { useLead } from '../hooks/useLead';
import { useUpdateLead } from '../hooks/useUpdateLead';
import { emptyLeadForm, formValuesToInput, leadToFormValues, validateLeadForm, type LeadFormValues } from '../lib/leadForm';
import { focusFirstError } from '../lib/focusFirstError';
import { splitFieldErrors } from '../lib/splitFieldErrors';
import type { Lead } from '../types/lead';
import { FormBanner } from '@/components/FormBanner';
import { LeadDetails } from './LeadDetails';
import { LeadFormFields } from './LeadFormFields';
import { StageBadge } from './StageBadge';

const FIELDS = Object.keys(emptyLeadForm);

function DrawerSkeleton() {
  return (
    <div className="grid gap-6 p-6" aria-busy="true" aria-label="Loading lead">
      <div className="flex items-center gap-3">
        <Skeleton className="size-11 rounded-full" />
        <div className="grid flex-1 gap-2">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-3 w-1/3" />
        </div>
      </div>
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className="h-4 w-full" />
      ))}
    </div>
  );
}

function EditForm({ lead, onDone }: { lead: Lead; onDone: () => void }) {
  const update = useUpdateLead();
  const [values, setValues] = useState<LeadFormValues>(() => leadToFormValues(lead));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = validateLeadForm(values);
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length) {
      focusFirstError('edit-lead', FIELDS, local);
      return;
    }
    const input = formValuesToInput(values, lead);
    if (Object.keys(input).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { id: lead.id, input },
      {
        onSuccess: () => {
          toast.success('Changes saved');
          onDone();
        },
        onError: (err) => {
          const { fields, banner: msg } = splitFieldErrors(err, FIELDS);
          setErrors(fields);
          focusFirstError('edit-lead', FIELDS, fields);
          setBanner(msg);
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="grid gap-4">
          {banner && <FormBanner>{banner}</FormBanner>}
          <LeadFormFields values={values} onChange={(p) => setValues((v) => ({ ...v, ...p }))} errors={errors} mode="edit" idPrefix="edit-lead" />
        </div>
      </div>
      <div className="flex justify-end gap-2 border-t border-border bg-surface px-6 py-3">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

interface LeadDrawerProps {
  leadId: string | null;
  onClose: () => void;
}

export function LeadDrawer({ leadId, onClose }: LeadDrawerProps) {
  const lead = useLead(leadId);
  const remove = useDeleteLead();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [lastId, setLastId] = useState(leadId);

  // Leave edit mode when another lead is opened.
  if (leadId !== lastId) {
    setLastId(leadId);
    setEditing(false);
  }

  const data = lead.data;
  const name = data ? data.full_name || data.email || data.phone || 'Unnamed lead' : 'Lead';
  const subtitle = data ? [data.title, data.company?.name].filter(Boolean).join(' · ') : '';

  return (
    <Sheet open={!!leadId} onOpenChange={(o) => !o && onClose()}>
      <SheetContent aria-describedby={undefined} className="sm:max-w-[520px]">
        {!data && lead.isPending ? (
          <>
            <SheetTitle className="sr-only">Loading lead</SheetTitle>
            <DrawerSkeleton />
          </>
        ) : !data ? (
          <>
            <SheetTitle className="sr-only">Lead unavailable</SheetTitle>
            <ErrorState
              error={lead.error}
              title={isApiError(lead.error) && lead.error.status === 404 ? 'This lead no longer exists' : "Couldn't load this lead"}
              onRetry={isApiError(lead.error) && lead.error.status === 404 ? undefined : () => lead.refetch()}
              retrying={lead.isFetching}
            />
          </>
        ) : (
          <>
            <header className="border-b border-border px-6 pt-5 pb-4">
              <div className="flex items-start gap-3 pr-8">
                <Avatar name={name} size="lg" />
                <div className="grid min-w-0 flex-1 gap-1">
                  <SheetTitle className="truncate">{name}</SheetTitle>
                  <SheetDescription className="truncate">{subtitle || data.email || 'No title or company yet'}</SheetDescription>
                  <div className="mt-1 flex items-center gap-2">
                    <StageBadge stage={data.stage} />
                  </div>
                </div>
              </div>
              {!editing && (
                <div className="mt-4 flex gap-2">
                  <WriteGuard>
                    <Button size="sm" onClick={() => setEditing(true)}>
                      <Pencil aria-hidden /> Edit
                    </Button>
                  </WriteGuard>
                  <WriteGuard>
                    <Button size="sm" variant="ghost" className="text-danger hover:bg-danger-tint hover:text-danger" onClick={() => setConfirming(true)}>
                      <Trash2 aria-hidden /> Delete
                    </Button>
                  </WriteGuard>
                </div>
              )}
            </header>
            {editing ? (
              <EditForm key={data.id} lead={data} onDone={() => setEditing(false)} />
            ) : (
              <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-6 py-5">
                <LeadDetails lead={data} />
              </div>
            )}
            <ConfirmDialog
              open={confirming}
              onOpenChange={setConfirming}
              title={`Delete ${name}?`}
              description="The lead, its consents and custom fields are removed for everyone in the workspace. This can't be undone."
              confirmLabel="Delete lead"
              loading={remove.isPending}
              onConfirm={() =>
                remove.mutate(data.id, {
                  onSuccess: () => {
                    toast.success(`${name} deleted`);
                    setConfirming(false);
                    onClose();
                  },
                  onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't delete the lead."),
                })
              }
            />
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}
