import type { Message } from '../types/conversation';

/** WhatsApp allows free-form messages for 24 hours after the lead's last WhatsApp message. */
export const WHATSAPP_SESSION_MS = 24 * 60 * 60 * 1000;

export type WhatsappWindow =
  | { state: 'open'; lastInboundAt: number; closesAt: number }
  | { state: 'closed'; lastInboundAt: number | null }
  /** The loaded part of the thread is too short to tell; the server decides on send. */
  | { state: 'unknown' };

/**
 * The window as the loaded thread shows it (`messages` oldest → newest). Exact when the whole
 * thread is loaded or the loaded part reaches back more than 24 hours; the window closes at
 * exactly 24 h 00 min, as on the server.
 */
export function whatsappWindow(messages: Message[], hasOlder: boolean, now: number): WhatsappWindow {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.direction !== 'inbound' || m.channel !== 'whatsapp') continue;
    const closesAt = m.created_at + WHATSAPP_SESSION_MS;
    return now < closesAt ? { state: 'open', lastInboundAt: m.created_at, closesAt } : { state: 'closed', lastInboundAt: m.created_at };
  }
  const oldest = messages[0]?.created_at;
  const coversWindow = !hasOlder || (oldest !== undefined && now - oldest >= WHATSAPP_SESSION_MS);
  return coversWindow ? { state: 'closed', lastInboundAt: null } : { state: 'unknown' };
}
