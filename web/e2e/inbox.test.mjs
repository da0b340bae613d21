// Live inbox tests against a running OmniReach server (docs/conversations-api.md): two sessions
// on one conversation, the sandbox loop with the offline AI, a takeover during a streaming
// draft, and a viewer's read-only inbox. No sleeps: every wait is for a condition.
// Env: E2E_BASE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, CHROMIUM_PATH, optional E2E_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiCall, apiLogin, authedPage, launch, screenshot } from './helpers.mjs';

const RUN = Date.now().toString(36);
const LIVE_TIMEOUT = 20_000;

let browser;
let admin;
before(async () => {
  browser = await launch();
  admin = await apiLogin();
});
after(async () => {
  await browser?.close();
});

const asAdmin = (method, path, body) => apiCall(admin, method, path, body);

let leadCounter = 0;
/** A fresh lead (so tests never share a conversation) and its conversation, in AI mode. */
async function freshConversation(label) {
  const n = ++leadCounter;
  const lead = await asAdmin('POST', '/api/leads', {
    first_name: label,
    last_name: `Inbox${RUN}`,
    email: `inbox.${label.toLowerCase()}.${n}.${RUN}@e2e.example`,
    consents: { email: { status: 'granted', source: 'e2e' } },
  });
  const conversation = await asAdmin('GET', `/api/leads/${lead.id}/conversation`);
  if (conversation.mode !== 'ai') await asAdmin('POST', `/api/conversations/${conversation.id}/handback`);
  return { lead, conversation };
}

/** Open a conversation and wait until the socket is live and subscribed to it. */
async function openConversation(tokens, conversationId, opts) {
  const page = await authedPage(browser, tokens, opts);
  await page.goto(`/inbox/${conversationId}`);
  await page.locator('[data-testid="connection-indicator"][data-status="open"]').waitFor({ timeout: LIVE_TIMEOUT });
  await page.locator('[data-testid="conversation-view"][data-live="true"]').waitFor({ timeout: LIVE_TIMEOUT });
  return page;
}

const messageWith = (page, text) => page.locator('[data-testid="message"]').filter({ hasText: text });

