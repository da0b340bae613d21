import { api } from '@/lib/api/api';
import type { MessageChannel } from '../types/conversation';

export interface SandboxInboundResult {
  message_id: string;
  conversation_id: string;
  duplicate: boolean;
}

/** Deliver a message as if the lead had written it, through the real webhook path. */
export function sendSandboxInbound(input: { lead_id: string; channel: MessageChannel; text: string; external_id?: string }): Promise<SandboxInboundResult> {
  return api.post<SandboxInboundResult>('/api/sandbox/inbound', input);
}
