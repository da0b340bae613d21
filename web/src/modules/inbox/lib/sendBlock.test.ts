import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/ApiError';
import { describeRelease, parseBlockedReason, sendBlockFromError, sendBlockFromHeld, zoneFromReason } from './sendBlock';

// 2025-06-17 12:00 UTC = 08:00 in New York (EDT) = 14:00 in Berlin (CEST).
const RELEASE = Date.UTC(2025, 5, 17, 12, 0);

describe('send blocks', () => {
  it('reads the gate code, reason and retry time from a refused send', () => {
    const err = new ApiError(422, 'suppressed', 'The address is on the workspace suppression list (stop, sms).', {
      code: 'suppressed',
      reason: 'The address is on the workspace suppression list (stop, sms).',
      retry_at: null,
    });
    expect(sendBlockFromError(err)).toEqual({ code: 'suppressed', reason: 'The address is on the workspace suppression list (stop, sms).', retryAt: null });
  });

  it('is not a block when the 422 is a validation error, or the error is not from the API', () => {
    expect(sendBlockFromError(new ApiError(422, 'validation_failed', 'Some fields need attention.', { fields: { text: 'write some text' } }))).toBeNull();
    expect(sendBlockFromError(new Error('boom'))).toBeNull();
  });

  it('parses the recorded `code: reason` of drafts and messages, and ignores other errors', () => {
    expect(parseBlockedReason('consent_revoked: The lead revoked consent for sms; they must opt in again.')).toEqual({
      code: 'consent_revoked',
      reason: 'The lead revoked consent for sms; they must opt in again.',
      retryAt: null,
    });
    expect(parseBlockedReason('Twilio 21211: invalid To number')).toBeNull();
    expect(parseBlockedReason(null)).toBeNull();
  });

  it('reads a quiet-hours hold from an accepted send', () => {
    expect(sendBlockFromHeld({ code: 'quiet_hours', reason: 'Quiet hours…', retry_at: RELEASE })).toEqual({ code: 'quiet_hours', reason: 'Quiet hours…', retryAt: RELEASE });
    expect(sendBlockFromHeld(undefined)).toBeNull();
  });

  it('finds the lead’s zone named in a quiet-hours reason', () => {
    const reason = "Quiet hours: sms messages go out only between 08:00 and 21:00 in the lead's local time (America/New_York); held until 2025-06-17 12:00 UTC.";
    expect(zoneFromReason(reason)).toBe('America/New_York');
    expect(zoneFromReason('no zone here')).toBeNull();
  });

  it('says when a held message goes, in the lead’s time and yours', () => {
    expect(describeRelease(RELEASE, 'America/New_York', 'Europe/Berlin')).toBe('Tue, Jun 17, 08:00 for the lead (America/New_York) · Tue, Jun 17, 14:00 your time');
    expect(describeRelease(RELEASE, 'Europe/Berlin', 'Europe/Berlin')).toBe('Tue, Jun 17, 14:00 your time');
    expect(describeRelease(RELEASE, null, 'America/New_York')).toBe('Tue, Jun 17, 08:00 your time');
  });
});
