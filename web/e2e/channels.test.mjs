// Channels, compliance and LinkedIn tasks in the browser, against a running OmniReach server
// (docs/channels-email.md, docs/channels-messaging.md, docs/integrations.md): a mailbox set up in
// Settings, a WhatsApp template taken from draft to approved, a send to an opted-out lead refused
// with the reason in the composer, and a LinkedIn task done from the Tasks page. No sleeps: every
// wait is for a condition (API polling only with a deadline, as a hang guard).
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

const call = (method, path, body) => apiCall(admin, method, path, body);

/** Polls `read` until it returns something truthy; the deadline only guards against a hang. */
async function eventually(read, what, timeoutMs = LIVE_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval, not a timing assumption
  }
}

describe('channels, compliance and tasks', () => {
  test('an admin adds a mailbox in Settings → Channels and sees it listed, then tests it', async () => {
    const address = `sender.${RUN}@e2e.example`;
    const page = await authedPage(browser, admin);
    try {
      await page.goto('/settings/channels');
      await page.getByRole('button', { name: 'Add mailbox' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Sender address').fill(address);
      await dialog.getByLabel('Display name').fill('E2E Sender');
      // A local port nothing listens on: the mailbox saves, and its test then reports the failure.
      await dialog.getByLabel('SMTP URL').fill('smtp://127.0.0.1:9?tls=none');
      await dialog.getByLabel('Daily cap').fill('120');
      const created = page.waitForResponse((r) => r.url().endsWith('/api/mailboxes') && r.request().method() === 'POST');
      await dialog.getByRole('button', { name: 'Add mailbox' }).click();
      assert.equal((await created).status(), 201);

      const row = page.locator(`[data-testid="mailbox-row"][data-address="${address}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /E2E Sender/);
      assert.match(await row.innerText(), /of 20 today · warming up to 120/);
      const listed = (await call('GET', '/api/mailboxes')).find((m) => m.address === address);
      assert.equal(listed.daily_cap, 120);
      assert.equal(listed.has_smtp_url, true);

      await row.getByRole('button', { name: `Send test for ${address}` }).click();
      const result = row.getByTestId('mailbox-test-result');
      await result.waitFor({ timeout: LIVE_TIMEOUT });
      assert.equal(await result.getAttribute('data-ok'), 'false', 'nothing listens on port 9, so the test fails');
      await screenshot(page, 'e2e-settings-channels');
    } finally {
      await page.context().close();
    }
  });

  test('a WhatsApp template goes draft → submitted → approved in Settings', async () => {
    const name = `e2e_followup_${RUN}`;
    const page = await authedPage(browser, admin);
    try {
      await page.goto('/settings/whatsapp');
      await page.getByRole('button', { name: 'New template' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Message').fill('Hi {{1}}, are you still looking at {{2}}?');
      await dialog.getByLabel('{{1}}').fill('first name');
      await dialog.getByLabel('{{2}}').fill('product');
      await dialog.getByRole('button', { name: 'Save draft' }).click();

      const row = page.locator(`[data-testid="whatsapp-template"][data-name="${name}"]`);
      await row.and(page.locator('[data-status="draft"]')).waitFor();
      assert.match(await row.innerText(), /first name/);

      await row.getByRole('button', { name: 'Submit for approval' }).click();
      await page.locator(`[data-testid="whatsapp-template"][data-name="${name}"][data-status="submitted"]`).waitFor();

      await row.getByRole('button', { name: 'Approve' }).click();
      const approve = page.getByRole('dialog');
      // A malformed ContentSid is refused before anything is sent.
      await approve.getByLabel('ContentSid').fill('HX123');
      await approve.getByRole('button', { name: 'Approve template' }).click();
      await approve.getByText('HX followed by 32 characters').waitFor();
      const sid = `HX${'0123456789abcdef'.repeat(2)}`;
      await approve.getByLabel('ContentSid').fill(sid);
      await approve.getByRole('button', { name: 'Approve template' }).click();
      await page.locator(`[data-testid="whatsapp-template"][data-name="${name}"][data-status="approved"]`).waitFor();
      assert.match(await row.innerText(), new RegExp(sid));

      const stored = (await call('GET', '/api/whatsapp/templates')).find((t) => t.name === name);
      assert.equal(stored.status, 'approved');
      assert.equal(stored.content_sid, sid);
      assert.deepEqual(stored.variables, ['first name', 'product']);
      await screenshot(page, 'e2e-settings-whatsapp');
    } finally {
      await page.context().close();
    }
  });

  test('a reply to a lead who texted STOP is refused, and the composer says why', async () => {
    const lead = await call('POST', '/api/leads', {
      first_name: 'Optout',
      last_name: `Channels${RUN}`,
      phone: `+1415555${String(Date.now()).slice(-4)}`,
      consents: { sms: { status: 'granted', source: 'e2e' } },
    });
    // The lead texts STOP (through the sandbox, which applies the same keywords as Twilio).
    await call('POST', '/api/sandbox/inbound', { lead_id: lead.id, channel: 'sms', text: 'STOP' });
    const conversation = await call('GET', `/api/leads/${lead.id}/conversation`);
    const page = await authedPage(browser, admin);
    try {
      await page.goto(`/inbox/${conversation.id}`);
      await page.locator('[data-testid="conversation-view"][data-live="true"]').waitFor({ timeout: LIVE_TIMEOUT });
      await page.getByRole('combobox', { name: 'Channel' }).click();
      await page.getByRole('option', { name: 'SMS' }).click();
      const reply = page.getByRole('textbox', { name: 'Reply' });
      await reply.fill(`Are you sure? ${RUN}`);
      const refused = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${conversation.id}/messages`) && r.request().method() === 'POST');
      await reply.press('Enter');
      assert.equal((await refused).status(), 422);

      const notice = page.getByTestId('send-block');
      await notice.waitFor();
      assert.equal(await notice.getAttribute('data-code'), 'suppressed');
      assert.match(await notice.innerText(), /Not sent: the address is on the suppression list/);
      assert.match(await notice.innerText(), /suppression list \(stop/);
      assert.equal(await reply.inputValue(), `Are you sure? ${RUN}`, 'the text is kept to edit or reuse');
      // The lead panel (shown beside the thread at 1440 px) has the revoked consent.
      await page.locator('[data-testid="lead-panel"] [data-testid="consent"][data-channel="sms"][data-status="revoked"]').waitFor({ timeout: LIVE_TIMEOUT });
      await screenshot(page, 'e2e-composer-blocked');
    } finally {
      await page.context().close();
    }
  });

  test('a LinkedIn task appears on the Tasks page and is marked done there, logged in the conversation', async () => {
    const lead = await call('POST', '/api/leads', {
      first_name: 'Linked',
      last_name: `Tasks${RUN}`,
      email: `linked.${RUN}@e2e.example`,
      custom_fields: { linkedin_url: `https://www.linkedin.com/in/e2e-${RUN}` },
    });
    const conversation = await call('GET', `/api/leads/${lead.id}/conversation`);
    const note = `Hi Linked, loved your post on outbound ${RUN}`;
    await call('POST', `/api/conversations/${conversation.id}/messages`, { channel: 'linkedin', text: note });
    const task = await eventually(
      async () => (await call('GET', '/api/linkedin/tasks?status=open')).find((t) => t.lead_id === lead.id),
      'the LinkedIn task',
    );
    assert.equal(task.kind, 'connect', 'the first LinkedIn touch is a connection request');

    const page = await authedPage(browser, admin);
    try {
      await page.goto('/tasks');
      const card = page.locator(`[data-testid="linkedin-task"][data-task-id="${task.id}"]`);
      await card.waitFor();
      assert.match(await card.innerText(), new RegExp(`Send a connection request to Linked Tasks${RUN}`));
      assert.equal(await card.getByTestId('task-text').innerText(), note);
      assert.equal(await card.getByRole('link', { name: /Open profile/ }).getAttribute('href'), `https://www.linkedin.com/in/e2e-${RUN}`);
      await screenshot(page, 'e2e-tasks');

      const done = page.waitForResponse((r) => r.url().endsWith(`/api/linkedin/tasks/${task.id}/done`));
      await card.getByRole('button', { name: 'Mark done' }).click();
      assert.equal((await done).status(), 200);
      await card.waitFor({ state: 'detached' });
      const closed = (await call('GET', '/api/linkedin/tasks?status=done')).find((t) => t.id === task.id);
      assert.equal(closed.status, 'done');
      const messages = await call('GET', `/api/conversations/${conversation.id}/messages`);
      assert.ok(
        messages.items.some((m) => m.text === 'LinkedIn connection request done.'),
        'the conversation logs the task as done',
      );
    } finally {
      await page.context().close();
    }
  });
});
