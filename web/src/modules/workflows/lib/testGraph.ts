import type { Graph } from '../types/graph';

/** A small graph in the contract's shape, shared by the unit tests. */
export function sampleGraph(): Graph {
  return {
    format: 'omnireach.workflow',
    version: 1,
    settings: { exit_on: { reply: true, unsubscribe: true, meeting_booked: true, stage_change: false } },
    nodes: [
      { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { kind: 'manual' } },
      { id: 'email1', type: 'send', position: { x: 0, y: 140 }, data: { channel: 'email', source: 'text', subject: 'Hi {{first_name}}', body: 'Hello' } },
      { id: 'wait', type: 'wait_for_event', position: { x: 0, y: 280 }, data: { events: ['reply'], timeout_seconds: 172800 } },
      { id: 'sms', type: 'send', position: { x: 200, y: 420 }, data: { channel: 'sms', source: 'text', body: 'Quick nudge' } },
      { id: 'end', type: 'end', position: { x: 0, y: 560 }, data: { outcome: 'goal' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'email1' },
      { id: 'e2', source: 'email1', target: 'wait' },
      { id: 'e3', source: 'wait', target: 'sms', sourceHandle: 'timeout' },
      { id: 'e4', source: 'wait', target: 'end', sourceHandle: 'event' },
    ],
  };
}
