import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TooltipProvider } from '@/components/ui/tooltip';
import { queryKeys } from '@/lib/queryKeys';
import type { Role } from '@/modules/auth/types/auth';
import { flattenMessages, type MessagesData } from '../lib/messageCache';
import { conversation, lead, message } from '../lib/testFixtures';
import type { ConversationDetail, Message } from '../types/conversation';
import { Composer } from './Composer';

function renderComposer(role: Role, { patch = {}, messages = [message('m1', 1)] }: { patch?: Partial<ConversationDetail>; messages?: Message[] } = {}) {
  localStorage.setItem('omnireach.access_token', 'token');
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(queryKeys.me, { user: { id: 'u1', name: 'Ada', role }, workspace: {} });
  const thread: MessagesData = { pages: [{ items: messages, has_more: false }], pageParams: [undefined] };
  queryClient.setQueryData(queryKeys.conversations.messages('c1'), thread);
  const detail: ConversationDetail = { ...conversation('c1', 1), drafts: [], lead_detail: null, ...patch };
  render(
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <Composer conversation={detail} textareaRef={createRef<HTMLTextAreaElement>()} />
      </TooltipProvider>
    </QueryClientProvider>,
  );
  return queryClient;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
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

  it('shows why the server refused a send, in words, instead of a toast', async () => {
    const reason = 'The address is on the workspace suppression list (stop, sandbox inbound); it can no longer be contacted on sms.';
    vi.stubGlobal('fetch', vi.fn(async () => json(422, { error: { code: 'suppressed', message: reason, details: { code: 'suppressed', reason, retry_at: null } } })));
    renderComposer('sales');
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Hello again{Enter}');
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveAttribute('data-code', 'suppressed');
    expect(notice).toHaveTextContent('Not sent: the address is on the suppression list');
    expect(notice).toHaveTextContent(reason);
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('Hello again');
  });

  it('says when a message held for quiet hours goes out, in the lead’s time zone', async () => {
    const retryAt = Date.UTC(2025, 5, 17, 12, 0); // 08:00 in New York
    const server = message('srv-1', 2, { direction: 'outbound', status: 'queued', text: 'Hi', author: { kind: 'human', user_id: 'u1' } });
    vi.stubGlobal('fetch', vi.fn(async () => json(201, { ...server, held: { code: 'quiet_hours', reason: 'Quiet hours: …', retry_at: retryAt } })));
    renderComposer('sales', { patch: { last_channel: 'sms', lead_detail: lead({ timezone: 'America/New_York' }) } });
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Hi{Enter}');
    const release = await screen.findByTestId('send-block-release');
    expect(release).toHaveTextContent('Tue, Jun 17, 08:00 for the lead (America/New_York)');
    expect(screen.getByTestId('send-block')).toHaveAttribute('data-code', 'quiet_hours');
  });

  it('on WhatsApp outside the 24-hour window, says so before typing and sends an approved template', async () => {
    const approved = { id: 't-ok', name: 'lead_followup_en_us', language: 'en_US', body: 'Hi {{1}}, still keen on {{2}}?', variables: ['first name', 'product'], status: 'approved', content_sid: 'HX1', decision_reason: null, created_at: 0, updated_at: 0 };
    const draft = { ...approved, id: 't-draft', name: 'draft_one', status: 'draft' };
    const fetchMock = vi.fn(async (url: string) =>
      url.startsWith('/api/whatsapp/templates') ? json(200, [draft, approved]) : json(201, message('srv-2', 3, { direction: 'outbound', channel: 'whatsapp', status: 'queued' })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const lastWhatsapp = message('w1', Date.now() - 30 * 60 * 60 * 1000, { channel: 'whatsapp' });
    renderComposer('sales', { patch: { last_channel: 'whatsapp' }, messages: [lastWhatsapp] });

    expect(screen.getByTestId('whatsapp-window')).toHaveAttribute('data-state', 'closed');
    await userEvent.click(screen.getAllByTestId('whatsapp-template-menu')[1]);
    // Only approved templates are offered.
    expect(await screen.findByRole('option', { name: /lead_followup_en_us/ })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /draft_one/ })).toBeNull();
    await userEvent.click(within(screen.getByRole('option', { name: /lead_followup_en_us/ })).getByRole('button'));
    await userEvent.type(screen.getByRole('textbox', { name: 'Value for {{1}} (first name)' }), 'Ada');
    expect(screen.getByLabelText('Message preview')).toHaveTextContent('Hi Ada, still keen on {{2}}?');
    await userEvent.click(screen.getByTestId('send-button'));

    const post = fetchMock.mock.calls.find(([url]) => url === '/api/conversations/c1/messages') as unknown as [string, RequestInit];
    expect(JSON.parse(String(post[1].body))).toEqual({ channel: 'whatsapp', whatsapp_template_id: 't-ok', template_variables: { '1': 'Ada' } });
  });

  it('on WhatsApp inside the window, says how long free-form replies stay allowed', () => {
    renderComposer('sales', { patch: { last_channel: 'whatsapp' }, messages: [message('w1', Date.now() - 60 * 60 * 1000, { channel: 'whatsapp' })] });
    expect(screen.getByTestId('whatsapp-window')).toHaveAttribute('data-state', 'open');
    expect(screen.getByTestId('whatsapp-window')).toHaveTextContent(/allowed for 2[23] h/);
  });
});
