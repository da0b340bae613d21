import type { Stage } from '../types/lead';

interface StageMeta {
  label: string;
  /** Badge classes (tinted background + readable text in both themes). */
  badge: string;
  /** Solid colour for dots and bars. */
  dot: string;
  chart: string;
}

export const stageMeta: Record<Stage, StageMeta> = {
  lead: { label: 'Lead', badge: 'bg-muted text-muted-foreground', dot: 'bg-zinc-400', chart: '#a1a1aa' },
  contacted: { label: 'Contacted', badge: 'bg-info-tint text-info', dot: 'bg-sky-500', chart: '#0ea5e9' },
  replied: { label: 'Replied', badge: 'bg-primary-tint text-primary-text', dot: 'bg-indigo-500', chart: '#6366f1' },
  meeting: { label: 'Meeting', badge: 'bg-warning-tint text-warning', dot: 'bg-amber-500', chart: '#f59e0b' },
  negotiation: {
    label: 'Negotiation',
    badge: 'bg-fuchsia-50 text-fuchsia-700 dark:bg-fuchsia-950/70 dark:text-fuchsia-300',
    dot: 'bg-fuchsia-500',
    chart: '#d946ef',
  },
  won: { label: 'Won', badge: 'bg-success-tint text-success', dot: 'bg-emerald-500', chart: '#10b981' },
  lost: { label: 'Lost', badge: 'bg-danger-tint text-danger', dot: 'bg-rose-500', chart: '#f43f5e' },
};
