import type { LinkedinTask, LinkedinTaskKind } from '../types/linkedinTask';

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export const TASK_KIND_LABELS: Record<LinkedinTaskKind, { action: string; short: string }> = {
  connect: { action: 'Send a connection request', short: 'Connect' },
  message: { action: 'Send a message', short: 'Message' },
  view_profile: { action: 'Visit the profile', short: 'View profile' },
};

export interface OpenTaskGroups {
  /** Due now or earlier, soonest first. */
  ready: LinkedinTask[];
  /** Held back by a weekly limit until later. */
  scheduled: LinkedinTask[];
}

/** Open tasks that can be done now, and those waiting for the weekly limit to have room. */
export function groupOpenTasks(tasks: LinkedinTask[], now: number): OpenTaskGroups {
  const open = tasks.filter((t) => t.status === 'open').sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
  return { ready: open.filter((t) => Date.parse(t.due_at) <= now), scheduled: open.filter((t) => Date.parse(t.due_at) > now) };
}

/**
 * Tasks counting against each weekly limit right now, as the server counts them: not skipped,
 * due within the last 7 days (done or still to do). Profile visits are not limited.
 */
export function weeklyUsage(tasks: LinkedinTask[], now: number): { connect: number; message: number } {
  const usage = { connect: 0, message: 0 };
  for (const t of tasks) {
    if (t.status === 'skipped' || t.kind === 'view_profile') continue;
    const due = Date.parse(t.due_at);
    if (due > now - WEEK_MS && due <= now) usage[t.kind] += 1;
  }
  return usage;
}
