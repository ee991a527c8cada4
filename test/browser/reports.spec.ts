import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import { validateJsonSchema } from '../audit/json-schema.ts';
import { expect, REPO_ROOT, test, type ScimDeskServer } from './fixtures.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const EDITORS_GROUP = 'app-kolena-data-science-editor';

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Runs a CLI command against the server's data directory and fails the test with its output when it fails. */
async function cli(scimdesk: ScimDeskServer, args: string[]): Promise<string> {
  const result = await scimdesk.cli(args);
  expect(result.exitCode, `scimdesk ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Provisions Ada, Grace and the editors group with Entra's recorded requests, and maps the group by the naming convention. */
async function provisionDirectory(scimdesk: ScimDeskServer): Promise<void> {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--json', '--provider', 'entra', '--name', 'Entra production'])) as { token: string };
  await cli(scimdesk, ['replay', '--json', '--provider', 'entra', '--url', scimdesk.scimBaseUrl, '--token', token, '--until', '09-add-member', '--state', join(scimdesk.dataDir, 'replay-state.json')]);
  await cli(scimdesk, ['mapping', 'suggest', '--apply']);
}

/** Exports one report from the Reports screen and returns the downloaded file's content. */
async function exportFromConsole(page: Page, format: 'csv' | 'json' | 'html' | 'pdf', kind = 'Access'): Promise<{ path: string; fileName: string }> {
  const form = page.getByRole('form', { name: 'Export a report' });
  await form.getByRole('radio', { name: kind, exact: true }).check();
  await form.getByLabel('Format').selectOption(format);
  const before = await page.getByTestId('export-row').count();
  await form.getByRole('button', { name: 'Export' }).click();

  await expect(page.getByTestId('export-row')).toHaveCount(before + 1);
  const row = page.getByTestId('export-row').first();
  await expect(row).toHaveAttribute('data-state', 'done');
  const fileName = (await row.getAttribute('data-file-name')) ?? '';
  expect(fileName.endsWith(`.${format}`)).toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toBe(fileName);
  const path = join(SCREENSHOT_DIR, '..', 'downloads', fileName);
  await download.saveAs(path);
  return { path, fileName };
}

test('admin reviews access and exports every report format', async ({ page, scimdesk }) => {
  await provisionDirectory(scimdesk);
  const schema = JSON.parse(await readFile(join(REPO_ROOT, 'docs', 'report.schema.json'), 'utf8')) as Record<string, unknown>;

  await test.step('open the console and see the log head', async () => {
    await page.goto(scimdesk.consoleUrl);
    await page.getByTestId('nav-reports').click();
    const card = page.getByTestId('log-integrity');
    await expect(card).toBeVisible();
    const verified = JSON.parse(await cli(scimdesk, ['verify', '--json'])) as { headDigest: string; headId: number };
    await expect(card.getByTestId('log-head-digest')).toHaveText(verified.headDigest);

    await card.getByRole('button', { name: 'Check the chain now' }).click();
    await expect(card.getByTestId('log-last-check')).toContainText('Intact up to event');
    await expect(card.getByTestId('log-last-check')).toContainText('from the console');
  });

  await test.step('start an access review, decide and sign off', async () => {
    await page.getByTestId('nav-review').click();
    const start = page.getByRole('form', { name: 'Start an access review' });
    await start.getByLabel('Review name').fill('Q2 2025 access review');
    await start.getByLabel('Reviewer').fill('Rita Reviewer');
    await start.getByRole('button', { name: 'Start review' }).click();

    const row = page.locator('[data-testid="review-row"][data-user-name="ada@example.com"][data-scope-name="Data Science"]');
    await expect(row).toBeVisible();
    await expect(row).toContainText(EDITORS_GROUP);
    await expect(page.getByTestId('review-undecided')).toContainText('1 role still needs a decision');
    await row.getByLabel('Comment for ada@example.com in Data Science').fill('Still on the data team.');
    await row.getByLabel('Decision for ada@example.com in Data Science').selectOption('keep');
    await expect(page.getByTestId('review-progress')).toContainText('1 of 1 roles decided: keep 1');
    await saveScreenshot(page, '20-access-review');

    await page.getByRole('form', { name: 'Sign off the review' }).getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByTestId('review-signed-off')).toContainText('Signed off by Rita Reviewer');
    await expect(row.getByLabel('Decision for ada@example.com in Data Science')).toBeDisabled();
  });

  await page.getByTestId('nav-reports').click();

  await test.step('export CSV and check its cells', async () => {
    const { path } = await exportFromConsole(page, 'csv');
    const lines = Papa.parse<string[]>(await readFile(path, 'utf8')).data;
    const header = lines.find((line) => line[0] === 'userName')!;
    const ada = lines.filter((line) => line[0] === 'ada@example.com').map((line) => Object.fromEntries(header.map((key, index) => [key, line[index]])));
    expect(ada).toContainEqual(expect.objectContaining({ scope: 'Data Science', role: 'editor', grantedBy: EDITORS_GROUP, active: 'true' }));
    expect(lines, 'two organization rows and one workspace role').toContainEqual(['rows:access', '3']);
  });

  await test.step('export JSON and check it against the schema', async () => {
    const { path } = await exportFromConsole(page, 'json');
    const report = JSON.parse(await readFile(path, 'utf8'));
    expect(validateJsonSchema(schema, report)).toEqual([]);
    expect(report.sections.access.rows).toContainEqual(expect.objectContaining({ userName: 'ada@example.com', scope: 'Data Science', role: 'editor', grantedBy: [EDITORS_GROUP] }));
  });

  await test.step('export HTML and check its summary', async () => {
    const { path } = await exportFromConsole(page, 'html');
    const html = await readFile(path, 'utf8');
    expect(html).toContain('<h2>Summary</h2>');
    expect(html).toContain('<div class="figure"><b>2</b>Users</div>');
    expect(html).toContain('aria-label="Users per workspace and role"');
    expect(html).toContain(`<td>${EDITORS_GROUP}</td>`);
  });

  await test.step('export PDF and check its text', async () => {
    const { path } = await exportFromConsole(page, 'pdf');
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Access report');
    expect(text).toMatch(/ada@example.com.+Data Science\s+editor\s+app-kolena-data-science-editor/);
    // Each export appends the event that records it, so the report's head is the event before that record.
    const headEventId = Number(/Event log head\s+event (\d+) of/.exec(text)?.[1]);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(scimdesk.dataDir, 'scimdesk.db'), { readonly: true });
    const headDigest = db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(headEventId) as string;
    db.close();
    expect(text).toContain(headDigest);
  });

  await test.step('export the signed-off review with its decisions', async () => {
    const { path } = await exportFromConsole(page, 'csv', 'Access review');
    const lines = Papa.parse<string[]>(await readFile(path, 'utf8')).data;
    expect(lines).toContainEqual(['detail:Reviewer (as named when the review started)', 'Rita Reviewer']);
    const header = lines.find((line) => line[0] === 'userName')!;
    const row = lines.find((line) => line[0] === 'ada@example.com')!;
    const cells = Object.fromEntries(header.map((key, index) => [key, row[index]]));
    expect(cells).toMatchObject({ decision: 'keep', comment: 'Still on the data team.', decidedBy: 'Rita Reviewer', role: 'editor' });
    await saveScreenshot(page, '21-reports-exports');
  });

  await test.step('create an evidence bundle that verify accepts', async () => {
    const before = await page.getByTestId('export-row').count();
    await page.getByRole('form', { name: 'Create an evidence bundle' }).getByRole('button', { name: 'Create evidence bundle' }).click();
    // Until the bundle's row appears, the first row is the finished review export.
    await expect(page.getByTestId('export-row')).toHaveCount(before + 1);
    const row = page.getByTestId('export-row').first();
    await expect(row).toHaveAttribute('data-file-name', /\.zip$/);
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-download').click()]);
    const path = join(SCREENSHOT_DIR, '..', 'downloads', download.suggestedFilename());
    await download.saveAs(path);
    const verified = await scimdesk.cli(['verify', '--bundle', path]);
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('The local event log still contains event');
    const manifestDigest = (await row.getByTestId('manifest-digest').locator('code').textContent()) ?? '';
    expect(manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(verified.stdout).toContain(`recorded this manifest's SHA-256`);
    const recorded = await scimdesk.cli(['events', '--search', manifestDigest]);
    expect(recorded.stdout, 'the console shows the manifest digest the log recorded').toContain('Exported an evidence bundle');
  });
});

