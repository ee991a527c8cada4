import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type ScimDeskServer } from './fixtures.ts';
import { cli, post } from './two-connections.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const EDITORS_GROUP = 'app-kolena-data-science-editor';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Replay steps that create Ada, Grace, the editors group and Ada's membership. */
const STEPS_THIS_FLOW_NEEDS = ['03-create-user', 'setup-create-grace', '08-create-group', '09-add-member'];

interface ReplayStep {
  step: string;
  ok: boolean;
  status: number | null;
  skipped?: string;
}

/**
 * Sends Entra's request sequence up to the member add with `scimdesk replay --json`
 * and returns each step's outcome: "ok", "skipped", or the unexpected status.
 */
async function replayEntraUntilMemberAdd(scimdesk: ScimDeskServer, token: string): Promise<Map<string, string>> {
  const replay = await scimdesk.cli([
    'replay',
    '--json',
    '--provider', 'entra',
    '--url', scimdesk.scimBaseUrl,
    '--token', token,
    '--until', '09-add-member',
    '--state', join(scimdesk.dataDir, 'replay-state.json'),
  ]);
  let output: { results: ReplayStep[] };
  try {
    output = JSON.parse(replay.stdout) as { results: ReplayStep[] };
  } catch {
    throw new Error(`scimdesk replay printed no JSON (exit code ${replay.exitCode}).\nstdout: ${replay.stdout}\nstderr: ${replay.stderr}`);
  }
  const outcomes = new Map<string, string>();
  for (const result of output.results) {
    let outcome = `status ${result.status}`;
    if (result.ok) {
      outcome = 'ok';
    } else if (result.skipped) {
      outcome = 'skipped';
    }
    outcomes.set(result.step, outcome);
  }
  return outcomes;
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function createWorkspace(page: Page, name: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Create workspace' });
  await form.getByLabel('Workspace name').fill(name);
  await form.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.locator(`[data-testid="workspace-item"][data-workspace-name="${name}"]`)).toBeVisible();
}

