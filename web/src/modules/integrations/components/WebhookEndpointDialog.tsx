import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { Textarea } from '@/components/ui/textarea';
import { queryKeys } from '@/lib/queryKeys';
import { useFormErrors } from '@/lib/useFormErrors';
import { createWebhookEndpoint } from '../api/createWebhookEndpoint';
import { updateWebhookEndpoint } from '../api/updateWebhookEndpoint';
import { webhookEndpointFormValues, webhookEndpointInput, type WebhookEndpointField, type WebhookEndpointFormValues } from '../lib/webhookEndpointForm';
import { WEBHOOK_EVENTS, WEBHOOK_METHODS, type WebhookEndpoint, type WebhookEndpointInput, type WebhookEvent, type WebhookMethod } from '../types/webhookEndpoint';

const EVENT_LABELS: Record<WebhookEvent, string> = {
  '*': 'Every event',
  'meeting.booked': 'Meeting booked',
  'meeting.cancelled': 'Meeting cancelled',
  'linkedin.task.done': 'LinkedIn task done',
  'linkedin.task.skipped': 'LinkedIn task skipped',
  'inbound.received': 'Inbound webhook received',
  test: 'Test',
};

/** Server field errors are keyed like `headers.X-Foo` or `response_mapping./a`; fold them onto the text fields. */
function foldFieldErrors(fields: Record<string, string>): Partial<Record<WebhookEndpointField, string>> {
  const out: Partial<Record<WebhookEndpointField, string>> = {};
  for (const [key, message] of Object.entries(fields)) {
    const dot = key.indexOf('.');
    const field = (dot < 0 ? key : key.slice(0, dot)) as WebhookEndpointField;
    out[field] = dot < 0 ? message : `${key.slice(dot + 1)}: ${message}`;
  }
  return out;
}

