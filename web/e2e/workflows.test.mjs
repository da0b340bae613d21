// Workflow builder and campaign tests against a running OmniReach server (docs/workflows.md):
// build a workflow by drag-and-drop, connect handles, see a validation finding and fix it,
// publish, run it as a campaign on demo leads, pause and resume, and watch the runs advance
// when the server's test clock moves. No sleeps: every wait is for a condition.
// The server must run with OMNIREACH_TEST_CLOCK=1 (scripts/test.sh starts it so).
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

const centre = (box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** Drag from one handle to another with the mouse, the way a person connects two steps. */
async function connect(page, fromNode, branch, toNode) {
  const from = centre(await page.locator(`[data-node-id="${fromNode}"] [data-handle="${branch}"]`).boundingBox());
  const to = centre(await page.locator(`[data-node-id="${toNode}"] .react-flow__handle.target`).boundingBox());
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await page.locator(`.react-flow__edge[data-id="e_${fromNode}_${branch}_${toNode}"]`).waitFor({ state: 'attached' });
}

/** Wait until the runs table shows `count` runs, all in `status` (it updates live). */
function runsAll(page, count, status) {
  return page.waitForFunction(
    ([n, wanted]) => {
      const rows = [...document.querySelectorAll('[data-testid="run-row"]')];
      return rows.length === n && rows.every((r) => r.dataset.status === wanted);
    },
    [count, status],
    { timeout: LIVE_TIMEOUT },
  );
}

/** The node ids on the canvas, in order. */
const nodeIds = (page) => page.locator('[data-testid="step-node"]').evaluateAll((els) => els.map((e) => e.dataset.nodeId));

describe('workflow builder and campaigns', () => {
  test('build by drag-and-drop, fix a finding, publish, launch on demo leads, pause, resume and watch runs advance', async () => {
    const page = await authedPage(browser, admin);
    try {
      // A blank workflow from the list page.
      await page.goto('/workflows');
      await page.getByRole('button', { name: 'New workflow' }).click();
      await page.getByLabel('Name').fill(`E2E wait flow ${RUN}`);
      await page.getByTestId('template-__blank').click();
      await page.getByRole('button', { name: 'Create and open' }).click();
      await page.waitForURL(/\/workflows\/[^/]+$/);
      const workflowId = new URL(page.url()).pathname.split('/').pop();
      await page.locator('[data-node-id="trigger"]').waitFor();

      // Drag a Wait step from the palette onto the canvas.
      const pane = page.locator('.react-flow__pane');
      const paneBox = await pane.boundingBox();
      await page.getByTestId('palette-wait').dragTo(pane, { targetPosition: { x: paneBox.width / 2, y: paneBox.height * 0.7 } });
      await page.locator('[data-node-id="wait_1"]').waitFor();
      assert.deepEqual(await nodeIds(page), ['trigger', 'wait_1']);

      // Live validation: the unconnected step is a finding, with a badge on the node.
      await page.getByTestId('validation-button').click();
      const finding = page.getByTestId('finding').first();
      await finding.waitFor({ timeout: LIVE_TIMEOUT });
      assert.match(await page.getByTestId('findings').textContent(), /wait_1|reach|connect/i);
      await page.keyboard.press('Escape');

      // Fix it: connect the trigger to the wait by dragging between handles, then add an End
      // with the keyboard-accessible palette and connect it too.
      await connect(page, 'trigger', 'out', 'wait_1');
      await page.getByTestId('palette-end').focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-node-id="end_1"]').waitFor();
      await connect(page, 'wait_1', 'out', 'end_1');
      await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor({ timeout: LIVE_TIMEOUT });
      await page.waitForFunction(() => /Valid|warning/.test(document.querySelector('[data-testid="validation-button"]')?.textContent ?? ''), null, { timeout: LIVE_TIMEOUT });
      assert.equal(await page.locator('[data-node-id="wait_1"]').getAttribute('data-errors'), '0');
      await screenshot(page, 'e2e-builder');

      // The saved draft is exactly what is on the canvas.
      const saved = await call('GET', `/api/workflows/${workflowId}`);
      assert.deepEqual(saved.draft.nodes.map((n) => n.id).sort(), ['end_1', 'trigger', 'wait_1']);
      assert.deepEqual(
        saved.draft.edges.map((e) => `${e.source}->${e.target}`).sort(),
        ['trigger->wait_1', 'wait_1->end_1'],
      );

      // Undo removes the last connection; redo brings it back.
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
      await page.keyboard.press('Control+z');
      await page.locator('.react-flow__edge[data-id="e_wait_1_out_end_1"]').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+Shift+z');
      await page.locator('.react-flow__edge[data-id="e_wait_1_out_end_1"]').waitFor({ state: 'attached' });

      // Publish with a note.
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByLabel('What changed?').fill('First version from the browser test');
      await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
      await page.getByText('Published version 1').waitFor();
      const versions = await call('GET', `/api/workflows/${workflowId}/versions`);
      assert.equal(versions.items[0].version, 1);
      assert.equal(versions.items[0].note, 'First version from the browser test');

      // A campaign on two demo leads.
      await page.goto('/campaigns');
      await page.getByRole('button', { name: 'New campaign' }).first().click();
      await page.getByLabel('Name').fill(`E2E campaign ${RUN}`);
      await page.getByLabel('Workflow', { exact: true }).click();
      await page.getByRole('option', { name: new RegExp(`E2E wait flow ${RUN}`) }).click();
      await page.getByRole('button', { name: 'Create campaign' }).click();
      await page.waitForURL(/\/campaigns\/[^/]+$/);
      const campaignId = new URL(page.url()).pathname.split('/').pop();
      await page.getByRole('tab', { name: 'Audience & schedule' }).click();
      const leadBoxes = page.getByRole('list', { name: 'Leads' }).getByRole('checkbox');
      await leadBoxes.nth(1).waitFor();
      await leadBoxes.nth(0).click();
      await leadBoxes.nth(1).click();
      await page.getByTestId('audience-selected').filter({ hasText: '2 selected' }).waitFor();
      // Every day, all day, so the wait is not held by the sending window.
      for (const day of ['Sat', 'Sun']) {
        const box = page.getByRole('checkbox', { name: day, exact: true });
        if (!(await box.isChecked())) await box.click();
      }
      await page.getByLabel('From').fill('00:00');
      await page.getByLabel('Until').fill('23:59');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Campaign saved').waitFor();
      const stored = await call('GET', `/api/campaigns/${campaignId}`);
      assert.equal(stored.audience.kind, 'manual');
      assert.equal(stored.audience.lead_ids.length, 2);

      // Launch: both leads get a run, waiting on the 2-day wait.
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Launch' }).first().click();
      await page.locator('[data-testid="campaign-page"][data-status="active"]').waitFor({ timeout: LIVE_TIMEOUT });
      await page.getByTestId('counter-enrolled').filter({ hasText: '2' }).waitFor({ timeout: LIVE_TIMEOUT });
      await page.getByRole('tab', { name: 'Runs' }).click();
      await runsAll(page, 2, 'waiting');

      // Pause and resume the campaign.
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.locator('[data-testid="campaign-page"][data-status="paused"]').waitFor({ timeout: LIVE_TIMEOUT });
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.locator('[data-testid="campaign-page"][data-status="active"]').waitFor({ timeout: LIVE_TIMEOUT });

      // Two days pass on the server's clock: the runs finish, live on the page.
      await page.evaluate(() => (window.__noReload = true));
      const clock = await call('POST', '/api/test/clock/advance', { seconds: 2 * 86_400 + 60 });
      assert.equal(clock.adjustable, true);
      await runsAll(page, 2, 'completed');
      assert.equal(await page.evaluate(() => window.__noReload), true, 'the page was not reloaded');
      await page.locator('[data-testid="run-row"]').first().click();
      await page.locator('[data-testid="node-run"]').nth(2).waitFor();
      const steps = await page.locator('[data-testid="node-run"]').allTextContents();
      assert.match(steps.join(' | '), /trigger.*wait.*end/is);
      await screenshot(page, 'e2e-campaign-run');
    } finally {
      await page.context().close();
    }
  });

  test('the demo campaign simulates a sample lead: every message, wait and exit, nothing sent', async () => {
    const page = await authedPage(browser, admin);
    try {
      const campaigns = await call('GET', '/api/campaigns');
      const demo = campaigns.items.find((c) => c.name === 'Demo outreach');
      assert.ok(demo, 'the seeded demo campaign');
      const before = await call('GET', `/api/campaigns/${demo.id}/runs`);
      await page.goto(`/campaigns/${demo.id}`);
      await page.getByRole('tab', { name: 'Simulate' }).click();

      // A sample lead who consented to SMS and never replies: email, two days, SMS, a day, the AI.
      await page.getByLabel('First name').fill('Sam');
      await page.getByRole('checkbox', { name: 'SMS consent' }).click();
      await page.getByRole('button', { name: 'Run simulation' }).click();
      const timeline = page.getByTestId('simulation-timeline');
      await timeline.waitFor();
      await page.getByTestId('simulation-outcome').filter({ hasText: 'Completed' }).waitFor();
      // Holds (quiet hours or the sending window, depending on when the test runs) may come between.
      const kinds = await page.getByTestId('simulation-step').evaluateAll((els) => els.map((e) => e.dataset.kind));
      assert.deepEqual(
        kinds.filter((k) => k !== 'blocked'),
        ['send', 'wait', 'decision', 'send', 'wait', 'hand_off', 'end'],
      );
      await page.getByTestId('simulation-summary').filter({ hasText: '2 messages would go out' }).waitFor();
      assert.match(await timeline.textContent(), /Hi Sam/);
      await screenshot(page, 'e2e-campaign-simulation');

      // The same lead replies on day 1: the run exits before the SMS.
      await page.getByRole('checkbox', { name: 'The lead replies' }).click();
      await page.getByLabel('Day the lead replies').fill('1');
      await page.getByRole('button', { name: 'Run simulation' }).click();
      await page.getByTestId('simulation-outcome').filter({ hasText: 'Exited: reply' }).waitFor();
      await page.getByTestId('simulation-summary').filter({ hasText: '1 message would go out' }).waitFor();

      // Nothing was sent or enrolled.
      const after = await call('GET', `/api/campaigns/${demo.id}/runs`);
      assert.equal(after.items.length, before.items.length);
    } finally {
      await page.context().close();
    }
  });
});
