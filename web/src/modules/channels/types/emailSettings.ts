export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `GET/PUT /api/email/settings`. Times are `HH:MM` in the lead's local time. */
export interface EmailSettings {
  /** Printed in every email's footer (CAN-SPAM); sends are refused while it is empty. */
  postal_address: string | null;
  tracking_enabled: boolean;
  window_days: string[];
  window_start: string;
  window_end: string;
}
