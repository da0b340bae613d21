// Browser tests against a running OmniReach server (real API, seeded demo data).
// Env: E2E_BASE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, optional E2E_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, MOBILE, apiLogin, authedPage, launch, login, newPage, screenshot, settle } from './helpers.mjs';

const RUN = Date.now().toString(36);
// Unique per run so re-running against the same server creates rather than merges.
const phoneBase = 2000 + Math.floor(Math.random() * 7000);
const phone = (n) => `+1415555${phoneBase + n}`;
const people = [
  { first: 'Octavia', last: `Quill${RUN}`, email: `octavia.${RUN}@e2e.example`, phone: phone(1), company: 'Quill Labs' },
  { first: 'Bertrand', last: `Maple${RUN}`, email: `bertrand.${RUN}@e2e.example`, phone: phone(2), company: 'Maple & Co' },
  { first: 'Ines', last: `Harbor${RUN}`, email: `ines.${RUN}@e2e.example`, phone: '', company: 'Harbor Freight' },
];
const BAD_EMAIL = `not-an-email-${RUN}`;
const BAD_PHONE = '12';

let browser;
let admin; // token response for the admin, shared by tests that don't test signing in
before(async () => {
  browser = await launch();
  admin = await apiLogin();
});
after(async () => {
  await browser?.close();
});

