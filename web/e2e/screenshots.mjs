#!/usr/bin/env node
// Usage: E2E_BASE_URL=http://127.0.0.1:8099 node e2e/screenshots.mjs <output-dir>
// Signs in and saves a PNG of every page in light and dark, at 1440×900 and 390×844.
import { writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DESKTOP, MOBILE, apiLogin, authedPage, launch, screenshot, settle } from './helpers.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node e2e/screenshots.mjs <output-dir>');
  process.exit(2);
}
await mkdir(out, { recursive: true });

const csvPath = path.join(os.tmpdir(), 'omnireach-screenshot-sample.csv');
await writeFile(
  csvPath,
  'First Name,Last Name,Email Address,Mobile,Company,Job Title,Lead Score\n' +
    'Ada,Lovelace,ada.shot@example.com,+442071234567,Analytical Engines,CTO,91\n' +
    'Grace,Hopper,grace.shot@example.com,+12025550143,US Navy,Rear Admiral,88\n',
);

const pages = [
  ['dashboard', '/'],
  ['leads', '/leads'],
  ['settings-team', '/settings'],
  ['settings-api-keys', '/settings/api-keys'],
  ['settings-workspace', '/settings/workspace'],
  ['settings-profile', '/settings/profile'],
  ['inbox', '/inbox'],
  ['workflows', '/workflows'],
  ['campaigns', '/campaigns'],
  ['agents', '/agents'],
  ['agents-personas', '/agents/personas'],
  ['agents-llm-requests', '/agents/requests'],
  ['settings-ai', '/settings/ai'],
  ['settings-channels', '/settings/channels'],
  ['settings-whatsapp', '/settings/whatsapp'],
  ['settings-integrations', '/settings/integrations'],
  ['tasks', '/tasks'],
  ['knowledge', '/knowledge'],
  ['analytics', '/analytics'],
  ['marketplace', '/marketplace'],
  ['not-found', '/no-such-page'],
];

