import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type ScimDeskServer } from './fixtures.ts';
import { cli, post } from './two-connections.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Sums a data attribute over the timeline's buckets. */
async function sumBuckets(page: Page, attribute: 'data-total' | 'data-errors'): Promise<number> {
  const values = await page.getByTestId('timeline-bucket').evaluateAll(
    (elements, name) => elements.map((element) => Number(element.getAttribute(name))),
    attribute,
  );
  return values.reduce((sum, value) => sum + value, 0);
}

test('Live events follow an Okta replay, filter errors and open one', async ({ page, scimdesk }) => {
  const created = await scimdesk.cli(['connection', 'create', '--json', '--provider', 'okta', '--name', 'Okta production']);
  expect(created.exitCode, created.stderr).toBe(0);
  const { token } = JSON.parse(created.stdout) as { token: string };

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-events').click();
  await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();
  let pageLoads = 0;
  page.on('load', () => (pageLoads += 1));

  await test.step('replay Okta and a client with a wrong token, and watch the events arrive', async () => {
    const state = join(scimdesk.dataDir, 'replay-state.json');
    const replay = await scimdesk.cli(['replay', '--json', '--provider', 'okta', '--url', scimdesk.scimBaseUrl, '--token', token, '--state', state]);
    expect(replay.stdout, replay.stderr).toContain('"results"');
    await scimdesk.cli(['replay', '--json', '--provider', 'okta', '--url', scimdesk.scimBaseUrl, '--token', 'scd_not-a-valid-token', '--until', '02-lookup-user', '--state', state]);

    const rows = page.getByTestId('event-row');
    await expect(rows.filter({ hasText: 'Created user ada@example.com' })).toHaveCount(1);
    await expect(rows.filter({ has: page.getByTestId('event-status').getByText('401', { exact: true }) }).first()).toBeVisible();
    expect(pageLoads, 'events arrived without a page reload').toBe(0);
    await saveScreenshot(page, 'events-01-live');
  });

  const total = Number((await page.getByTestId('events-count').textContent())?.match(/[\d,]+/)?.[0].replace(/,/g, ''));
  await test.step('check that the chart counts the same events', async () => {
    await expect.poll(() => sumBuckets(page, 'data-total'), { message: 'the timeline counts every event' }).toBe(total);
    expect(await sumBuckets(page, 'data-errors')).toBeGreaterThan(0);
    await expect(page.getByTestId('timeline').getByRole('img')).toHaveAttribute('aria-label', new RegExp(`^Timeline: ${total} events, \\d+ failed`));
  });

  await test.step('filter to errors, which the URL keeps across a reload', async () => {
    await page.getByLabel('Errors only').check();
    await expect(page).toHaveURL(/#events\?status=error$/);
    const statuses = page.getByTestId('event-row').getByTestId('event-status');
    await expect(statuses.first()).toHaveText(/^[45]\d\d$/);
    const errorCount = await sumBuckets(page, 'data-errors');
    await expect(page.getByTestId('events-count')).toContainText(`${errorCount} matching event`);
    expect(await statuses.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^[45]\d\d$/)]));
    for (const status of await statuses.allTextContents()) {
      expect(Number(status), 'only failed requests are listed').toBeGreaterThanOrEqual(400);
    }

    await page.reload();
    await expect(page.getByLabel('Errors only')).toBeChecked();
    await expect(page.getByTestId('events-count')).toContainText(`${errorCount} matching event`);
    await saveScreenshot(page, 'events-02-errors');
  });

  await test.step('open a rejected request and see it redacted', async () => {
    const rejected = page.getByTestId('event-row').filter({ has: page.getByTestId('event-status').getByText('401', { exact: true }) }).first();
    await rejected.click();

    const detail = page.getByTestId('event-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('answered 401');
    await expect(detail.getByTestId('event-detail-request')).toContainText('authorization');
    await expect(detail.getByTestId('event-detail-request')).toContainText('Bearer [redacted]');
    await expect(detail.getByTestId('event-detail-response')).toContainText('Status 401');
    await expect(page).toHaveURL(/[?&]event=\d+/);
    expect(await page.content(), 'the wrong token never reaches the page').not.toContain('scd_not-a-valid-token');
    expect(await page.content(), 'the real token never reaches the page').not.toContain(token);
    await saveScreenshot(page, 'events-03-detail');
  });

  await test.step('open a change with its normalizations and a link to the user', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search').fill('Created user ada@example.com');
    const row = page.getByTestId('event-row').filter({ hasText: 'Created user ada@example.com' });
    await expect(page.getByTestId('event-row')).toHaveCount(1);
    await row.click();

    const detail = page.getByTestId('event-detail');
    await expect(detail.getByTestId('event-detail-changes')).toContainText('Created user ada@example.com');
    await expect(detail.getByTestId('event-detail-request')).toContainText('"userName": "ada@example.com"');
    await detail.getByRole('button', { name: 'permissions' }).click();
    await expect(page.getByTestId('user-permissions')).toContainText('ada@example.com');
  });

  await test.step('see the connection health and the alert on the overview', async () => {
    await page.getByTestId('nav-overview').click();
    const card = page.getByTestId('health-card').filter({ hasText: 'Okta production' });
    await expect(card).toHaveAttribute('data-state', 'healthy');
    await expect(card.getByTestId('health-reason')).toContainText('The last request from Okta came');
    await expect(page.getByTestId('store-size')).toHaveText(/KiB|MiB/);
    await saveScreenshot(page, 'events-04-overview');
  });
});

