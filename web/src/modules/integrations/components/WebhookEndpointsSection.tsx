import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, MoreHorizontal, Pencil, Plus, Send, Trash2, Webhook } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { queryKeys } from '@/lib/queryKeys';
import { TestResultNote } from '@/modules/channels/components/TestResultNote';
import { QueryListBody } from '@/modules/settings/components/QueryListBody';
import { SettingsSection } from '@/modules/settings/components/SettingsSection';
import { deleteWebhookEndpoint } from '../api/deleteWebhookEndpoint';
import { testWebhookEndpoint } from '../api/testWebhookEndpoint';
import { useWebhookEndpoints } from '../hooks/useWebhookEndpoints';
import type { WebhookEndpoint } from '../types/webhookEndpoint';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookEndpointDialog } from './WebhookEndpointDialog';

function EndpointRow({ endpoint, isAdmin, onEdit, onDelete }: { endpoint: WebhookEndpoint; isAdmin: boolean; onEdit: () => void; onDelete: () => void }) {
  const [showDeliveries, setShowDeliveries] = useState(false);
  const test = useMutation({ mutationFn: () => testWebhookEndpoint(endpoint.id) });
  const result = test.data;
  const deliveriesId = `deliveries-${endpoint.id}`;
  return (
    <li className="grid gap-3 px-5 py-4" data-testid="webhook-endpoint" data-name={endpoint.name}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-[13px] font-medium">{endpoint.name}</span>
            {!endpoint.enabled && <Badge variant="neutral">Disabled</Badge>}
            {endpoint.has_auth_token && <Badge variant="outline">Bearer token</Badge>}
          </div>
          <p className="truncate font-mono text-xs text-muted-foreground" title={endpoint.url}>
            {endpoint.method} {endpoint.url}
          </p>
          <div className="flex flex-wrap gap-1">
            {endpoint.events.map((e) => (
              <Badge key={e} variant="brand">
                {e === '*' ? 'every event' : e}
              </Badge>
            ))}
          </div>
        </div>
        <div className="flex items-center gap-1">
          <Button size="sm" variant="ghost" aria-expanded={showDeliveries} aria-controls={deliveriesId} onClick={() => setShowDeliveries((s) => !s)}>
            Deliveries
            <ChevronDown aria-hidden className={cn('transition-transform', showDeliveries && 'rotate-180')} />
          </Button>
          <WriteGuard adminOnly>
            <Button size="sm" variant="secondary" onClick={() => test.mutate()} loading={test.isPending} aria-label={`Send test to ${endpoint.name}`}>
              {!test.isPending && <Send aria-hidden />}
              Send test
            </Button>
          </WriteGuard>
          {isAdmin && (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button size="icon-sm" variant="ghost" aria-label={`More actions for ${endpoint.name}`}>
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
      {result && (
        <TestResultNote ok={result.ok} testId="webhook-test-result">
          {result.ok
            ? `The receiver answered ${result.response_status} in ${result.latency_ms} ms.`
            : `${result.response_status ? `The receiver answered ${result.response_status}` : 'Not delivered'}${result.error ? `: ${result.error}` : ''} (${result.latency_ms} ms).`}
        </TestResultNote>
      )}
      {test.error && <TestResultNote ok={false}>{isApiError(test.error) ? test.error.message : "Couldn't run the test."}</TestResultNote>}
      {showDeliveries && (
        <div id={deliveriesId}>
          <WebhookDeliveries endpointId={endpoint.id} />
        </div>
      )}
    </li>
  );
}

/** Settings → Integrations → outbound webhooks: endpoints, a test send, and recent deliveries. */
export function WebhookEndpointsSection({ isAdmin }: { isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const endpoints = useWebhookEndpoints();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [editing, setEditing] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => deleteWebhookEndpoint(id),
    onSuccess: () => {
      toast.success(`${deleting?.name ?? 'Endpoint'} deleted`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints });
    },
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't delete the endpoint."),
  });
  const open = (endpoint: WebhookEndpoint | null) => {
    setEditing(endpoint);
    setDialogOpen(true);
  };

  return (
    <>
      <SettingsSection
        title="Outbound webhooks"
        description="Send events (meetings, LinkedIn tasks, inbound webhooks) to your CRM or tools, signed with the secret above."
        actions={
          <WriteGuard adminOnly>
            <Button variant="primary" onClick={() => open(null)}>
              <Plus aria-hidden /> Add endpoint
            </Button>
          </WriteGuard>
        }
      >
        <QueryListBody
          query={endpoints}
          errorTitle="Couldn't load the endpoints"
          empty={
            <EmptyState
              compact
              icon={Webhook}
              title="No webhook endpoints"
              description="Add one to keep a CRM in sync when meetings are booked or LinkedIn tasks are done."
              action={
                isAdmin ? (
                  <Button size="sm" onClick={() => open(null)}>
                    Add endpoint
                  </Button>
                ) : undefined
              }
            />
          }
        >
          {(items) => (
            <ul className="divide-y divide-border" aria-label="Webhook endpoints">
              {items.map((e) => (
                <EndpointRow key={e.id} endpoint={e} isAdmin={isAdmin} onEdit={() => open(e)} onDelete={() => setDeleting(e)} />
              ))}
            </ul>
          )}
        </QueryListBody>
      </SettingsSection>
      <WebhookEndpointDialog open={dialogOpen} onOpenChange={setDialogOpen} endpoint={editing} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'this endpoint'}?`}
        description="It stops receiving events at once."
        confirmLabel="Delete endpoint"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      />
    </>
  );
}