/** Call the API as the admin (outside the browser), e.g. to restore state after a test. */
async function asAdmin(method, path, body) {
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${admin.access_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function signedInPage(opts) {
  const page = await authedPage(browser, admin, opts);
  await page.goto('/');
  await page.getByTestId('kpi-leads-total').waitFor();
  return page;
}

describe('OmniReach web app', () => {
  test('rejects a wrong password with a readable message', async () => {
    const page = await newPage(browser);
    try {
      await page.goto('/login');
      await page.getByLabel('Email').fill('admin@example.com');
      await page.getByLabel('Password', { exact: true }).fill('definitely-wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: "don't match" }).waitFor();
      assert.match(new URL(page.url()).pathname, /^\/login/);
      await screenshot(page, 'e2e-login-error');
    } finally {
      await page.context().close();
    }
  });

  test('counts down a sign-in rate limit, then lets the person try again', async () => {
    const page = await newPage(browser);
    try {
      // The real limiter needs many attempts; answer the first sign-in exactly as it would.
      let refused = 0;
      await page.route('**/api/auth/login', async (route) => {
        if (refused++ > 0) return route.fallback();
        await route.fulfill({
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
          body: JSON.stringify({
            error: {
              code: 'rate_limited',
              message: 'Too many sign-in attempts from your address; try again in 2 seconds.',
              details: { retry_after_seconds: 2 },
            },
          }),
        });
      });
      await page.goto('/login');
      await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL ?? 'admin@example.com');
      await page.getByLabel('Password', { exact: true }).fill(process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByTestId('login-rate-limited');
      await alert.filter({ hasText: 'Too many sign-in attempts' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Try again in \ds$/ }).isDisabled(), true);
      await screenshot(page, 'e2e-login-rate-limited');

      await alert.filter({ hasText: 'You can try signing in again now.' }).waitFor({ timeout: 5_000 });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      assert.equal(refused, 2);
    } finally {
      await page.context().close();
    }
  });

  test('logs in and shows the dashboard with a non-zero lead count', async () => {
    const page = await newPage(browser);
    try {
      const dashboard = page.waitForResponse((r) => r.url().endsWith('/api/dashboard') && r.ok());
      await login(page);
      await dashboard;
      const kpi = page.getByTestId('kpi-leads-total');
      await kpi.waitFor();
      const total = Number((await kpi.textContent()).replace(/[^0-9]/g, ''));
      assert.ok(total > 0, `expected leads, dashboard shows ${total}`);
      await page.getByRole('heading', { name: 'Leads added' }).waitFor();
      await settle(page);
      await screenshot(page, 'e2e-dashboard');
    } finally {
      await page.context().close();
    }
  });

  test('imports a CSV through the wizard and reports rejected rows', async () => {
    const csv = [
      'First Name,Last Name,Email,Phone,Company',
      ...people.map((p) => [p.first, p.last, p.email, p.phone, p.company].join(',')),
      `Broken,Email${RUN},${BAD_EMAIL},${phone(3)},Nowhere`,
      `Broken,Phone${RUN},phone.${RUN}@e2e.example,${BAD_PHONE},Nowhere`,
    ].join('\n');
    const file = path.join(os.tmpdir(), `omnireach-e2e-${RUN}.csv`);
    await writeFile(file, csv + '\n');

    const page = await signedInPage();
    try {
      await page.goto('/leads');
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const wizard = page.getByRole('dialog', { name: 'Import leads from CSV' });
      await wizard.waitFor();
      await screenshot(page, 'e2e-import-upload');

      const preview = page.waitForResponse((r) => r.url().endsWith('/api/leads/import/preview'));
      await wizard.locator('input[type=file]').setInputFiles(file);
      assert.equal((await preview).status(), 200);

      // Step 2: the suggested mapping covers every column.
      await wizard.getByText('5 of 5 columns mapped').waitFor();
      await screenshot(page, 'e2e-import-mapping');
      await wizard.getByRole('button', { name: 'Continue' }).click();

      // Step 3: review, then import.
      await wizard.getByText('First rows as they will be imported').waitFor();
      await screenshot(page, 'e2e-import-review');
      const started = page.waitForResponse((r) => r.url().endsWith('/api/leads/import') && r.request().method() === 'POST');
      await wizard.getByRole('button', { name: 'Import 5 rows' }).click();
      assert.equal((await started).status(), 202);

      // Step 4: progress until done, then the summary.
      await wizard.getByTestId('import-status').filter({ hasText: 'Import complete' }).waitFor({ timeout: 30_000 });
      assert.equal(await wizard.getByTestId('import-count-created').textContent(), '3');
      assert.equal(await wizard.getByTestId('import-count-merged').textContent(), '0');
      assert.equal(await wizard.getByTestId('import-count-rejected').textContent(), '2');
      assert.match(await wizard.getByText(/rows processed/).textContent(), /5 of 5 rows processed/);

      const rejections = wizard.getByTestId('rejections-table');
      await rejections.waitFor();
      const rows = rejections.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      const text = await rejections.textContent();
      assert.ok(text.includes(BAD_EMAIL), 'bad email listed');
      assert.ok(text.includes(BAD_PHONE), 'bad phone listed');
      assert.match(text, /Email/);
      assert.match(text, /Phone/);
      await screenshot(page, 'e2e-import-summary');

      const [download] = await Promise.all([page.waitForEvent('download'), wizard.getByRole('button', { name: 'Download report' }).click()]);
      const report = await readFile(await download.path(), 'utf8');
      assert.ok(report.includes(BAD_EMAIL), 'report contains the rejected email');

      await wizard.getByRole('button', { name: 'View leads' }).click();
      await wizard.waitFor({ state: 'detached' });
    } finally {
      await page.context().close();
    }
  });

  test('finds an imported lead by name and opens its drawer', async () => {
    const page = await signedInPage();
    const target = people[0];
    try {
      await page.goto('/leads');
      await page.locator('[role="row"][data-lead-id]').first().waitFor();
      const searched = page.waitForResponse((r) => r.url().includes('/api/leads?') && r.url().includes(`q=${target.last}`));
      await page.getByRole('searchbox', { name: 'Search leads' }).fill(target.last);
      await searched;
      const row = page.locator('[role="row"][data-lead-id]').filter({ hasText: `${target.first} ${target.last}` });
      await row.waitFor();
      assert.equal(await page.locator('[role="row"][data-lead-id]').count(), 1);
      assert.match(await page.getByTestId('leads-total').textContent(), /^1 lead$/);

      await row.click();
      const drawer = page.getByRole('dialog', { name: `${target.first} ${target.last}` });
      await drawer.waitFor();
      await drawer.getByText(target.email).waitFor();
      await drawer.getByText(target.company).first().waitFor();
      assert.match(new URL(page.url()).search, /lead=/, 'drawer state is in the URL');
      await screenshot(page, 'e2e-lead-drawer');

      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    } finally {
      await page.context().close();
    }
  });

  test('exports the filtered leads as CSV', async () => {
    const page = await signedInPage();
    const target = people[1];
    try {
      await page.goto(`/leads?q=${encodeURIComponent(target.last)}`);
      await page.locator('[role="row"][data-lead-id]').filter({ hasText: target.last }).waitFor();
      const exported = page.waitForResponse((r) => r.url().includes('/api/leads/export'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const res = await exported;
      assert.equal(res.status(), 200);
      assert.ok(res.url().includes(`q=${target.last}`), 'export uses the current filters');
      assert.ok(res.request().headers().authorization?.startsWith('Bearer '), 'export sends the auth header');
      const csv = await readFile(await download.path(), 'utf8');
      assert.ok(csv.includes(target.email), 'exported CSV contains the lead');
      assert.ok(!csv.includes(people[0].email), 'exported CSV respects the search filter');
      assert.match(download.suggestedFilename(), /\.csv$/);
    } finally {
      await page.context().close();
    }
  });

  test('toggles dark mode and remembers it', async () => {
    const page = await signedInPage({ colorScheme: 'light' });
    try {
      const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
      assert.equal(await isDark(), false);
      await page.getByTestId('theme-toggle').click();
      await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(12, 12, 14)');
      await settle(page);
      await screenshot(page, 'e2e-dark-dashboard');
      await page.reload();
      await page.getByTestId('kpi-leads-total').waitFor();
      assert.equal(await isDark(), true, 'theme survives a reload');
      await page.getByTestId('theme-toggle').click();
      await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    } finally {
      await page.context().close();
    }
  });

  test('deep links load directly, and survive a trip through sign-in', async () => {
    const page = await newPage(browser);
    try {
      await page.goto('/settings/api-keys');
      await page.waitForURL((u) => u.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/settings/api-keys');
      await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL ?? 'admin@example.com');
      await page.getByLabel('Password', { exact: true }).fill(process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/settings/api-keys');
      await page.getByRole('tab', { name: 'API keys', selected: true }).waitFor();

      await page.goto('/settings');
      await page.getByRole('heading', { name: 'Members' }).waitFor();
      await page.getByTestId('member-row').first().waitFor();
      await settle(page);
      await screenshot(page, 'e2e-settings');

      await page.goto('/workflows');
      await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('changes your own name from Settings → Profile', async () => {
    const page = await signedInPage();
    const original = (await asAdmin('GET', '/api/me')).user.name;
    const renamed = `Ada Admin ${RUN}`;
    try {
      await page.goto('/settings/profile');
      const name = page.getByLabel('Name', { exact: true });
      await name.waitFor();
      assert.equal(await name.inputValue(), original);
      const save = page.getByRole('button', { name: 'Save' });
      assert.equal(await save.isDisabled(), true, 'nothing to save yet');

      // Empty is refused before any request.
      await name.fill('   ');
      await save.click();
      await page.getByText('Enter your name.').waitFor();

      await name.fill(renamed);
      const patched = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
      await save.click();
      const res = await patched;
      assert.equal(res.status(), 200);
      assert.deepEqual(res.request().postDataJSON(), { name: renamed });
      await page.getByText('Name updated').waitFor();
      await page.getByTestId('profile-display-name').filter({ hasText: renamed }).waitFor();
      await page.getByRole('button', { name: 'Account menu' }).filter({ hasText: renamed }).waitFor();
      assert.equal(await save.isDisabled(), true, 'saved: nothing left to save');
      await screenshot(page, 'e2e-profile-renamed');

      // It stuck on the server, and the rest of the app uses it.
      await page.goto('/');
      await page.getByRole('heading', { name: new RegExp(`, Ada$`) }).waitFor();
      await page.goto('/settings');
      await page.getByTestId('member-row').filter({ hasText: renamed }).waitFor();
    } finally {
      await asAdmin('PATCH', '/api/me', { name: original }).catch(() => {});
      await page.context().close();
    }
  });

  test('changes your password: field errors, then stays signed in here', async () => {
    const page = await newPage(browser);
    const user = { email: `sam.${RUN}@e2e.example`, password: `sales-pass-${RUN}`, name: 'Sam Sales' };
    const next = `new-sales-pass-${RUN}`;
    try {
      await asAdmin('POST', '/api/users', { ...user, role: 'sales' });
      await login(page, user.email, user.password);
      await page.goto('/settings/profile');
      const form = page.getByRole('form', { name: 'Change password' });
      await form.waitFor();
      const current = form.getByLabel('Current password');
      const fresh = form.getByLabel('New password', { exact: true });
      const confirm = form.getByLabel('Confirm new password');
      const submit = form.getByRole('button', { name: 'Change password' });

      // Checked in the browser first.
      await fresh.fill('short');
      await submit.click();
      await form.getByText('Enter your current password.').waitFor();
      await form.getByText('Use at least 10 characters.').waitFor();
      assert.equal(await current.getAttribute('aria-invalid'), 'true');
      await fresh.fill(next);
      await confirm.fill(`${next}-typo`);
      await current.fill('not-my-password');
      await submit.click();
      await form.getByText("The passwords don't match.").waitFor();

      // A wrong current password comes back from the server on that field.
      await confirm.fill(next);
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
      await submit.click();
      assert.equal((await refused).status(), 403);
      await form.getByText("That isn't your current password.").waitFor();
      assert.equal(await current.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'current-password');
      await screenshot(page, 'e2e-password-errors');

      await current.fill(user.password);
      const changed = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
      await submit.click();
      assert.equal((await changed).status(), 200);
      await page.getByText('Password changed').waitFor();
      assert.equal(await current.inputValue(), '', 'the form is cleared');

      // This browser holds a working session (the server ended the old one).
      const refresh = await page.evaluate(() => localStorage.getItem('omnireach.refresh_token'));
      const refreshed = await fetch(`${BASE_URL}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: refresh }),
      });
      assert.equal(refreshed.status, 200, 'the renewed refresh token works');
      const renewed = await refreshed.json();
      await page.evaluate(
        ([a, r]) => {
          localStorage.setItem('omnireach.access_token', a);
          localStorage.setItem('omnireach.refresh_token', r);
        },
        [renewed.access_token, renewed.refresh_token],
      );
      await page.reload();
      await page.getByRole('form', { name: 'Change password' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/settings/profile');

      // The old password is dead, the new one works.
      const old = await fetch(`${BASE_URL}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      assert.equal(old.status, 401);
      await apiLogin(user.email, next);
    } finally {
      await page.context().close();
    }
  });

  test('an admin renames the workspace from Settings → Workspace', async () => {
    const page = await signedInPage();
    const original = (await asAdmin('GET', '/api/me')).workspace;
    const renamed = `Acme ${RUN}`;
    try {
      await page.goto('/settings/workspace');
      const name = page.getByLabel('Name', { exact: true });
      await name.waitFor();
      assert.equal(await name.inputValue(), original.name);
      await name.fill(renamed);
      await page.getByText('Unsaved change').waitFor();
      await screenshot(page, 'e2e-workspace-editing');
      const patched = page.waitForResponse((r) => r.url().endsWith('/api/workspace') && r.request().method() === 'PATCH');
      const refetched = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'GET');
      await page.getByRole('button', { name: 'Save' }).click();
      const res = await patched;
      assert.equal(res.status(), 200);
      assert.deepEqual(res.request().postDataJSON(), { name: renamed });
      assert.equal((await refetched).status(), 200, '/api/me is fetched again');
      await page.getByText(`Workspace renamed to ${renamed}`).waitFor();
      await page.getByTestId('sidebar-workspace-name').filter({ hasText: renamed }).waitFor();
      assert.match(await page.locator('code').first().textContent(), new RegExp(`^${original.slug}$`), 'the slug stays');

      await page.reload();
      await page.getByTestId('sidebar-workspace-name').filter({ hasText: renamed }).waitFor();
      await page.goto('/');
      await page.getByText(`Here's the state of the pipeline in ${renamed}.`).waitFor();
    } finally {
      await asAdmin('PATCH', '/api/workspace', { name: original.name }).catch(() => {});
      await page.context().close();
    }
  });

  test('viewers see write actions disabled with an explanation', async () => {
    const page = await newPage(browser);
    const viewer = { email: `viewer.${RUN}@e2e.example`, password: `viewer-pass-${RUN}`, name: `Vera Viewer` };
    try {
      // Create the viewer through the API as the admin.
      const created = await page.request.post('/api/users', {
        headers: { Authorization: `Bearer ${admin.access_token}` },
        data: { ...viewer, role: 'viewer' },
      });
      assert.equal(created.status(), 201, await created.text());

      await login(page, viewer.email, viewer.password);
      await page.goto('/leads');
      await page.locator('[role="row"][data-lead-id]').first().waitFor();
      const newLead = page.getByRole('button', { name: 'New lead' });
      assert.equal(await newLead.isDisabled(), true);
      assert.equal(await page.getByRole('button', { name: 'Import CSV' }).isDisabled(), true);
      assert.equal(await page.getByRole('button', { name: 'Export CSV' }).isDisabled(), false, 'viewers can still export');
      await page.getByLabel("Viewers can't edit").first().hover();
      await page.getByRole('tooltip', { name: "Viewers can't edit" }).waitFor();
      await screenshot(page, 'e2e-viewer-leads');

      await page.locator('[role="row"][data-lead-id]').first().click();
      const drawer = page.getByRole('dialog');
      await drawer.waitFor();
      assert.equal(await drawer.getByRole('button', { name: 'Edit' }).isDisabled(), true);
      await page.keyboard.press('Escape');

      await page.goto('/settings/api-keys');
      await page.getByText("You don't have access to API keys").waitFor();

      // The workspace name is read-only, with the reason.
      await page.goto('/settings/workspace');
      await page.getByTestId('workspace-name').waitFor();
      await page.getByText('Only admins can rename the workspace.').waitFor();
      await screenshot(page, 'e2e-viewer-workspace');
      assert.equal(await page.getByRole('textbox').count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);

      // …but their own name is theirs to change.
      await page.goto('/settings/profile');
      await page.getByLabel('Name', { exact: true }).fill('Vera V. Viewer');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Account menu' }).filter({ hasText: 'Vera V. Viewer' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('an invited teammate joins through the accept-invite page', async () => {
    const page = await signedInPage();
    const email = `invitee.${RUN}@e2e.example`;
    try {
      await page.goto('/settings');
      await page.getByRole('button', { name: 'Invite member' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Invite a teammate' });
      await dialog.getByLabel('Email').fill(email);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/invitations') && r.request().method() === 'POST');
      await dialog.getByRole('button', { name: 'Create invitation' }).click();
      assert.equal((await created).status(), 201);
      const link = await page.getByRole('dialog', { name: 'Invitation created' }).getByLabel('Invitation link').inputValue();
      assert.match(link, /\/accept-invite\?token=/);
      await page.keyboard.press('Escape');
      await page.getByTestId('invitation-row').filter({ hasText: email }).waitFor();

      // Sign out, then open the link as the invitee.
      await page.evaluate(() => localStorage.clear());
      await page.goto(new URL(link).pathname + new URL(link).search);
      await page.getByRole('heading', { name: /^Join / }).waitFor();
      assert.equal(await page.getByLabel('Email').inputValue(), email);
      await page.getByLabel('Your name').fill('Ivy Invitee');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create account and sign in' }).click();
      await page.getByText('Use at least 10 characters.').waitFor();
      await page.getByLabel('Password', { exact: true }).fill(`invitee-pass-${RUN}`);
      await page.getByRole('button', { name: 'Create account and sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByRole('button', { name: 'Account menu' }).filter({ hasText: 'Ivy Invitee' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('shows an offline banner while the network is down', async () => {
    const page = await signedInPage();
    try {
      const banner = page.getByRole('status').filter({ hasText: "You're offline" });
      await page.getByTestId('kpi-leads-total').waitFor();
      assert.equal(await banner.count(), 0);
      await page.context().setOffline(true);
      await banner.waitFor();
      await screenshot(page, 'e2e-offline');
      await page.context().setOffline(false);
      await banner.waitFor({ state: 'detached' });
    } finally {
      await page.context().close();
    }
  });

  test('works on a phone-sized screen', async () => {
    const page = await signedInPage({ viewport: MOBILE });
    try {
      await page.goto('/leads');
      await page.locator('[role="row"][data-lead-id]').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      await page.getByRole('button', { name: 'Open navigation' }).click();
      const nav = page.getByRole('dialog', { name: 'Navigation' });
      await nav.getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL((u) => u.pathname === '/settings');
      await nav.waitFor({ state: 'detached' });
      await screenshot(page, 'e2e-mobile-settings');
    } finally {
      await page.context().close();
    }
  });
});

