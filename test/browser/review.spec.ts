import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type ScimDeskServer } from './fixtures.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function cli(scimdesk: ScimDeskServer, args: string[]): Promise<string> {
  const result = await scimdesk.cli(args);
  expect(result.exitCode, `scimdesk ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Replays Entra's recorded requests to two connections, so that both provision ada@example.com, and maps the groups. */
async function provisionTwoConnections(scimdesk: ScimDeskServer): Promise<void> {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  for (const name of ['Entra production', 'Entra staging']) {
    const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--json', '--provider', 'entra', '--name', name])) as { token: string };
    const state = join(scimdesk.dataDir, `replay-state-${name.replace(' ', '-')}.json`);
    await cli(scimdesk, ['replay', '--json', '--provider', 'entra', '--url', scimdesk.scimBaseUrl, '--token', token, '--until', '09-add-member', '--state', state]);
  }
  await cli(scimdesk, ['mapping', 'suggest', '--apply']);
}

async function startReview(page: Page, scimdesk: ScimDeskServer): Promise<void> {
  await page.goto(`${scimdesk.consoleUrl}#review`);
  const start = page.getByRole('form', { name: 'Start an access review' });
  await start.getByLabel('Review name').fill('Q4 review');
  await start.getByLabel('Reviewer').fill('Rita Reviewer');
  await start.getByRole('button', { name: 'Start review' }).click();
  await expect(page.getByTestId('review-table')).toBeVisible();
}

function reviewRow(page: Page, connectionName: string) {
  return page.locator(`[data-testid="review-row"][data-user-name="ada@example.com"][data-scope-name="Data Science"][data-connection-name="${connectionName}"]`);
}

test('Review table fits at 1280 px', async ({ page, scimdesk }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await provisionTwoConnections(scimdesk);
  await startReview(page, scimdesk);

  const scroller = page.getByTestId('review-table').locator('xpath=..');
  const widths = await scroller.evaluate((element) => ({ client: element.clientWidth, scroll: element.scrollWidth }));
  expect(widths.scroll, 'the table is no wider than its container').toBeLessThanOrEqual(widths.client);

  const production = reviewRow(page, 'Entra production');
  const staging = reviewRow(page, 'Entra staging');
  await expect(production.getByTestId('review-connection')).toHaveText('from Entra production');
  await expect(staging.getByTestId('review-connection')).toHaveText('from Entra staging');

  await production.getByLabel('Comment for ada@example.com in Data Science').fill('Typing a comment keeps the user in view.');
  expect(await scroller.evaluate((element) => element.scrollLeft)).toBe(0);
  await expect(production.getByRole('rowheader')).toBeInViewport();
  await saveScreenshot(page, 'review-01-fits');
});

test('Review Change decision needs the new role', async ({ page, scimdesk }) => {
  await provisionTwoConnections(scimdesk);
  await startReview(page, scimdesk);
  const row = reviewRow(page, 'Entra production');
  const current = (await row.locator('td').nth(1).textContent()) ?? '';
  const target = current === 'viewer' ? 'editor' : 'viewer';

  await row.getByLabel('Decision for ada@example.com in Data Science').selectOption('change');
  const newRole = row.getByLabel('New role for ada@example.com in Data Science');
  await expect(newRole).toBeFocused();
  await expect(newRole).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByTestId('review-role-missing')).toContainText('Choose the role to give instead');
  await expect(newRole.locator('option', { hasText: `to ${current}` })).toHaveCount(0);
  await expect(page.getByTestId('review-progress')).toContainText('0 of 2 roles decided');
  await saveScreenshot(page, 'review-02-change-needs-role');

  await newRole.selectOption(target);
  await expect(page.getByTestId('review-progress')).toContainText('1 of 2 roles decided');
  await expect(page.getByTestId('review-progress')).toContainText('change 1');
  await expect(row.getByTestId('review-role-missing')).toHaveCount(0);

  const comment = row.getByLabel('Comment for ada@example.com in Data Science');
  await comment.fill('Moved to the analytics team.');
  await comment.press('Enter');
  await expect(row.getByLabel('Comment for ada@example.com in Data Science')).toHaveValue('Moved to the analytics team.');
  await page.reload();
  const reloaded = reviewRow(page, 'Entra production');
  await expect(reloaded.getByLabel('New role for ada@example.com in Data Science')).toHaveValue(target);
  await expect(reloaded.getByLabel('Comment for ada@example.com in Data Science')).toHaveValue('Moved to the analytics team.');
  await saveScreenshot(page, 'review-03-change-saved');
});

test('Review rows name the account connection', async ({ page, scimdesk }) => {
  await provisionTwoConnections(scimdesk);
  await startReview(page, scimdesk);
  const production = reviewRow(page, 'Entra production');
  const staging = reviewRow(page, 'Entra staging');

  await expect(page.getByLabel('Decision for ada@example.com in Data Science, account from Entra production', { exact: true })).toHaveCount(1);
  await expect(page.getByLabel('Decision for ada@example.com in Data Science, account from Entra staging', { exact: true })).toHaveCount(1);
  await expect(page.getByLabel('Comment for ada@example.com in Data Science, account from Entra staging', { exact: true })).toHaveCount(1);

  await staging.getByLabel('Decision for ada@example.com in Data Science').selectOption('revoke');
  await expect(staging.getByTestId('review-decided')).toContainText('via console');
  await expect(staging.getByTestId('review-not-carried-out')).toContainText('Not carried out: role now');
  await expect(production.getByTestId('review-decided')).toHaveCount(0);
  await saveScreenshot(page, 'review-04-connection-and-actor');
});

test('Review says decisions are not applied', async ({ page, scimdesk }) => {
  await provisionTwoConnections(scimdesk);
  await startReview(page, scimdesk);

  await expect(page.getByTestId('review-limits')).toContainText('Decisions are recorded, not applied.');
  await expect(page.getByTestId('review-limits')).toContainText('The console does not authenticate reviewers.');
  await expect(page.getByTestId('review-sign-off-note')).toContainText('changes no access');

  for (const connectionName of ['Entra production', 'Entra staging']) {
    await reviewRow(page, connectionName).getByLabel('Decision for ada@example.com in Data Science').selectOption('keep');
  }
  await page.getByRole('form', { name: 'Sign off the review' }).getByRole('button', { name: 'Sign off' }).click();
  const signedOff = page.getByTestId('review-signed-off');
  await expect(signedOff).toContainText('Signed off by Rita Reviewer (name as typed, not verified) via console');
  await expect(signedOff).toContainText('They are recorded, not applied');
  await saveScreenshot(page, 'review-05-signed-off');
});
