import type { SampleLead, SimulationRequest } from '../types/campaign';

export const SIMULATED_EVENTS = ['reply', 'open', 'click', 'meeting_booked', 'unsubscribe'] as const;
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number];

/** The simulation form: who, and what the lead does when. */
export interface SimulationForm {
  leadId: string | null;
  /** Day (from 0) on which each chosen event happens. */
  events: Partial<Record<SimulatedEvent, number>>;
  decisions: Record<string, 'yes' | 'no'>;
  variants: Record<string, string>;
  /** The sample lead's settings (used when no lead is picked). */
  sample?: SampleForm;
  /** What the lead's reply says (labelled for decisions on reply intent and sentiment). */
  replyText?: string;
}

export interface SampleForm {
  firstName: string;
  /** Comma-separated. */
  tags: string;
  smsConsent: boolean;
  whatsappConsent: boolean;
}

/** The sample lead's overrides; `true` when nothing differs from the server's sample. */
export function sampleLead(sample: SampleForm | undefined): true | SampleLead {
  if (!sample) return true;
  const lead: SampleLead = {};
  const name = sample.firstName.trim();
  if (name) lead.first_name = name;
  const tags = sample.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length) lead.tags = tags;
  const consent: NonNullable<SampleLead['consent']> = {};
  if (sample.smsConsent) consent.sms = 'granted';
  if (sample.whatsappConsent) consent.whatsapp = 'granted';
  if (Object.keys(consent).length) lead.consent = consent;
  return Object.keys(lead).length ? lead : true;
}

const OUTCOMES: Record<string, string> = {
  goal: 'Goal reached',
  completed: 'Completed',
  failed: 'Stopped: a step could not run',
  stalled: 'Stopped: held too many times in a row',
  horizon: 'Still running after 90 days',
};

/** The simulation's outcome in words: "exited_meeting_booked" → "Exited: meeting booked". */
export function outcomeLabel(outcome: string): string {
  if (OUTCOMES[outcome]) return OUTCOMES[outcome];
  if (outcome.startsWith('exited_')) return `Exited: ${outcome.slice('exited_'.length).replace(/_/g, ' ')}`;
  return outcome.replace(/_/g, ' ');
}

const DAY = 86_400;

/** The request for `POST /api/campaigns/{id}/simulate`; a sample lead when none is picked. */
export function simulationRequest(form: SimulationForm): SimulationRequest {
  const events = (Object.entries(form.events) as [SimulatedEvent, number][])
    .filter(([, day]) => Number.isFinite(day) && day >= 0)
    .map(([event, day]) => {
      const text = event === 'reply' ? form.replyText?.trim() : undefined;
      return { event, after_seconds: Math.round(day * DAY), ...(text ? { text } : {}) };
    })
    .sort((a, b) => a.after_seconds - b.after_seconds);
  const outcomes: NonNullable<SimulationRequest['outcomes']> = {};
  if (events.length) outcomes.events = events;
  if (Object.keys(form.decisions).length) outcomes.decisions = form.decisions;
  if (Object.keys(form.variants).length) outcomes.variants = form.variants;
  return {
    ...(form.leadId ? { lead_id: form.leadId } : { sample_lead: sampleLead(form.sample) }),
    ...(Object.keys(outcomes).length ? { outcomes } : {}),
  };
}

/** Virtual time since enrolment: "Day 0, 0:00", "Day 2, 9:30". */
export function formatOffset(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const day = Math.floor(s / DAY);
  const hours = Math.floor((s % DAY) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return `Day ${day}, ${hours}:${String(minutes).padStart(2, '0')}`;
}