function EndpointForm({ endpoint, onDone }: { endpoint?: WebhookEndpoint | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<WebhookEndpointFormValues>(() => webhookEndpointFormValues(endpoint));
  const { errors, setErrors, banner, setBanner, fail } = useFormErrors<WebhookEndpointField>();
  const editing = !!endpoint;

  const save = useMutation({
    mutationFn: (input: WebhookEndpointInput) => (endpoint ? updateWebhookEndpoint(endpoint.id, input) : createWebhookEndpoint(input)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints });
      toast.success(editing ? `${saved.name} updated` : `${saved.name} added`);
      onDone();
    },
    onError: (err) => fail(err, "Couldn't save the endpoint.", foldFieldErrors),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const result = webhookEndpointInput(values, endpoint);
    if (result.errors) return setErrors(result.errors);
    setErrors({});
    save.mutate(result.input);
  }

  const set = <K extends WebhookEndpointField>(name: K, value: WebhookEndpointFormValues[K]) => setValues((v) => ({ ...v, [name]: value }));
  const all = values.events.includes('*');
  function toggleEvent(event: WebhookEvent, on: boolean) {
    if (event === '*') return set('events', on ? ['*'] : []);
    set('events', on ? [...values.events.filter((e) => e !== '*'), event] : values.events.filter((e) => e !== event));
  }
  const described = (name: WebhookEndpointField, hint?: string) => ({
    'aria-invalid': !!errors[name] || undefined,
    'aria-describedby': fieldDescribedBy(`endpoint-${name}`, errors[name], hint),
  });

  const tokenHint = endpoint?.has_auth_token ? 'Saved. Enter a new token to replace it.' : 'Sent as Authorization: Bearer <token>. Stored encrypted.';
  const headersHint = 'One per line, e.g. X-Team: growth.';
  const mappingHint = 'Write values from a 2xx JSON answer to the lead: /data/id = custom_fields.crm_id.';

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col" aria-label={editing ? 'Edit webhook endpoint' : 'Add webhook endpoint'}>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${endpoint.name}` : 'Add a webhook endpoint'}</DialogTitle>
        <DialogDescription>OmniReach sends signed JSON events here, retrying twice with backoff. Private and internal addresses are refused.</DialogDescription>
      </DialogHeader>
      <DialogBody className="grid gap-4">
        {banner && <FormBanner>{banner}</FormBanner>}
        <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
          <Field label="Name" htmlFor="endpoint-name" error={errors.name}>
            <Input id="endpoint-name" autoFocus={!editing} placeholder="CRM" value={values.name} onChange={(e) => set('name', e.target.value)} {...described('name')} />
          </Field>
          <Field label="URL" htmlFor="endpoint-url" error={errors.url}>
            <div className="flex gap-2">
              <Select value={values.method} onValueChange={(m) => set('method', m as WebhookMethod)}>
                <SelectTrigger className="w-[92px] shrink-0" aria-label="HTTP method">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {WEBHOOK_METHODS.map((m) => (
                    <SelectItem key={m} value={m}>
                      {m}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <Input id="endpoint-url" type="url" placeholder="https://crm.example.com/hooks/omnireach" value={values.url} onChange={(e) => set('url', e.target.value)} {...described('url')} />
            </div>
          </Field>
        </div>
        <fieldset className="grid gap-2" aria-describedby={errors.events ? 'endpoint-events-error' : undefined}>
          <legend className="mb-1.5 text-[13px] font-medium">Events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {(['*', ...WEBHOOK_EVENTS] as WebhookEvent[]).map((event) => (
              <label key={event} className="flex items-center gap-2 text-[13px]">
                <Checkbox checked={values.events.includes(event)} disabled={all && event !== '*'} onCheckedChange={(c) => toggleEvent(event, c === true)} />
                <span>{EVENT_LABELS[event]}</span>
                {event !== '*' && <code className="font-mono text-xs text-muted-foreground">{event}</code>}
              </label>
            ))}
          </div>
          {errors.events && (
            <p id="endpoint-events-error" role="alert" className="text-xs text-danger">
              {errors.events}
            </p>
          )}
        </fieldset>
        <Field label="Auth token" htmlFor="endpoint-auth_token" error={errors.auth_token} hint={tokenHint} optional>
          <Input
            id="endpoint-auth_token"
            type="password"
            autoComplete="off"
            disabled={values.remove_auth_token}
            placeholder={endpoint?.has_auth_token ? '••••••••' : ''}
            value={values.auth_token}
            onChange={(e) => set('auth_token', e.target.value)}
            {...described('auth_token', tokenHint)}
          />
        </Field>
        {endpoint?.has_auth_token && (
          <label className="flex items-center gap-2 text-[13px]">
            <Checkbox checked={values.remove_auth_token} onCheckedChange={(c) => set('remove_auth_token', c === true)} />
            Remove the stored token
          </label>
        )}
        <Field label="Extra headers" htmlFor="endpoint-headers" error={errors.headers} hint={headersHint} optional>
          <Textarea id="endpoint-headers" rows={2} className="font-mono text-xs" value={values.headers} onChange={(e) => set('headers', e.target.value)} {...described('headers', headersHint)} />
        </Field>
        <Field label="Response mapping" htmlFor="endpoint-response_mapping" error={errors.response_mapping} hint={mappingHint} optional>
          <Textarea
            id="endpoint-response_mapping"
            rows={2}
            className="font-mono text-xs"
            value={values.response_mapping}
            onChange={(e) => set('response_mapping', e.target.value)}
            {...described('response_mapping', mappingHint)}
          />
        </Field>
        <label className="flex items-center gap-3">
          <Switch checked={values.enabled} onCheckedChange={(on) => set('enabled', on)} />
          <span className="text-[13px]">{values.enabled ? 'Enabled: receives events' : 'Disabled: receives nothing'}</span>
        </label>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {editing ? 'Save endpoint' : 'Add endpoint'}
        </Button>
      </DialogFooter>
    </form>
  );
}

export function WebhookEndpointDialog({ open, onOpenChange, endpoint }: { open: boolean; onOpenChange: (open: boolean) => void; endpoint?: WebhookEndpoint | null }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">{open && <EndpointForm key={endpoint?.id ?? 'new'} endpoint={endpoint} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}
