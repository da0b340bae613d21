import type { SimulationRequest } from '../types/campaign';

export const SIMULATED_EVENTS = ['reply', 'open', 'click', 'meeting_booked'] as const;
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number];

/** The simulation form: who, and what the lead does when. */
export interface SimulationForm {
  leadId: string | null;
  /** Day (from 0) on which each chosen event happens. */
  events: Partial<Record<SimulatedEvent, number>>;
  decisions: Record<string, 'yes' | 'no'>;
  variants: Record<string, string>;
}

const DAY = 86_400;

/** The request for `POST /api/campaigns/{id}/simulate`; a sample lead when none is picked. */
export function simulationRequest(form: SimulationForm): SimulationRequest {
  const events = (Object.entries(form.events) as [SimulatedEvent, number][])
    .filter(([, day]) => Number.isFinite(day) && day >= 0)
    .map(([event, day]) => ({ event, after_seconds: Math.round(day * DAY) }))
    .sort((a, b) => a.after_seconds - b.after_seconds);
  const outcomes: NonNullable<SimulationRequest['outcomes']> = {};
  if (events.length) outcomes.events = events;
  if (Object.keys(form.decisions).length) outcomes.decisions = form.decisions;
  if (Object.keys(form.variants).length) outcomes.variants = form.variants;
  return {
    ...(form.leadId ? { lead_id: form.leadId } : { sample_lead: true }),
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