test('console warns on every screen when the log was changed', async ({ page, scimdesk }) => {
  await provisionDirectory(scimdesk);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(scimdesk.dataDir, 'scimdesk.db'));
  db.prepare("UPDATE events SET summary = 'Nothing happened' WHERE id = 2").run();
  db.close();

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('log-integrity').getByRole('button', { name: 'Check the chain now' }).click();

  await expect(page.getByTestId('log-break')).toContainText('Event 2 breaks the chain');
  await page.getByTestId('nav-mappings').click();
  await expect(page.getByTestId('log-integrity-banner')).toContainText('The event log failed its integrity check: Event 2 breaks the chain');
  await saveScreenshot(page, '22-log-broken-banner');

  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('log-integrity-limits')).toContainText('cannot tell on its own that the newest events were cut off');
  const { path } = await exportFromConsole(page, 'json');
  await expect(page.getByTestId('export-log-warning')).toContainText('Written from changed data');
  await expect(page.getByTestId('export-log-warning')).toContainText('BROKEN: 1 event breaks the chain, the first at event 2');
  const report = JSON.parse(await readFile(path, 'utf8')) as { log: { chainIntact: boolean; firstBrokenEventId: number } };
  expect(report.log.chainIntact).toBe(false);
  expect(report.log.firstBrokenEventId).toBe(2);
  await saveScreenshot(page, '23-export-from-broken-log');
});

