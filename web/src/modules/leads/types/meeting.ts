/** `GET /api/leads/{id}/meetings`: bookings from Calendly or Cal.com. Times are ISO 8601. */
export interface Meeting {
  id: string;
  lead_id: string;
  provider: 'calendly' | 'calcom';
  external_id: string;
  title: string | null;
  start_at: string | null;
  end_at: string | null;
  status: 'scheduled' | 'cancelled' | 'rescheduled';
  event_uri: string | null;
  cancel_url: string | null;
  reschedule_url: string | null;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
}
