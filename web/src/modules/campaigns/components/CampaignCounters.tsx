import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatNumber, formatPercent } from '@/lib/format';
import type { StatsTotals } from '../types/campaign';

const GROUPS: { label: string; items: { key: keyof StatsTotals; label: string; rateOf?: keyof StatsTotals }[] }[] = [
  {
    label: 'Leads',
    items: [
      { key: 'enrolled', label: 'Enrolled' },
      { key: 'active', label: 'Active' },
      { key: 'waiting', label: 'Waiting' },
      { key: 'completed', label: 'Completed' },
      { key: 'exited', label: 'Exited' },
      { key: 'failed', label: 'Failed' },
    ],
  },
  {
    label: 'Outreach',
    items: [
      { key: 'sent', label: 'Sent' },
      { key: 'delivered', label: 'Delivered', rateOf: 'sent' },
      { key: 'opened', label: 'Opened', rateOf: 'sent' },
      { key: 'replied', label: 'Replied', rateOf: 'sent' },
      { key: 'positive_replies', label: 'Positive', rateOf: 'replied' },
      { key: 'meetings', label: 'Meetings', rateOf: 'enrolled' },
    ],
  },
];

/** The campaign's live counters (they update in place from `campaign.stats`). */
export function CampaignCounters({ totals }: { totals: StatsTotals | undefined }) {
  return (
    <div className="grid gap-3 lg:grid-cols-2" aria-live="polite" data-testid="campaign-counters">
      {GROUPS.map((group) => (
        <Card key={group.label} className="grid gap-3 p-4">
          <h2 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{group.label}</h2>
          <dl className="grid grid-cols-3 gap-x-4 gap-y-3 sm:grid-cols-6 lg:grid-cols-3 xl:grid-cols-6">
            {group.items.map(({ key, label, rateOf }) => (
              <div key={key} className="grid gap-0.5" data-testid={`counter-${key}`}>
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums leading-6">
                  {totals ? formatNumber(totals[key] as number) : <Skeleton className="h-6 w-10" />}
                </dd>
                {rateOf && totals && <dd className="text-[11px] tabular-nums text-subtle-foreground">{formatPercent(totals[key] as number, totals[rateOf] as number)}</dd>}
              </div>
            ))}
          </dl>
        </Card>
      ))}
    </div>
  );
}
