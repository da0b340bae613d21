import { ChannelIcon } from '@/components/ChannelIcon';
import { Badge } from '@/components/ui/badge';
import { CHANNEL_LABELS } from '@/lib/channelLabels';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { CHANNELS, type Consent, type Lead } from '../types/lead';

const CONSENT_BADGE = {
  granted: <Badge variant="success">Granted</Badge>,
  revoked: <Badge variant="danger">Revoked</Badge>,
  unknown: <Badge variant="neutral">Unknown</Badge>,
};

/** Consent per channel with where it came from and when, plus what blocks every send. */
export function ConsentList({ lead }: { lead: Lead }) {
  return (
    <div className="grid gap-2">
      {lead.do_not_contact && (
        <p className="rounded-lg border border-danger/25 bg-danger-tint px-3 py-2 text-[13px] text-danger" data-testid="lead-dnc">
          Marked do not contact — nothing will be sent on any channel.
        </p>
      )}
      {lead.email_status === 'invalid' && (
        <p className="rounded-lg border border-warning/30 bg-warning-tint px-3 py-2 text-[13px] text-warning">The email address bounced; email sends are refused until it is corrected.</p>
      )}
      <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Consent per channel">
        {CHANNELS.map((c) => {
          const consent: Consent = lead.consents?.[c] ?? { status: 'unknown', source: null, updated_at: null };
          return (
            <li key={c} className="flex items-center gap-3 px-3 py-2" data-testid="consent" data-channel={c} data-status={consent.status}>
              <ChannelIcon channel={c} badge />
              <div className="grid min-w-0 flex-1 leading-tight">
                <span className="text-[13px] font-medium">{CHANNEL_LABELS[c]}</span>
                <span className="truncate text-xs text-muted-foreground" title={consent.updated_at ? formatDateTime(consent.updated_at) : undefined}>
                  {consent.source || consent.updated_at
                    ? [consent.source && `via ${humanize(consent.source)}`, consent.updated_at && formatRelative(consent.updated_at)].filter(Boolean).join(' · ')
                    : 'No record'}
                </span>
                {consent.evidence && (
                  <span className="truncate text-xs text-muted-foreground" title={consent.evidence} data-testid="consent-evidence">
                    Evidence: <span className="font-mono">{consent.evidence}</span>
                  </span>
                )}
              </div>
              {CONSENT_BADGE[consent.status]}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
