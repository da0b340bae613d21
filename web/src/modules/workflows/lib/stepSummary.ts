import { CHANNEL_LABELS } from '@/lib/channelLabels';
import type { GraphNode, LeadEvent, MessageChannel, MessageFields } from '../types/graph';
import { describeCondition } from './conditionLogic';
import { formatDuration } from './durations';
import { optionLabel } from './facts';
import { STEP_META } from './stepCatalog';

const TRIGGER_KINDS: Record<string, string> = {
  manual: 'Manual enrolment',
  csv: 'From a CSV import',
  segment: 'Leads in a segment',
  inbound_message: 'When a lead writes in',
  webhook: 'From a webhook',
};

const channelLabel = (channel: MessageChannel): string => CHANNEL_LABELS[channel];

const EVENT_LABELS: Record<LeadEvent, string> = { reply: 'reply', open: 'open', click: 'click', meeting_booked: 'meeting' };

function firstLine(text: string | undefined, max = 48): string {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function message(m: MessageFields): string {
  if (m.source === 'template') return m.template_id ? 'Template' : 'Choose a template';
  if (m.source === 'previous_draft') return 'The AI draft';
  return firstLine(m.subject) || firstLine(m.body) || 'Write the message';
}

/** The node card's title: "Send email", "Wait 2 days", "Decision". */
export function stepTitle(node: GraphNode): string {
  switch (node.type) {
    case 'send':
      return node.data.channel === 'linkedin' ? 'LinkedIn task' : `Send ${node.data.channel === 'email' ? 'email' : channelLabel(node.data.channel)}`;
    case 'wait':
      return node.data.mode === 'duration' ? `Wait ${formatDuration(node.data.seconds)}` : 'Wait for window';
    case 'wait_for_event':
      return `Wait for ${node.data.events.map((e) => EVENT_LABELS[e]).join(' or ') || 'event'}`;
    case 'end':
      return node.data.outcome === 'goal' ? 'Goal' : 'End';
    default:
      return STEP_META[node.type].label;
  }
}

/** One line summarising the node's settings. */
export function stepSummary(node: GraphNode): string {
  switch (node.type) {
    case 'trigger':
      return TRIGGER_KINDS[node.data.kind] ?? node.data.kind;
    case 'ai_generate':
      return `${channelLabel(node.data.channel)} draft${node.data.agent_id ? '' : ' · choose an agent'}`;
    case 'send':
      return message(node.data);
    case 'wait':
      return node.data.mode === 'duration' ? 'Then continue' : "Next opening in the lead's timezone";
    case 'wait_for_event':
      return `Up to ${formatDuration(node.data.timeout_seconds)}`;
    case 'decision':
      return describeCondition(node.data.condition);
    case 'ab_split':
      return node.data.variants.map((v) => `${v.key} ${v.weight}%`).join(' · ');
    case 'channel_fallback':
      return node.data.channels.map(channelLabel).join(' → ') || 'Choose channels';
    case 'webhook':
      return node.data.endpoint_id ? 'Call the endpoint' : 'Choose an endpoint';
    case 'hand_off':
      return node.data.to === 'ai' ? 'To the AI agent' : node.data.assignee_id ? 'To a teammate' : 'To a human';
    case 'update_lead': {
      const parts = [
        node.data.stage && `Stage → ${optionLabel(node.data.stage)}`,
        node.data.add_tags?.length && `+${node.data.add_tags.join(', +')}`,
        node.data.remove_tags?.length && `−${node.data.remove_tags.join(', −')}`,
      ].filter(Boolean);
      return parts.join(' · ') || 'Nothing to change yet';
    }
    case 'end':
      return node.data.outcome === 'goal' ? 'Counts as converted' : 'Stop the run';
  }
}
