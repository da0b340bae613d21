import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowDown, ArrowUp, Lock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { FormBanner } from '@/components/FormBanner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Progress } from '@/components/ui/progress';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { updateAiSettings } from '@/modules/agents/api/updateAiSettings';
import { useAiSettings } from '@/modules/agents/hooks/useAiSettings';
import { formatUsd, PROVIDER_LABELS } from '@/modules/agents/lib/agentLabels';
import { KEYED_PROVIDERS, type AiSettings, type AiSettingsInput, type KeyedProvider } from '@/modules/agents/types/agent';
import { SettingsRow } from './SettingsRow';
import { SettingsSection } from './SettingsSection';

const BASE_URL_HINT: Record<KeyedProvider, string> = {
  openrouter: 'https://openrouter.ai/api/v1',
  mistral: 'https://api.mistral.ai/v1',
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  openai_compatible: 'http://localhost:11434/v1',
};

function orderOf(settings: AiSettings): KeyedProvider[] {
  const known = (settings.failover_order ?? []).filter((p): p is KeyedProvider => (KEYED_PROVIDERS as readonly string[]).includes(p));
  return [...known, ...KEYED_PROVIDERS.filter((p) => !known.includes(p))];
}

function AiSettingsForm({ settings, canEdit }: { settings: AiSettings; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [keys, setKeys] = useState<Partial<Record<KeyedProvider, string>>>({});
  const [urls, setUrls] = useState<Partial<Record<KeyedProvider, string>>>(() =>
    Object.fromEntries(KEYED_PROVIDERS.map((p) => [p, settings.providers?.[p]?.base_url ?? ''])),
  );
  const [order, setOrder] = useState<KeyedProvider[]>(() => orderOf(settings));
  const [budget, setBudget] = useState(settings.monthly_budget_usd === null || settings.monthly_budget_usd === undefined ? '' : String(settings.monthly_budget_usd));
  const [banner, setBanner] = useState<string | null>(null);
  const [budgetError, setBudgetError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: updateAiSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.aiSettings, next);
      setKeys({});
      toast.success('AI settings saved');
    },
    onError: (err) => setBanner(isApiError(err) ? err.message : "Couldn't save the AI settings."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const amount = budget.trim() === '' ? null : Number(budget);
    if (amount !== null && (!Number.isFinite(amount) || amount < 0)) {
      setBudgetError('Enter an amount in US dollars, or leave it empty for no budget.');
      return;
    }
    setBudgetError(null);
    const providers: NonNullable<AiSettingsInput['providers']> = {};
    for (const p of KEYED_PROVIDERS) {
      const key = keys[p]?.trim();
      const url = urls[p]?.trim() ?? '';
      const urlChanged = url !== (settings.providers?.[p]?.base_url ?? '');
      if (key || urlChanged) providers[p] = { ...(key ? { api_key: key } : {}), ...(urlChanged ? { base_url: url || null } : {}) };
    }
    save.mutate({ providers, failover_order: order, monthly_budget_usd: amount });
  }

  function move(i: number, by: number) {
    const next = order.slice();
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    setOrder(next);
  }

  const spent = settings.month_to_date_usd ?? 0;
  const limit = settings.monthly_budget_usd ?? null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="AI settings" className="grid gap-8">
      {banner && <FormBanner>{banner}</FormBanner>}
      <SettingsSection title="Providers" description="Keys are stored encrypted and never shown again — only their last four characters.">
        <div className="divide-y divide-border">
          {KEYED_PROVIDERS.map((p) => {
            const current = settings.providers?.[p];
            return (
              <SettingsRow
                key={p}
                label={PROVIDER_LABELS[p]}
                htmlFor={`ai-key-${p}`}
                hint={
                  current?.configured ? (
                    <span className="inline-flex items-center gap-1.5">
                      <Badge variant="success">Configured</Badge>
                      <span className="font-mono">••••{current.last4 ?? ''}</span>
                    </span>
                  ) : (
                    'Not configured'
                  )
                }
              >
                <Input
                  id={`ai-key-${p}`}
                  type="password"
                  autoComplete="off"
                  placeholder={current?.configured ? 'Enter a new key to replace it' : 'Paste an API key'}
                  value={keys[p] ?? ''}
                  disabled={!canEdit}
                  onChange={(e) => setKeys((k) => ({ ...k, [p]: e.target.value }))}
                  aria-describedby={`ai-key-${p}-hint`}
                />
                <Input
                  aria-label={`${PROVIDER_LABELS[p]} base URL`}
                  placeholder={`Base URL (default ${BASE_URL_HINT[p]})`}
                  value={urls[p] ?? ''}
                  disabled={!canEdit}
                  onChange={(e) => setUrls((u) => ({ ...u, [p]: e.target.value }))}
                />
              </SettingsRow>
            );
          })}
        </div>
      </SettingsSection>
      <SettingsSection title="Failover order" description="With “Automatic”, agents try providers top to bottom and skip those without a key or with an open circuit.">
        <ol className="divide-y divide-border" aria-label="Failover order">
          {order.map((p, i) => (
            <li key={p} className="flex items-center gap-3 px-5 py-2.5 text-[13px]">
              <span className="w-5 text-right text-muted-foreground tabular-nums">{i + 1}</span>
              <span className="flex-1">{PROVIDER_LABELS[p]}</span>
              {!settings.providers?.[p]?.configured && <span className="text-xs text-subtle-foreground">no key</span>}
              <Button type="button" size="icon-sm" variant="ghost" aria-label={`Move ${PROVIDER_LABELS[p]} up`} disabled={!canEdit || i === 0} onClick={() => move(i, -1)}>
                <ArrowUp aria-hidden />
              </Button>
              <Button type="button" size="icon-sm" variant="ghost" aria-label={`Move ${PROVIDER_LABELS[p]} down`} disabled={!canEdit || i === order.length - 1} onClick={() => move(i, 1)}>
                <ArrowDown aria-hidden />
              </Button>
            </li>
          ))}
        </ol>
        <p className="border-t border-border px-5 py-3 text-xs text-muted-foreground">When no provider has a key, agents use the offline responder, labelled “offline” everywhere.</p>
      </SettingsSection>
      <SettingsSection title="Budget" description="Spend on model calls this calendar month, against the workspace budget.">
        <div className="divide-y divide-border">
          <SettingsRow label="Month to date">
            <span className="text-[15px] font-semibold tabular-nums" data-testid="ai-month-to-date">
              {formatUsd(spent, 2)}
              {limit ? <span className="text-[13px] font-normal text-muted-foreground"> of {formatUsd(limit, 2)}</span> : null}
            </span>
            {limit ? <Progress value={spent} max={limit} tone={spent >= limit ? 'danger' : 'brand'} aria-label="Spend against the monthly budget" /> : null}
          </SettingsRow>
          <SettingsRow label="Monthly budget (USD)" htmlFor="ai-budget" hint="Leave empty for no limit. Alerts fire as spend approaches it." error={budgetError}>
            <Input
              id="ai-budget"
              inputMode="decimal"
              className="sm:max-w-[160px]"
              value={budget}
              disabled={!canEdit}
              onChange={(e) => setBudget(e.target.value)}
              aria-invalid={!!budgetError || undefined}
              aria-describedby={budgetError ? 'ai-budget-error' : 'ai-budget-hint'}
            />
          </SettingsRow>
        </div>
      </SettingsSection>
      {canEdit ? (
        <div className="flex justify-end">
          <Button type="submit" variant="primary" loading={save.isPending}>
            Save AI settings
          </Button>
        </div>
      ) : (
        <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <Lock className="size-3" aria-hidden /> Only admins can change AI settings.
        </p>
      )}
    </form>
  );
}

/** Settings → AI: provider keys (write-only), base URLs, failover order, budget and spend. */
export function AiSettingsTab() {
  const settings = useAiSettings();
  const { isAdmin } = usePermissions();
  if (settings.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <Skeleton className="h-64 rounded-xl" />
        <Skeleton className="h-40 rounded-xl" />
      </div>
    );
  }
  if (settings.isError) return <ErrorState error={settings.error} title="Couldn't load AI settings" onRetry={() => settings.refetch()} retrying={settings.isFetching} />;
  return <AiSettingsForm key={settings.dataUpdatedAt} settings={settings.data} canEdit={isAdmin} />;
}