test('export errors show beside their form', async ({ page, scimdesk }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-reports').click();

  await test.step('a Changes report with From after To', async () => {
    const form = page.getByRole('form', { name: 'Export a report' });
    await form.getByRole('radio', { name: 'Changes', exact: true }).check();
    await form.getByLabel('From (empty for the first event)').fill('2025-06-02T00:00:00');
    await form.getByLabel('To (empty for the last event)').fill('2025-06-01T00:00:00');
    await form.getByRole('button', { name: 'Export' }).click();

    const problem = form.getByTestId('report-problem');
    await expect(problem).toContainText('The export could not start. The period starts at');
    await expect(problem).toBeInViewport();
    await expect(page.getByTestId('export-problem')).toHaveCount(0);
    await saveScreenshot(page, '23-report-period-problem');
  });

  await test.step('dismiss the error and keep the console', async () => {
    const form = page.getByRole('form', { name: 'Export a report' });
    await form.getByTestId('report-problem').getByRole('button', { name: 'Dismiss' }).click();

    await expect(form.getByTestId('report-problem')).toHaveCount(0);
    await expect(page.getByTestId('nav-reports')).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  await test.step('another report kind clears the error of the last one', async () => {
    const form = page.getByRole('form', { name: 'Export a report' });
    await form.getByRole('button', { name: 'Export' }).click();
    await expect(form.getByTestId('report-problem')).toBeVisible();

    await form.getByRole('radio', { name: 'Access', exact: true }).check();

    await expect(form.getByTestId('report-problem')).toHaveCount(0);
  });

  await test.step('an evidence bundle with From after To', async () => {
    const form = page.getByRole('form', { name: 'Create an evidence bundle' });
    await form.getByLabel('Changes from').fill('2025-06-02T00:00:00');
    await form.getByLabel('Changes to').fill('2025-06-01T00:00:00');
    await form.getByRole('button', { name: 'Create evidence bundle' }).click();

    const problem = form.getByTestId('bundle-problem');
    await expect(problem).toContainText('The evidence bundle could not start. The period starts at');
    await expect(problem).toBeInViewport();
    await expect(page.getByTestId('export-problem')).toHaveCount(0);

    await problem.getByRole('button', { name: 'Dismiss' }).click();
    await expect(problem).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});

test('console marks an export with edited access', async ({ page, scimdesk }) => {
  await provisionDirectory(scimdesk);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(scimdesk.dataDir, 'scimdesk.db'));
  db.prepare("UPDATE effective_roles SET role = 'admin' WHERE scope <> 'organization'").run();
  db.close();

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-reports').click();
  const { path } = await exportFromConsole(page, 'json');

  await expect(page.getByTestId('export-log-warning')).toContainText('Written from changed data');
  await expect(page.getByTestId('export-log-warning')).toContainText('differs from the access rebuilt from the event log');
  const report = JSON.parse(await readFile(path, 'utf8')) as { log: { chainIntact: boolean }; details: { label: string; value: string }[] };
  expect(report.log.chainIntact).toBe(true);
  expect(report.details.find((detail) => detail.label === 'Current access check')?.value).toMatch(/^DIFFERS from the event log/);
  await saveScreenshot(page, '25-export-with-edited-access');
});

test('last check names the events after it', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-reports').click();
  const card = page.getByTestId('log-integrity');
  await expect(card.getByTestId('log-integrity-coverage')).toContainText('The chain check covers the event log only.');
  await expect(page.getByTestId('exports-empty')).toContainText('No exports from this console session yet.');
  await expect(page.getByTestId('exports-empty')).toContainText('This list does not show exports made with the CLI');
  await expect(page.getByRole('form', { name: 'Create an evidence bundle' })).toContainText('scimdesk verify --bundle FILE --data DIR');
  await saveScreenshot(page, '24-reports-before-exports');
  // The server checked the log when it started, before any event was written.
  await expect(card.getByTestId('log-last-check')).toContainText('The log was empty at the check when ScimDesk started');
  await expect(card.getByTestId('log-unchecked')).toHaveCount(0);

  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  await cli(scimdesk, ['workspace', 'create', 'Research']);
  // Without a reload: the card follows the events as they arrive.
  await expect(card.getByTestId('log-head-id')).toHaveText('2 of 2 events', { timeout: 15_000 });
  await expect(card.getByTestId('log-last-check')).toContainText('The log was empty at the check when ScimDesk started');
  await expect(card.getByTestId('log-unchecked')).toHaveText('Events 1 to 2 were added after this check and are not checked yet. Check the chain now to cover them.');
  await saveScreenshot(page, '24-log-unchecked-events');

  await card.getByRole('button', { name: 'Check the chain now' }).click();
  await expect(card.getByTestId('log-last-check')).toContainText('Intact up to event 2: 2 events checked from the console');
  await expect(card.getByTestId('log-unchecked')).toHaveCount(0);
});