test('Entra group mapping grants editor role', async ({ page, scimdesk }) => {
  await test.step('open the console with the session link', async () => {
    await page.goto(scimdesk.consoleUrl);
    await expect(page).toHaveURL(`${scimdesk.consoleOrigin}/`);
    await expect(page.getByTestId('scim-base-url')).toHaveText(scimdesk.scimBaseUrl);
  });

  await test.step('create two workspaces in Mappings', async () => {
    await page.getByTestId('nav-mappings').click();
    await createWorkspace(page, 'Data Science');
    await createWorkspace(page, 'Engineering');
    await saveScreenshot(page, '01-mappings-workspaces');
  });

  let token = '';
  await test.step('create an Entra connection and read its token once', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByLabel('Identity provider').selectOption({ label: 'Microsoft Entra ID' });
    await page.getByLabel('Connection name').fill('Entra production');
    await page.getByRole('button', { name: 'Create connection' }).click();

    const panel = page.getByTestId('token-panel');
    await expect(panel).toBeVisible();
    token = (await panel.getByTestId('token-panel-token').textContent())?.trim() ?? '';
    expect(token, 'the token panel shows a bearer token').not.toBe('');
    await expect(panel.getByTestId('token-once-note')).toContainText('shown only now');
    await expect(panel.getByTestId('token-panel-scim-url')).toHaveText(scimdesk.scimBaseUrl);
    await saveScreenshot(page, '02-connections-token-panel');

    await panel.getByRole('button', { name: 'I have copied the token' }).click();
    await expect(panel).toBeHidden();
    const row = page.getByTestId('connection-row').filter({ hasText: 'Entra production' });
    await expect(row).toBeVisible();
    expect(await page.content(), 'the dismissed token is gone from the DOM').not.toContain(token);
  });

  await test.step('see Entra requests arrive live in Live events', async () => {
    await page.getByTestId('nav-events').click();
    await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();
    let pageLoads = 0;
    page.on('load', () => (pageLoads += 1));

    const createUserRows = page
      .getByTestId('event-row')
      .filter({ has: page.getByText('POST', { exact: true }) })
      .filter({ has: page.getByText(/\/Users$/) })
      .filter({ has: page.getByTestId('event-status').getByText('201', { exact: true }) });
    await expect(createUserRows).toHaveCount(0);

    const steps = await replayEntraUntilMemberAdd(scimdesk, token);
    for (const name of STEPS_THIS_FLOW_NEEDS) {
      expect(steps.get(name), `replay step ${name}`).toBe('ok');
    }

    // Ada and Grace are the two users the sequence creates up to the member add.
    await expect(createUserRows).toHaveCount(2);
    await expect(createUserRows.filter({ hasText: 'ada@example.com' })).toHaveCount(1);
    expect(pageLoads, 'events arrived without a page reload').toBe(0);
    await saveScreenshot(page, '03-live-events');
  });

  await test.step('rename a workspace, keeping the slug that group names use', async () => {
    await page.getByTestId('nav-mappings').click();
    const suggestion = page.locator(`[data-testid="suggestion"][data-group-name="${EDITORS_GROUP}"]`);
    await expect(suggestion).toContainText('editor in Data Science');
    const workspace = page.locator('[data-testid="workspace-item"][data-workspace-name="Data Science"]');
    await workspace.getByRole('button', { name: 'Rename Data Science' }).click();
    await workspace.getByLabel('New name for Data Science').fill('Applied Research');

    const slugChoice = workspace.getByTestId('slug-choice');
    await expect(slugChoice.getByRole('checkbox')).not.toBeChecked();
    await expect(slugChoice).toContainText('groups named app-…-data-science-<role> are still suggested');
    await slugChoice.getByRole('checkbox').check();
    await expect(slugChoice).toContainText('will no longer be suggested');
    await saveScreenshot(page, '04-mappings-rename-slug-choice');
    await slugChoice.getByRole('checkbox').uncheck();
    await workspace.getByRole('button', { name: 'Save' }).click();

    const renamed = page.locator('[data-testid="workspace-item"][data-workspace-name="Applied Research"]');
    await expect(renamed).toContainText('data-science');
    await expect(suggestion).toContainText('editor in Applied Research');

    await renamed.getByRole('button', { name: 'Rename Applied Research' }).click();
    await renamed.getByLabel('New name for Applied Research').fill('Data Science');
    await expect(renamed.getByTestId('slug-choice'), 'the name has the slug the workspace keeps').toHaveCount(0);
    await renamed.getByRole('button', { name: 'Save' }).click();
    await expect(suggestion).toContainText('editor in Data Science');
  });

  await test.step('map the editors group with its row form', async () => {
    await page.getByTestId('nav-mappings').click();
    const row = page.locator(`[data-testid="group-row"][data-group-name="${EDITORS_GROUP}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('mapping-chip')).toHaveCount(0);
    await expect(row.getByTestId('unmapped-flag')).toBeVisible();
    const suggestion = page.locator(`[data-testid="suggestion"][data-group-name="${EDITORS_GROUP}"]`);
    await expect(suggestion).toContainText('editor in Data Science');
    await saveScreenshot(page, '04-mappings-group-unmapped');

    await row.getByLabel('Grant').selectOption({ label: 'Data Science' });
    await row.getByLabel('Role').selectOption('editor');
    await row.getByRole('button', { name: 'Add mapping' }).click();

    await expect(row.getByTestId('mapping-chip')).toHaveCount(1);
    await expect(row.getByTestId('mapping-chip')).toContainText('editor in Data Science');
    await expect(row.getByTestId('unmapped-flag')).toHaveCount(0);
    await expect(suggestion, 'the mapping made the suggestion redundant').toHaveCount(0);
    await saveScreenshot(page, '05-mappings-group-mapped');
  });

  await test.step("see Ada's editor role and the group that grants it", async () => {
    await page.getByTestId('nav-permissions').click();
    await page.getByLabel('Search users').fill('ada');
    const userRows = page.getByTestId('user-row');
    await expect(userRows).toHaveCount(1);
    const ada = page.locator('[data-testid="user-row"][data-user-name="ada@example.com"]');
    await ada.getByRole('button', { name: 'ada@example.com' }).click();

    const panel = page.getByTestId('user-permissions');
    await expect(panel).toBeVisible();
    const dataScience = panel.locator('[data-testid="workspace-access-row"][data-workspace-name="Data Science"]');
    await expect(dataScience.getByTestId('workspace-role')).toHaveText('editor');
    await expect(dataScience.getByTestId('workspace-granted-by')).toContainText(EDITORS_GROUP);
    const engineering = panel.locator('[data-testid="workspace-access-row"][data-workspace-name="Engineering"]');
    await expect(engineering).toHaveCount(0);
    await saveScreenshot(page, '06-permissions-ada');
  });
});

test('console rejects requests without the session', async ({ browser, scimdesk }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageResponse = await page.goto(`${scimdesk.consoleOrigin}/`);
    expect(pageResponse?.status()).toBe(401);

    const apiResponse = await context.request.post(`${scimdesk.consoleOrigin}/api/listConnections`, { data: {} });
    expect(apiResponse.status()).toBe(401);

    const wrongSecret = await context.request.get(`${scimdesk.consoleOrigin}/?session=not-the-secret`, { maxRedirects: 0 });
    expect(wrongSecret.status()).toBe(401);
    expect(wrongSecret.headers()['set-cookie']).toBeUndefined();

    const cookies = await context.cookies(scimdesk.consoleOrigin);
    expect(cookies).toEqual([]);
  } finally {
    await context.close();
  }
});

test('Entra replay to member add succeeds', async ({ scimdesk }) => {
  const created = await scimdesk.cli(['connection', 'create', '--json', '--provider', 'entra', '--name', 'Entra replay']);
  expect(created.exitCode, created.stderr).toBe(0);
  const { token } = JSON.parse(created.stdout) as { token: string };

  const steps = await replayEntraUntilMemberAdd(scimdesk, token);
  const failed = [...steps].filter(([, outcome]) => outcome !== 'ok' && outcome !== 'skipped');
  expect(failed).toEqual([]);
});

test('Health card marks recent failures', async ({ page, scimdesk }) => {
  const created = await scimdesk.cli(['connection', 'create', '--json', '--provider', 'okta', '--name', 'Okta']);
  expect(created.exitCode, created.stderr).toBe(0);
  const { token } = JSON.parse(created.stdout) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  await page.request.get(`${scimdesk.scimBaseUrl}/Users?count=1`, { headers });
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const response = await page.request.get(`${scimdesk.scimBaseUrl}/Users/no-such-user`, { headers });
    expect(response.status()).toBe(404);
  }

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-connections').click();
  await expect(page.getByTestId('connection-health')).toHaveText('Recent failures');
  await page.getByTestId('nav-overview').click();
  const card = page.getByTestId('health-card').filter({ hasText: 'Okta' });
  await expect(card).toHaveAttribute('data-state', 'healthy');
  await expect(card.getByTestId('health-reason')).toContainText('The last 4 requests from Okta failed');
  await expect(card.getByTestId('health-state')).toHaveText('Recent failures');
  await expect(card.getByTestId('health-state')).toHaveAttribute('data-variant', 'recent-failures');
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screenshots', 'overview-recent-failures.png') });
});

test('Sidebar stays in view on a long page', async ({ page, scimdesk }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${scimdesk.consoleUrl}#review`);
  await expect(page.getByRole('heading', { name: 'Access review', exact: true })).toBeVisible();
  // Makes the page longer than the window whatever the screen shows.
  await page.evaluate(() => {
    const filler = document.createElement('div');
    filler.style.height = '3000px';
    document.querySelector('main')?.append(filler);
  });
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);

  await expect(page.getByTestId('nav-overview')).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Copy' })).toBeInViewport({ ratio: 1 });

  await page.setViewportSize({ width: 1280, height: 420 });
  const sidebar = page.getByRole('complementary');
  const box = await sidebar.boundingBox();
  expect(box?.height, 'the sidebar is as tall as the window').toBe(420);
  await sidebar.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.getByRole('button', { name: 'Copy' })).toBeInViewport({ ratio: 1 });
});

