import { describe, expect, test } from 'vitest';
import { formatOffset, outcomeLabel, simulationRequest } from './simulation';

describe('simulation request', () => {
  test('a sample lead with no outcomes asks for the default path', () => {
    expect(simulationRequest({ leadId: null, events: {}, decisions: {}, variants: {} })).toEqual({ sample_lead: true });
  });

  test('"the lead replies on day 3" becomes an event after 3 days, ordered by time', () => {
    expect(
      simulationRequest({ leadId: 'lead_1', events: { reply: 3, open: 1 }, decisions: { decision_1: 'no' }, variants: { ab_split_1: 'B' } }),
    ).toEqual({
      lead_id: 'lead_1',
      outcomes: {
        events: [
          { event: 'open', after_seconds: 86_400 },
          { event: 'reply', after_seconds: 259_200 },
        ],
        decisions: { decision_1: 'no' },
        variants: { ab_split_1: 'B' },
      },
    });
  });

  test('virtual time reads as day and clock time since enrolment', () => {
    expect(formatOffset(0)).toBe('Day 0, 0:00');
    expect(formatOffset(2 * 86_400 + 9.5 * 3600)).toBe('Day 2, 9:30');
  });

  test('the sample lead carries only what the user changed', () => {
    const base = { leadId: null, events: {}, decisions: {}, variants: {} };
    expect(simulationRequest({ ...base, sample: { firstName: ' ', tags: '', smsConsent: false, whatsappConsent: false } })).toEqual({ sample_lead: true });
    expect(simulationRequest({ ...base, sample: { firstName: 'Sam', tags: 'vip, , warm', smsConsent: true, whatsappConsent: false } })).toEqual({
      sample_lead: { first_name: 'Sam', tags: ['vip', 'warm'], consent: { sms: 'granted' } },
    });
    // A picked lead ignores the sample's settings.
    expect(simulationRequest({ ...base, leadId: 'l1', sample: { firstName: 'Sam', tags: '', smsConsent: true, whatsappConsent: true } })).toEqual({ lead_id: 'l1' });
  });

  test("a reply carries what the lead says; other events don't", () => {
    expect(simulationRequest({ leadId: 'l1', events: { reply: 1, open: 0 }, decisions: {}, variants: {}, replyText: '  Sounds great ' })).toEqual({
      lead_id: 'l1',
      outcomes: {
        events: [
          { event: 'open', after_seconds: 0 },
          { event: 'reply', after_seconds: 86_400, text: 'Sounds great' },
        ],
      },
    });
  });

  test('outcomes read as words', () => {
    expect(outcomeLabel('goal')).toBe('Goal reached');
    expect(outcomeLabel('exited_meeting_booked')).toBe('Exited: meeting booked');
    expect(outcomeLabel('something_new')).toBe('something new');
  });
});
