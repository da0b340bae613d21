import { api } from '@/lib/api/api';
import type { TwilioTestResult } from '../types/twilio';

/** Sends a real test SMS through the workspace's Twilio account. */
export function testTwilio(to: string): Promise<TwilioTestResult> {
  return api.post<TwilioTestResult>('/api/settings/channels/twilio/test', { to });
}
