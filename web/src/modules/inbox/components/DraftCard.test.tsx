import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TooltipProvider } from '@/components/ui/tooltip';
import { queryKeys } from '@/lib/queryKeys';
import type { Draft } from '../types/conversation';
import { DraftCard } from './DraftCard';

const draft = (patch: Partial<Draft>): Draft => ({
  id: 'd1',
  conversation_id: 'c1',
  status: 'ready',
  channel: 'sms',
  text: 'Happy to help!',
  agent_id: 'a1',
  generator: 'offline',
  offline: true,
  in_reply_to: null,
  created_at: 1,
  updated_at: 1,
  ...patch,
});

function renderCard(d: Draft) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.me, { user: { id: 'u1', name: 'Ada', role: 'sales' }, workspace: {} });
  render(
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <DraftCard draft={d} />
      </TooltipProvider>
    </QueryClientProvider>,
  );
}

describe('DraftCard', () => {
  it('shows why the send gate held an AI reply back', () => {
    renderCard(draft({ blocked_reason: 'consent_revoked: The lead revoked consent for sms; they must opt in again (e.g. reply START).' }));
    const note = screen.getByTestId('draft-blocked');
    expect(note).toHaveAttribute('data-code', 'consent_revoked');
    expect(note).toHaveTextContent('The AI did not send this: the lead withdrew consent for this channel.');
    expect(note).toHaveTextContent('reply START');
    expect(screen.getByText('AI draft — held back')).toBeInTheDocument();
  });

  it('shows nothing extra for a draft awaiting ordinary approval', () => {
    renderCard(draft({ blocked_reason: null }));
    expect(screen.queryByTestId('draft-blocked')).toBeNull();
    expect(screen.getByText('AI draft — not sent')).toBeInTheDocument();
  });
});
