import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, REPO_ROOT, test } from './fixtures.ts';
import { cli, LONG_USER_NAME, post, provisionTwoConnections } from './two-connections.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const NARROW = { width: 1024, height: 760 };

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Returns how many pixels the element's content is wider than its box. */
function sidewaysOverflowOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => element.scrollWidth - element.clientWidth);
}

function pageSidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Checks that every element the locator matches lies inside the viewport's width. */
async function expectInsideViewport(page: Page, locator: Locator, description: string): Promise<void> {
  const viewportWidth = page.viewportSize()!.width;
  const count = await locator.count();
  expect(count, `${description}: count`).toBeGreaterThan(0);
  for (let index = 0; index < count; index += 1) {
    const box = await locator.nth(index).boundingBox();
    expect(box, `${description} ${index + 1}: box`).not.toBeNull();
    expect.soft(box!.x + box!.width, `${description} ${index + 1}: right edge`).toBeLessThanOrEqual(viewportWidth);
  }
}

// The layout checks are soft, so that one run lists every screen that does not fit.
test('narrow window keeps actions in view', async ({ page, scimdesk }) => {
  await provisionTwoConnections(scimdesk);
  await page.setViewportSize(NARROW);
  await page.goto(scimdesk.consoleUrl);

  await test.step('Connections: the table fits and every Manage button is in view', async () => {
    await page.getByTestId('nav-connections').click();
    const table = page.getByTestId('connections-table');
    await expect(table.getByTestId('connection-row')).toHaveCount(2);
    const scroller = page.locator('.table-scroll', { has: table });
    expect.soft(await sidewaysOverflowOf(scroller)).toBe(0);
    await expectInsideViewport(page, table.getByTestId('manage-connection'), 'Manage button');

    await table.getByTestId('manage-connection').first().click();
    await expect(page.getByTestId('token-row')).toHaveCount(1);
    expect.soft(await sidewaysOverflowOf(scroller), 'with the details open').toBe(0);
    await expectInsideViewport(page, page.getByTestId('revoke-credential'), 'Revoke button');
    await saveScreenshot(page, 'layout-01-connections-1024');
  });

  await test.step('Mappings: the groups table fits and every Add mapping button is in view', async () => {
    await page.getByTestId('nav-mappings').click();
    const table = page.getByTestId('groups-table');
    await expect(table.getByTestId('group-row')).toHaveCount(4);
    expect.soft(await sidewaysOverflowOf(page.locator('.table-scroll', { has: table }))).toBe(0);
    await expectInsideViewport(page, table.getByRole('button', { name: 'Add mapping' }), 'Add mapping button');
    await saveScreenshot(page, 'layout-02-mappings-1024');
  });

  await test.step('Live events: the search placeholder is not cut', async () => {
    await page.getByTestId('nav-events').click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    const fit = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const contentWidth = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: context.measureText(input.placeholder).width, box: contentWidth };
    });
    expect.soft(fit.text, 'placeholder width against the input content width').toBeLessThanOrEqual(fit.box);
    expect.soft(await pageSidewaysOverflow(page)).toBe(0);
    await saveScreenshot(page, 'layout-03-events-1024');
  });

  await test.step('HTML changes report: long names wrap instead of widening the page', async () => {
    const file = join(scimdesk.dataDir, 'changes.html');
    await cli(scimdesk, ['report', 'changes', '--format', 'html', '--out', file, '--from', '1d']);
    await page.goto(`file://${file}`);
    await expect(page.locator('table.rows tbody tr', { hasText: LONG_USER_NAME.slice(0, 20) })).toHaveCount(1);
    expect.soft(await pageSidewaysOverflow(page)).toBe(0);
    await expectInsideViewport(page, page.locator('table.rows thead th', { hasText: 'Cause' }), 'Cause heading');
    // Short words keep their letters together: only cells with a long word may break anywhere.
    await expect(page.locator('table.rows td.long-word', { hasText: /^editor$/ })).toHaveCount(0);
    await saveScreenshot(page, 'layout-04-changes-report-1024');
  });
});

test('wizard verify step wraps long request paths', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  await page.goto(`${scimdesk.consoleOrigin}/#setup`);
  await page.getByTestId('provider-entra').click();
  await page.getByTestId('wizard-connection-name').fill('Entra layout');
  await page.getByTestId('wizard-start').click();
  await page.getByTestId('wizard-continue').click();
  await page.getByTestId('create-token').click();
  await expect(page.getByTestId('token-once-note')).toBeVisible();
  await page.getByTestId('wizard-continue').click();
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByRole('heading', { level: 2, name: /Verify the connection/ })).toBeVisible();

  await page.getByTestId('run-simulator').click();
  await expect(page.getByTestId('simulation')).toHaveAttribute('data-state', 'finished', { timeout: 30_000 });
  // Entra's group lookup carries a filter URL of about 100 characters without a space.
  await expect(page.getByTestId('simulation-step').filter({ hasText: 'excludedAttributes=members&filter=' })).toHaveCount(1);

  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 860 });
    expect.soft(await pageSidewaysOverflow(page), `sideways overflow at ${width} px`).toBe(0);
  }
  await saveScreenshot(page, 'layout-05-wizard-verify-1024');
});

test('an unbroken 2,000-character userName wraps in Permissions', async ({ page, scimdesk }) => {
  const created = await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json']);
  const { token } = JSON.parse(created) as { token: string };
  const longName = `${'x'.repeat(1_980)}@example.com`;
  for (const userName of ['ada@example.com', longName]) {
    await post(scimdesk, token, '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(scimdesk.consoleUrl);

  await page.getByTestId('nav-permissions').click();
  const table = page.getByTestId('users-table');
  await expect(table.getByTestId('user-row')).toHaveCount(2);

  expect(await sidewaysOverflowOf(page.locator('.table-scroll', { has: table }))).toBe(0);
  await expectInsideViewport(page, table.locator('thead th'), 'Column heading');
  await saveScreenshot(page, 'layout-05-permissions-long-user-name');
});