const browser = await launch();
const tokens = await apiLogin(); // one sign-in for the whole run (the server rate-limits them)
const saved = [];
try {
  for (const theme of ['light', 'dark']) {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['mobile', MOBILE],
    ]) {
      const tag = `${theme}-${size}`;
      const page = await authedPage(browser, tokens, { viewport, colorScheme: theme });
      await page.goto('/login');
      await settle(page);
      saved.push(await screenshot(page, `login-${tag}`, out));

      await page.goto('/accept-invite?token=not-a-real-token');
      await settle(page);
      saved.push(await screenshot(page, `accept-invite-invalid-${tag}`, out));

      for (const [name, url] of pages) {
        await page.goto(url);
        await settle(page);
        saved.push(await screenshot(page, `${name}-${tag}`, out));
      }

      // Long pages in full, to check what's below the fold.
      for (const [name, url] of [
        ['dashboard-full', '/'],
        ['settings-profile-full', '/settings/profile'],
      ]) {
        await page.goto(url);
        await settle(page);
        // The app scrolls inside <main>, so grow the window to fit it instead of fullPage.
        const height = await page.evaluate(() => {
          const main = document.querySelector('main');
          return main ? main.getBoundingClientRect().top + main.scrollHeight : document.documentElement.scrollHeight;
        });
        await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
        saved.push(await screenshot(page, `${name}-${tag}`, out));
        await page.setViewportSize(viewport);
      }

      // Inbox: an open conversation (with the sandbox panel and the shortcuts), then the live bits.
      await page.goto('/inbox');
      await settle(page);
      const firstConversation = page.getByTestId('conversation-row').first();
      if (await firstConversation.count()) {
        await firstConversation.click();
        await page.getByTestId('conversation-view').waitFor();
        await settle(page);
        saved.push(await screenshot(page, `inbox-conversation-${tag}`, out));
        const sandbox = page.getByTestId('sandbox-panel').getByRole('button', { name: /Reply as the lead/ });
        if ((await sandbox.getAttribute('aria-expanded')) !== 'true') await sandbox.click();
        await page.getByRole('textbox', { name: 'Reply' }).fill('Thanks — I will send the pricing sheet today.');
        saved.push(await screenshot(page, `inbox-composer-sandbox-${tag}`, out));
        await page.getByRole('textbox', { name: 'Reply' }).fill('');
        await page.locator('body').press('?');
        await page.getByRole('dialog', { name: 'Inbox shortcuts' }).waitFor();
        saved.push(await screenshot(page, `inbox-shortcuts-${tag}`, out));
        await page.keyboard.press('Escape');
        await page.goto('/inbox');
        await settle(page);
      }
      await page.getByRole('button', { name: 'Start a conversation' }).first().click();
      await page.getByRole('dialog', { name: 'Start a conversation' }).waitFor();
      saved.push(await screenshot(page, `inbox-start-conversation-${tag}`, out));
      await page.keyboard.press('Escape');

      // Agents: the editor, a persona, and the test console streaming a reply.
      await page.goto('/agents');
      await settle(page);
      await page.getByRole('button', { name: 'New agent' }).first().click();
      await page.getByRole('dialog', { name: 'New agent' }).waitFor();
      saved.push(await screenshot(page, `agent-new-${tag}`, out));
      await page.keyboard.press('Escape');
      const testButton = page.getByRole('button', { name: 'Test', exact: true }).first();
      if (await testButton.count()) {
        await testButton.click();
        await page.getByRole('button', { name: 'Run test' }).click();
        await page.getByTestId('test-latency').waitFor({ timeout: 30_000 }).catch(() => {});
        saved.push(await screenshot(page, `agent-test-console-${tag}`, out));
        await page.keyboard.press('Escape');
      }
      await page.goto('/agents/personas');
      await settle(page);
      await page.getByRole('button', { name: 'New persona' }).first().click();
      await page.getByRole('dialog', { name: 'New persona' }).waitFor();
      saved.push(await screenshot(page, `persona-new-${tag}`, out));
      await page.keyboard.press('Escape');

      // Settings forms mid-edit: an unsaved workspace name, a refused password change.
      await page.goto('/settings/workspace');
      await settle(page);
      await page.getByLabel('Name', { exact: true }).fill('Acme Realty Europe');
      saved.push(await screenshot(page, `settings-workspace-editing-${tag}`, out));
      await page.goto('/settings/profile');
      await settle(page);
      const password = page.getByRole('form', { name: 'Change password' });
      await password.getByLabel('Current password').fill('not-the-password');
      await password.getByLabel('New password', { exact: true }).fill('a-new-password-123');
      await password.getByLabel('Confirm new password').fill('a-new-password-123');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH'),
        password.getByRole('button', { name: 'Change password' }).click(),
      ]);
      await password.getByText("That isn't your current password.").waitFor();
      await password.scrollIntoViewIfNeeded();
      saved.push(await screenshot(page, `settings-password-error-${tag}`, out));

      // Lead drawer
      await page.goto('/leads');
      await settle(page);
      await page.locator('[role="row"][data-lead-id]').first().click();
      await page.getByRole('dialog').waitFor();
      await settle(page);
      saved.push(await screenshot(page, `lead-drawer-${tag}`, out));
      await page.getByRole('button', { name: 'Edit' }).click();
      saved.push(await screenshot(page, `lead-edit-${tag}`, out));
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // Filters popover
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByRole('dialog', { name: 'Lead filters' }).waitFor();
      saved.push(await screenshot(page, `leads-filters-${tag}`, out));
      await page.keyboard.press('Escape');

      // Create lead dialog with a server validation error
      await page.getByRole('button', { name: 'New lead' }).click();
      const dialog = page.getByRole('dialog', { name: 'New lead' });
      await dialog.getByLabel('Email').fill('someone@example.com');
      await dialog.getByLabel('Phone').fill('12');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST'),
        dialog.getByRole('button', { name: 'Create lead' }).click(),
      ]);
      await dialog.getByRole('alert').first().waitFor();
      saved.push(await screenshot(page, `create-lead-error-${tag}`, out));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // Import wizard: upload → mapping → review
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const wizard = page.getByRole('dialog', { name: 'Import leads from CSV' });
      saved.push(await screenshot(page, `import-upload-${tag}`, out));
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/leads/import/preview')),
        wizard.locator('input[type=file]').setInputFiles(csvPath),
      ]);
      await wizard.getByText('columns mapped').waitFor();
      saved.push(await screenshot(page, `import-mapping-${tag}`, out));
      await wizard.getByRole('button', { name: 'Continue' }).click();
      await wizard.getByText('First rows as they will be imported').waitFor();
      saved.push(await screenshot(page, `import-review-${tag}`, out));
      await page.keyboard.press('Escape');
      await wizard.waitFor({ state: 'detached' });

      // Command palette
      await page.keyboard.press('Control+K');
      await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
      await page.keyboard.type('ma');
      await page.waitForResponse((r) => r.url().includes('/api/leads?') && r.url().includes('q=ma')).catch(() => {});
      saved.push(await screenshot(page, `command-palette-${tag}`, out));
      await page.keyboard.press('Escape');

      // Invite dialog
      await page.goto('/settings');
      await settle(page);
      await page.getByRole('button', { name: 'Invite member' }).first().click();
      saved.push(await screenshot(page, `invite-dialog-${tag}`, out));

      if (size === 'mobile') {
        await page.goto('/');
        await settle(page);
        await page.getByRole('button', { name: 'Open navigation' }).click();
        await page.getByRole('dialog', { name: 'Navigation' }).waitFor();
        saved.push(await screenshot(page, `mobile-nav-${tag}`, out));
      }
      await page.context().close();
    }
  }
} finally {
  await browser.close();
}
console.log(`saved ${saved.filter(Boolean).length} screenshots to ${out}`);