test('Alert banner reports requests with invalid credentials once', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  // A replay stops at its first 401, so each attempt sends one request; the alert needs three.
  const state = join(scimdesk.dataDir, 'replay-state.json');
  for (let attempt = 0; attempt < 4; attempt += 1) {
    await scimdesk.cli(['replay', '--json', '--provider', 'okta', '--url', scimdesk.scimBaseUrl, '--token', 'scd_not-a-valid-token', '--until', '03-create-user', '--state', state]);
  }

  const banner = page.getByTestId('alert-banner');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner.getByTestId('banner-alert')).toHaveCount(1);
  await expect(banner).toContainText('were rejected for invalid credentials');

  const health = await scimdesk.cli(['health', '--json']);
  const output = JSON.parse(health.stdout) as { alerts: { rule: string }[] };
  expect(output.alerts.map((alert) => alert.rule)).toEqual(['rejected-credentials']);
  await saveScreenshot(page, 'events-05-banner');

  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
});

/** Sends one SCIM PATCH that adds or removes a group member, over loopback, and fails the test unless it succeeds. */
async function patchMember(scimdesk: ScimDeskServer, token: string, groupId: string, op: 'add' | 'remove', userId: string): Promise<void> {
  const operation = op === 'add' ? { op, path: 'members', value: [{ value: userId }] } : { op, path: `members[value eq "${userId}"]` };
  const response = await fetch(`${scimdesk.scimBaseUrl}/Groups/${groupId}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [operation] }),
  });
  expect(response.status, `PATCH ${op} member`).toBeLessThan(300);
}

test('Overview alerts when the provider removes the last admin', async ({ page, scimdesk }) => {
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--json', '--provider', 'okta', '--name', 'Okta production'])) as { token: string };
  const adaId = await post(scimdesk, token, '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com', active: true });
  const adminsId = await post(scimdesk, token, '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Admins', members: [{ value: adaId }] });
  await cli(scimdesk, ['mapping', 'add', '--group', 'Admins', '--org-admin']);
  await page.goto(scimdesk.consoleUrl);
  await expect(page.getByTestId('no-alerts')).toBeVisible();

  await patchMember(scimdesk, token, adminsId, 'remove', adaId);

  const alert = page.locator('[data-testid="overview-alert"][data-alert-rule="no-organization-admin"]');
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText('The organization has no admin.');
  await expect(alert).toContainText('ada@example.com lost the organization admin role');
  await expect(alert).toContainText('through a SCIM request from Okta production');
  await expect(alert).toContainText('restore the membership or the user in Okta');
  await expect(page.getByTestId('alert-banner')).toContainText('The organization has no admin.');
  await saveScreenshot(page, 'events-06-no-admin');

  const health = JSON.parse(await cli(scimdesk, ['health', '--json'])) as { alerts: { rule: string }[] };
  expect(health.alerts.map((item) => item.rule)).toContain('no-organization-admin');

  await patchMember(scimdesk, token, adminsId, 'add', adaId);
  await expect(alert).toContainText('clearing: its cause is gone', { timeout: 20_000 });
});

test('Time range with From after To', async ({ page, scimdesk }) => {
  await page.goto(`${scimdesk.consoleUrl}#events`);
  await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();
  const spans = page.getByRole('group', { name: 'Timeline span' });
  await expect(spans.getByRole('button', { name: 'Last 1 hour' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByLabel('From').fill('2030-01-02T10:00');
  await page.getByLabel('To').fill('2030-01-01T10:00');

  const problem = page.getByTestId('event-range-problem');
  await expect(problem).toHaveText(/^From is after To/);
  await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('problem'), 'no load failure for a range the screen explains').toHaveCount(0);
  await expect(page.getByTestId('events-count')).toHaveText(/^0 matching events/);
  await expect(page.getByTestId('events-empty')).toHaveCount(0);
  await expect(spans.getByRole('button', { pressed: true })).toHaveCount(0);
  await saveScreenshot(page, 'events-06-range-after');

  await page.getByLabel('To').fill('2030-01-03T10:00');
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId('events-count')).toHaveText(/^0 matching events/);
  await expect(spans.getByRole('button', { name: 'Last 1 hour' })).toHaveAttribute('aria-pressed', 'false');

  await spans.getByRole('button', { name: 'Last 6 hours' }).click();
  await expect(spans.getByRole('button', { name: 'Last 6 hours' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('From')).toHaveValue('');
  await expect(page.getByLabel('To')).toHaveValue('');
});

test('Workspace filter naming no workspace', async ({ page, scimdesk }) => {
  const created = await scimdesk.cli(['workspace', 'create', 'Data Science']);
  expect(created.exitCode, created.stderr).toBe(0);
  await page.goto(`${scimdesk.consoleUrl}#events`);
  await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Workspace' }).fill('Data Sceince');

  const notes = page.getByTestId('filter-notes');
  await expect(notes).toHaveText('No workspace is named "Data Sceince" or has that id. Workspaces: "Data Science".');
  await expect(page.getByTestId('events-count')).toHaveText(/^0 matching events/);
  await saveScreenshot(page, 'events-07-unknown-workspace');

  await page.getByRole('searchbox', { name: 'Workspace' }).fill('Data Science');
  await expect(page.getByTestId('events-empty')).toBeVisible();
  await expect(notes).toHaveCount(0);
});

test('Filter value the engine rejects', async ({ page, scimdesk }) => {
  await page.goto(`${scimdesk.consoleUrl}#events?since=last-tuesday`);
  await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();

  const problem = page.getByTestId('problem');
  await expect(problem).toContainText('Loading the sync events failed. Invalid input: filter.since');
  await expect(problem.locator('.notice-next-step')).toHaveText('Correct the filter value that the message names, or clear the filters.');
  await expect(problem).not.toContainText('running');
  await saveScreenshot(page, 'events-08-rejected-filter');
});

test('Events load without a server response', async ({ page, scimdesk }) => {
  await page.route('**/api/queryEvents', (route) => route.abort('connectionrefused'));
  await page.goto(`${scimdesk.consoleUrl}#events`);

  const problem = page.getByTestId('problem');
  await expect(problem).toContainText('The ScimDesk server did not respond to queryEvents.');
  await expect(problem.locator('.notice-next-step')).toHaveText('Check that "scimdesk serve" is still running, then try again.');
});

test('event row reads as a sentence', async ({ page, scimdesk }) => {
  const created = await scimdesk.cli(['connection', 'create', '--json', '--provider', 'okta', '--name', 'Okta production']);
  expect(created.exitCode, created.stderr).toBe(0);
  const { token } = JSON.parse(created.stdout) as { token: string };
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' };
  const group = await fetch(`${scimdesk.scimBaseUrl}/Groups`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Contractors' }),
  });
  const { id } = (await group.json()) as { id: string };
  const deleted = await fetch(`${scimdesk.scimBaseUrl}/Groups/${id}`, { method: 'DELETE', headers });
  expect(deleted.status).toBe(204);

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-events').click();

  const row = page.getByTestId('event-row').filter({ hasText: 'Deleted group Contractors' });
  await expect(row).toHaveCount(1);
  const name = new RegExp(`^\\d{2}:\\d{2}:\\d{2} [AP]M, Okta production, DELETE /Groups/${id}, status 204, \\d+ ms\\. Deleted group Contractors`);
  await expect(page.getByRole('button', { name })).toHaveCount(1);
  await expect(row).toContainText(`DELETE /Groups/${id}`);
  // A path or connection name cut by its column keeps its full text as a tooltip.
  await expect(row.locator('.event-path')).toHaveAttribute('title', `/Groups/${id}`);
  await expect(row.locator('.event-connection')).toHaveAttribute('title', 'Okta production');
  const texts = await page.getByTestId('event-row').allTextContents();
  expect(texts.filter((text) => /[A-Z]\/(Users|Groups)/.test(text)), 'rows whose method runs into the path').toEqual([]);
});
