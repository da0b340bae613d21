import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TooltipProvider } from '@/components/ui/tooltip';
import { queryKeys } from '@/lib/queryKeys';
import type { Role } from '@/modules/auth/types/auth';
import { flattenMessages, type MessagesData } from '../lib/messageCache';
import { conversation, message } from '../lib/testFixtures';
import type { ConversationDetail } from '../types/conversation';
import { Composer } from './Composer';

function renderComposer(role: Role) {
  localStorage.setItem('omnireach.access_token', 'token');
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(queryKeys.me, { user: { id: 'u1', name: 'Ada', role }, workspace: {} });
  const thread: MessagesData = { pages: [{ items: [message('m1', 1)], has_more: false }], pageParams: [undefined] };
  queryClient.setQueryData(queryKeys.conversations.messages('c1'), thread);
  const detail: ConversationDetail = { ...conversation('c1', 1), drafts: [], lead_detail: null };
  render(
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <Composer conversation={detail} textareaRef={createRef<HTMLTextAreaElement>()} />
      </TooltipProvider>
    </QueryClientProvider>,
  );
  return queryClient;
}

const thread = (qc: QueryClient) => flattenMessages(qc.getQueryData<MessagesData>(queryKeys.conversations.messages('c1')));

afterEach(() => vi.unstubAllGlobals());

describe('Composer', () => {
  it('is read-only for viewers, and says why', () => {
    renderComposer('viewer');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeDisabled();
    const send = screen.getByTestId('send-button');
    expect(send).toBeDisabled();
    expect(screen.getAllByLabelText("Viewers can't edit").length).toBeGreaterThan(0);
  });

  it('sends on Enter: shows the message at once as queued, then swaps in the server copy', async () => {
    let answer!: (r: Response) => void;
    const fetchMock = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchMock);
    const qc = renderComposer('sales');
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Pricing attached{Enter}');

    // Optimistic: in the thread before the server answers, and the box is cleared.
    const pending = thread(qc).at(-1)!;
    expect(pending).toMatchObject({ text: 'Pricing attached', status: 'queued', direction: 'outbound', pending: true });
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/conversations/c1/messages');
    expect(JSON.parse(String(init.body))).toEqual({ channel: 'sandbox', text: 'Pricing attached' });

    const server = message('srv-9', 2, { direction: 'outbound', status: 'queued', text: 'Pricing attached', author: { kind: 'human', user_id: 'u1' } });
    answer(new Response(JSON.stringify(server), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    await vi.waitFor(() => expect(thread(qc).map((m) => m.id)).toEqual(['m1', 'srv-9']));
  });

  it('puts the text back when the send fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'consent_missing', message: 'No consent', details: null } }), { status: 422, headers: { 'Content-Type': 'application/json' } })));
    const qc = renderComposer('admin');
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Hello{Enter}');
    await vi.waitFor(() => expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('Hello'));
    expect(thread(qc).map((m) => m.id)).toEqual(['m1']);
  });
});
