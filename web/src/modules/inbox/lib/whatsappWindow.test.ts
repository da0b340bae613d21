import { describe, expect, it } from 'vitest';
import { message } from './testFixtures';
import { WHATSAPP_SESSION_MS, whatsappWindow } from './whatsappWindow';

const HOUR = 60 * 60 * 1000;
const NOW = 1_750_000_000_000;
const inboundWhatsapp = (id: string, at: number) => message(id, at, { direction: 'inbound', channel: 'whatsapp' });

describe('whatsappWindow', () => {
  it('is open until exactly 24 h after the last inbound WhatsApp message (23h59 open, 24h00 closed)', () => {
    const at = NOW - 23 * HOUR - 59 * 60_000;
    expect(whatsappWindow([inboundWhatsapp('w1', at)], false, NOW)).toEqual({ state: 'open', lastInboundAt: at, closesAt: at + WHATSAPP_SESSION_MS });
    expect(whatsappWindow([inboundWhatsapp('w1', NOW - 24 * HOUR)], false, NOW)).toEqual({ state: 'closed', lastInboundAt: NOW - 24 * HOUR });
  });

  it('counts only inbound WhatsApp messages: our own sends and other channels do not open it', () => {
    const thread = [
      inboundWhatsapp('w1', NOW - 30 * HOUR),
      message('s1', NOW - HOUR, { direction: 'inbound', channel: 'sms' }),
      message('o1', NOW - 10 * 60_000, { direction: 'outbound', channel: 'whatsapp' }),
    ];
    expect(whatsappWindow(thread, false, NOW)).toEqual({ state: 'closed', lastInboundAt: NOW - 30 * HOUR });
  });

  it('is closed for a lead who never wrote on WhatsApp, when the whole thread is known', () => {
    expect(whatsappWindow([message('e1', NOW - HOUR, { direction: 'inbound', channel: 'email' })], false, NOW)).toEqual({ state: 'closed', lastInboundAt: null });
    expect(whatsappWindow([], false, NOW)).toEqual({ state: 'closed', lastInboundAt: null });
  });

  it('is unknown while unloaded older messages may still fall inside the 24 hours', () => {
    expect(whatsappWindow([message('e1', NOW - HOUR, { channel: 'email', direction: 'inbound' })], true, NOW)).toEqual({ state: 'unknown' });
    // The loaded part already reaches back past 24 h: anything older is outside the window.
    expect(whatsappWindow([message('e0', NOW - 25 * HOUR, { channel: 'email', direction: 'inbound' })], true, NOW)).toEqual({ state: 'closed', lastInboundAt: null });
  });
});