describe('live inbox', () => {
  test('two sessions on one conversation see each other’s message, draft and takeover live', async () => {
    const { conversation } = await freshConversation('Twosess');
    const second = await apiLogin(); // a second, independent session of the same admin
    const a = await openConversation(admin, conversation.id);
    const b = await openConversation(second, conversation.id);
    try {
      // A message sent in A appears in B without a reload.
      const text = `Hello from session A ${RUN}`;
      await b.evaluate(() => (window.__noReload = true));
      await a.getByRole('textbox', { name: 'Reply' }).fill(text);
      const posted = a.waitForResponse((r) => r.url().endsWith(`/api/conversations/${conversation.id}/messages`) && r.request().method() === 'POST');
      await a.getByRole('textbox', { name: 'Reply' }).press('Enter');
      assert.equal((await posted).status(), 201);
      // A shows it at once (optimistic) and keeps exactly one copy after the server answers.
      await messageWith(a, text).first().waitFor();
      await messageWith(b, text).waitFor({ timeout: LIVE_TIMEOUT });
      assert.equal(await b.evaluate(() => window.__noReload), true, 'B was not reloaded');
      await a.waitForFunction(
        (t) => [...document.querySelectorAll('[data-testid="message"]')].filter((m) => m.textContent.includes(t)).length === 1 && !document.querySelector('[data-message-id^="optimistic:"]'),
        text,
      );

      // A draft asked for in A streams into B.
      const suggested = a.waitForResponse((r) => r.url().endsWith(`/api/conversations/${conversation.id}/suggest`));
      await a.getByTestId('suggest-button').click();
      assert.equal((await suggested).status(), 202);
      const { draft_id: draftId } = await (await suggested).json();
      await b.locator(`[data-testid="draft"][data-draft-id="${draftId}"]`).waitFor({ timeout: LIVE_TIMEOUT });
      await b.locator(`[data-testid="draft"][data-draft-id="${draftId}"][data-draft-status="ready"]`).waitFor({ timeout: LIVE_TIMEOUT });
      assert.ok((await b.locator(`[data-draft-id="${draftId}"] [data-testid="draft-text"]`).textContent()).trim().length > 0, 'the draft has text');
      await screenshot(b, 'e2e-inbox-draft-in-second-session');

      // A takes over; B sees the mode change and the banner.
      await a.getByTestId('mode-toggle').click();
      await a.getByTestId('mode-banner').waitFor();
      await b.locator('[data-testid="conversation-view"][data-mode="human"]').waitFor({ timeout: LIVE_TIMEOUT });
      await b.getByTestId('mode-banner').filter({ hasText: 'the AI is paused' }).waitFor();
      await screenshot(b, 'e2e-inbox-takeover-seen-by-second-session');
    } finally {
      await a.context().close();
      await b.context().close();
    }
  });

  test('replying as the lead in the sandbox brings the AI’s offline answer in live', async () => {
    const { lead, conversation } = await freshConversation('Sandbox');
    const page = await openConversation(admin, conversation.id);
    try {
      await page.evaluate(() => (window.__noReload = true));
      const panel = page.getByTestId('sandbox-panel');
      const toggle = panel.getByRole('button', { name: /Reply as the lead/ });
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      const text = `Hi, what does it cost for 10 seats? ${RUN}`;
      await panel.getByRole('textbox', { name: /Message from/ }).fill(text);
      const delivered = page.waitForResponse((r) => r.url().endsWith('/api/sandbox/inbound'));
      await panel.getByRole('button', { name: 'Send as lead' }).click();
      const res = await delivered;
      assert.equal(res.status(), 202);
      const body = await res.json();
      assert.equal(body.conversation_id, conversation.id);
      assert.deepEqual(res.request().postDataJSON(), { lead_id: lead.id, channel: 'sandbox', text });

      await page.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: text }).waitFor({ timeout: LIVE_TIMEOUT });
      // The AI answers: sent on its own (autonomous) or as a draft awaiting approval — either
      // way live, and labelled offline because no provider key is configured.
      const answer = page.locator('[data-testid="message"][data-author-kind="ai"], [data-testid="draft"]').first();
      await answer.waitFor({ timeout: LIVE_TIMEOUT });
      await page.locator('[data-testid="message"][data-author-kind="ai"] [data-testid="offline-badge"], [data-testid="draft"] [data-testid="offline-badge"]').first().waitFor({ timeout: LIVE_TIMEOUT });
      assert.equal(await page.evaluate(() => window.__noReload), true, 'the page was not reloaded');
      await screenshot(page, 'e2e-inbox-sandbox-ai-answer');
    } finally {
      await page.context().close();
    }
  });

  test('taking over during a streaming AI draft cancels it and it is never sent', async () => {
    const { lead, conversation } = await freshConversation('Takeover');
    const page = await openConversation(admin, conversation.id);
    try {
      const inbound = await asAdmin('POST', '/api/sandbox/inbound', { lead_id: lead.id, channel: 'sandbox', text: `Tell me everything about your pricing tiers ${RUN}` });
      const streaming = page.locator('[data-testid="draft"][data-draft-status="streaming"]');
      await streaming.waitFor({ timeout: LIVE_TIMEOUT });
      const draftId = await streaming.getAttribute('data-draft-id');
      const takeover = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${conversation.id}/takeover`));
      await page.getByTestId('mode-toggle').click();
      assert.equal((await takeover).status(), 200);

      await page.getByTestId('mode-banner').filter({ hasText: 'You are in control — the AI is paused' }).waitFor();
      await page.locator(`[data-testid="draft"][data-draft-id="${draftId}"]`).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });

      // The server agrees: human mode, no open draft, and no AI message after the lead's.
      const detail = await asAdmin('GET', `/api/conversations/${conversation.id}`);
      assert.equal(detail.mode, 'human');
      assert.equal(detail.drafts.some((d) => d.id === draftId && (d.status === 'streaming' || d.status === 'ready')), false);
      const { items } = await asAdmin('GET', `/api/conversations/${conversation.id}/messages?limit=50`);
      const inboundAt = items.find((m) => m.id === inbound.message_id)?.created_at ?? 0;
      const aiAfter = items.filter((m) => m.author.kind === 'ai' && m.created_at >= inboundAt);
      assert.deepEqual(aiAfter, [], 'no AI message was sent after the takeover');
      assert.equal(await page.locator('[data-testid="message"][data-author-kind="ai"]').count(), 0);
      await screenshot(page, 'e2e-inbox-takeover-cancelled-draft');
    } finally {
      await page.context().close();
    }
  });

  test('a viewer reads the conversation but cannot send or take over', async () => {
    const { conversation } = await freshConversation('Viewer');
    await asAdmin('POST', `/api/conversations/${conversation.id}/notes`, { text: `A note the viewer can read ${RUN}` });
    const viewer = { email: `inbox.viewer.${RUN}@e2e.example`, password: `viewer-pass-${RUN}`, name: 'Vic Viewer' };
    await asAdmin('POST', '/api/users', { ...viewer, role: 'viewer' });
    const tokens = await apiLogin(viewer.email, viewer.password);
    const page = await openConversation(tokens, conversation.id);
    try {
      await messageWith(page, `A note the viewer can read ${RUN}`).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Reply' }).isDisabled(), true, 'reply box disabled');
      const send = page.getByTestId('send-button');
      assert.ok((await send.isDisabled()) || (await send.getAttribute('aria-disabled')) === 'true', 'send disabled');
      const toggle = page.getByTestId('mode-toggle');
      assert.ok((await toggle.isDisabled()) || (await toggle.getAttribute('aria-disabled')) === 'true', 'take over disabled');
      assert.ok((await page.getByLabel("Viewers can't edit").count()) > 0, 'the disabled controls explain why');

      // Keyboard shortcuts don't bypass the role either: "t" sends no takeover request.
      const writes = [];
      page.on('request', (r) => r.method() === 'POST' && r.url().includes('/api/conversations/') && writes.push(r.url()));
      await page.locator('body').press('t');
      assert.equal(await page.locator('[data-testid="conversation-view"]').getAttribute('data-mode'), 'ai');
      assert.deepEqual(writes.filter((u) => u.endsWith('/takeover')), []);
      const panel = page.getByTestId('sandbox-panel');
      const sandboxToggle = panel.getByRole('button', { name: /Reply as the lead/ });
      if ((await sandboxToggle.getAttribute('aria-expanded')) !== 'true') await sandboxToggle.click();
      assert.equal(await panel.getByRole('textbox').isDisabled(), true, 'sandbox disabled for viewers');
      await screenshot(page, 'e2e-inbox-viewer');
    } finally {
      await page.context().close();
    }
  });
});
