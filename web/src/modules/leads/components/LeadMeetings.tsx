import { CalendarClock, ExternalLink } from 'lucide-react';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { Badge } from '@/components/ui/badge';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDateTime } from '@/lib/format';
import { useLeadMeetings } from '../hooks/useLeadMeetings';
import { groupMeetings } from '../lib/groupMeetings';
import type { Meeting } from '../types/meeting';

const PROVIDER: Record<Meeting['provider'], string> = { calendly: 'Calendly', calcom: 'Cal.com' };

function MeetingItem({ meeting, tone }: { meeting: Meeting; tone: 'upcoming' | 'past' | 'cancelled' }) {
  return (
    <li className="grid gap-0.5 py-2 text-[13px]" data-testid="meeting" data-status={meeting.status}>
      <div className="flex items-center gap-2">
        <span className={tone === 'cancelled' ? 'truncate text-muted-foreground line-through' : 'truncate font-medium'}>{meeting.title || 'Meeting'}</span>
        {tone === 'upcoming' && <Badge variant="brand">Upcoming</Badge>}
        {meeting.status === 'cancelled' && <Badge variant="danger">Cancelled</Badge>}
        {meeting.status === 'rescheduled' && <Badge variant="neutral">Rescheduled</Badge>}
      </div>
      <p className="text-xs text-muted-foreground">
        {meeting.start_at ? formatDateTime(meeting.start_at) : 'Time not given'} · {PROVIDER[meeting.provider]}
      </p>
      {meeting.cancel_reason && <p className="text-xs text-muted-foreground">Reason: {meeting.cancel_reason}</p>}
      {tone === 'upcoming' && (meeting.reschedule_url || meeting.cancel_url) && (
        <p className="flex gap-3 text-xs">
          {meeting.reschedule_url && (
            <a className="inline-flex items-center gap-1 text-primary-text hover:underline" href={meeting.reschedule_url} target="_blank" rel="noreferrer">
              Reschedule <ExternalLink className="size-3" aria-hidden />
            </a>
          )}
          {meeting.cancel_url && (
            <a className="inline-flex items-center gap-1 text-primary-text hover:underline" href={meeting.cancel_url} target="_blank" rel="noreferrer">
              Cancel link <ExternalLink className="size-3" aria-hidden />
            </a>
          )}
        </p>
      )}
    </li>
  );
}

/** A lead's meetings booked through Calendly or Cal.com: upcoming, past and cancelled. */
export function LeadMeetings({ leadId }: { leadId: string }) {
  const meetings = useLeadMeetings(leadId);
  const [now] = useState(Date.now);
  if (meetings.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true">
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-3 w-1/2" />
      </div>
    );
  }
  if (meetings.isError) return <ErrorState compact error={meetings.error} title="Couldn't load meetings" onRetry={() => meetings.refetch()} />;
  if (meetings.data.length === 0) {
    return (
      <p className="flex items-start gap-2 text-[13px] text-muted-foreground">
        <CalendarClock className="mt-0.5 size-4 shrink-0" aria-hidden />
        No meetings yet. Bookings through your Calendly or Cal.com link appear here.
      </p>
    );
  }
  const groups = groupMeetings(meetings.data, now);
  return (
    <ul className="divide-y divide-border/70" aria-label="Meetings">
      {groups.upcoming.map((m) => (
        <MeetingItem key={m.id} meeting={m} tone="upcoming" />
      ))}
      {groups.past.map((m) => (
        <MeetingItem key={m.id} meeting={m} tone="past" />
      ))}
      {groups.cancelled.map((m) => (
        <MeetingItem key={m.id} meeting={m} tone="cancelled" />
      ))}
    </ul>
  );
}