test('first screen leads to the wizard', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);

  await expect(page.getByTestId('screen-overview')).toBeVisible();
  await expect(page.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');
  const getStarted = page.getByTestId('get-started');
  await expect(getStarted.getByRole('heading', { name: 'Connect your identity provider' })).toBeVisible();
  await saveScreenshot(page, '10-first-screen');
  await getStarted.getByRole('link', { name: 'Start the setup wizard' }).click();
  await expect(page).toHaveURL(/#setup$/);
  await expect(page.getByTestId('provider-okta')).toBeVisible();

  const created = await scimdesk.cli(['connection', 'create', '--provider', 'okta', '--name', 'Okta']);
  expect(created.exitCode, created.stderr).toBe(0);
  await page.goto(scimdesk.consoleOrigin);
  await expect(page.getByTestId('screen-overview')).toBeVisible();
  await expect(page.getByTestId('health-card').filter({ hasText: 'Okta' })).toHaveCount(1);
  await expect(page.getByTestId('get-started')).toHaveCount(0);
});

test('naming slug keeps other apps out of suggestions', async ({ page, scimdesk }) => {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const adaId = await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
  for (const displayName of ['app-kolena-data-science-editor', 'app-kolena-organization-admin', 'app-acme-organization-admin']) {
    await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: [{ value: adaId }] });
  }
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();

  const section = page.getByTestId('suggestions');
  await expect(section.getByTestId('any-slug-warning')).toContainText('Any app slug is accepted');
  await expect(page.getByTestId('accept-all-suggestions')).toHaveText('Accept all (1)');
  const toCheck = section.getByTestId('suggestions-to-check').getByTestId('suggestion');
  await expect(toCheck).toHaveCount(2);
  await saveScreenshot(page, '11-mappings-any-slug');

  const form = page.getByRole('form', { name: 'Naming convention slug' });
  await form.getByLabel('App slug').fill('Kolena Labs');
  await form.getByRole('button', { name: 'Save slug' }).click();
  await expect(page.getByTestId('naming-slug-problem')).toHaveText(
    '"Kolena Labs" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "kolena-labs".',
  );
  await expect(section.getByTestId('any-slug-warning')).toBeVisible();

  await form.getByLabel('App slug').fill('kolena');
  await form.getByRole('button', { name: 'Save slug' }).click();
  await expect(section.getByTestId('slug-in-use')).toHaveText('Only groups whose names start with app-kolena- are suggested.');
  await expect(section.getByTestId('suggestions-to-check')).toHaveCount(0);
  await expect(page.getByTestId('accept-all-suggestions')).toHaveText('Accept all (2)');
  await expect(section.locator('[data-testid="suggestion"][data-group-name="app-acme-organization-admin"]')).toHaveCount(0);
  await saveScreenshot(page, '12-mappings-slug-set');

  const events = await cli(scimdesk, ['events', '--type', 'admin.change']);
  expect(events).toMatch(/admin\.change by console +Changed settings: naming-convention slug any slug → "kolena"/);
  const convention = JSON.parse(await cli(scimdesk, ['mapping', 'convention', '--json'])) as { namingSlug: string };
  expect(convention.namingSlug).toBe('kolena');

  await form.getByRole('button', { name: 'Accept any slug' }).click();
  await expect(section.getByTestId('any-slug-warning')).toBeVisible();
  await expect(toCheck).toHaveCount(2);
});
