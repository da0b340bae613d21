import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowRight, Check, MessageCircle, Plus, Send, X } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { WriteGuard } from '@/components/WriteGuard';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { isApiError } from '@/lib/api/ApiError';
import { formatRelative } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { QueryListBody } from '@/modules/settings/components/QueryListBody';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { decideWhatsappTemplate } from '../api/decideWhatsappTemplate';
import { useWhatsappTemplates } from '../hooks/useWhatsappTemplates';
import { WHATSAPP_STATUS_META } from '../lib/whatsappTemplateStatus';
import type { WhatsappTemplate } from '../types/whatsappTemplate';
import { CreateWhatsappTemplateDialog } from './CreateWhatsappTemplateDialog';
import { TemplateDecisionDialog, type TemplateDecision } from './TemplateDecisionDialog';
import { WhatsappTemplateBody } from './WhatsappTemplateBody';

function Lifecycle() {
  const step = (status: keyof typeof WHATSAPP_STATUS_META) => <Badge variant={WHATSAPP_STATUS_META[status].variant}>{WHATSAPP_STATUS_META[status].label}</Badge>;
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground" aria-label="Template lifecycle: Draft, then Submitted, then Approved or Rejected">
      {step('draft')}
      <ArrowRight className="size-3" aria-hidden />
      {step('submitted')}
      <ArrowRight className="size-3" aria-hidden />
      {step('approved')}
      <span>or</span>
      {step('rejected')}
    </div>
  );
}

function TemplateRow({ template, isAdmin, onDecide }: { template: WhatsappTemplate; isAdmin: boolean; onDecide: (decision: TemplateDecision) => void }) {
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: () => decideWhatsappTemplate(template.id, { action: 'submit' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.whatsappTemplates });
      toast.success(`${template.name} submitted`);
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't submit the template."),
  });
  const meta = WHATSAPP_STATUS_META[template.status];
  const canSubmit = template.status === 'draft' || template.status === 'rejected';
  return (
    <li className="grid gap-3 px-5 py-4" data-testid="whatsapp-template" data-name={template.name} data-status={template.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate font-mono text-[13px] font-medium">{template.name}</span>
            <Badge variant="outline">{template.language}</Badge>
            <Badge variant={meta.variant} dot data-testid="template-status">
              {meta.label}
            </Badge>
          </div>
          <p className="text-xs text-muted-foreground">
            {meta.meaning} Updated {formatRelative(new Date(template.updated_at))}.
          </p>
        </div>
        {isAdmin && (
          <div className="flex flex-wrap gap-1.5">
            {canSubmit && (
              <Button size="sm" variant="secondary" onClick={() => submit.mutate()} loading={submit.isPending}>
                {!submit.isPending && <Send aria-hidden />}
                {template.status === 'rejected' ? 'Submit again' : 'Submit for approval'}
              </Button>
            )}
            {template.status === 'submitted' && (
              <>
                <Button size="sm" variant="ghost" className="text-danger hover:bg-danger-tint hover:text-danger" onClick={() => onDecide('reject')}>
                  <X aria-hidden /> Reject
                </Button>
                <Button size="sm" variant="primary" onClick={() => onDecide('approve')}>
                  <Check aria-hidden /> Approve
                </Button>
              </>
            )}
          </div>
        )}
      </div>
      <WhatsappTemplateBody template={template} />
      {template.status === 'rejected' && template.decision_reason && <p className="text-xs text-danger">Rejected: {template.decision_reason}</p>}
      {template.content_sid && (
        <p className="text-xs text-muted-foreground">
          ContentSid <code className="font-mono">{template.content_sid}</code>
        </p>
      )}
    </li>
  );
}

/** Settings → WhatsApp templates: Draft → Submitted → Approved / Rejected, with the variables each uses. */
export function WhatsappTemplatesTab() {
  const { isAdmin } = usePermissions();
  const templates = useWhatsappTemplates();
  const [creating, setCreating] = useState(false);
  const [deciding, setDeciding] = useState<{ template: WhatsappTemplate; decision: TemplateDecision } | null>(null);

  return (
    <>
      <SettingsSection
        title="WhatsApp templates"
        description="Outside the 24 hours after a lead’s last WhatsApp message, only an approved template may be sent."
        actions={
          <WriteGuard adminOnly>
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden /> New template
            </Button>
          </WriteGuard>
        }
      >
        <div className="border-b border-border bg-surface px-5 py-3">
          <Lifecycle />
        </div>
        <QueryListBody
          query={templates}
          errorTitle="Couldn't load the templates"
          empty={
            <EmptyState
              compact
              icon={MessageCircle}
              title="No WhatsApp templates yet"
              description="Templates let you message a lead first on WhatsApp, or again after the 24-hour window closes."
              action={
                isAdmin ? (
                  <Button size="sm" onClick={() => setCreating(true)}>
                    New template
                  </Button>
                ) : undefined
              }
            />
          }
        >
          {(items) => (
            <ul className="divide-y divide-border" aria-label="WhatsApp templates">
              {items.map((t) => (
                <TemplateRow key={t.id} template={t} isAdmin={isAdmin} onDecide={(decision) => setDeciding({ template: t, decision })} />
              ))}
            </ul>
          )}
        </QueryListBody>
        {!isAdmin && templates.data?.length ? <p className="border-t border-border px-5 py-3 text-xs text-muted-foreground">Only admins can create, submit and approve templates.</p> : null}
      </SettingsSection>
      <CreateWhatsappTemplateDialog open={creating} onOpenChange={setCreating} />
      <TemplateDecisionDialog template={deciding?.template ?? null} decision={deciding?.decision ?? 'approve'} onOpenChange={(o) => !o && setDeciding(null)} />
    </>
  );
}
