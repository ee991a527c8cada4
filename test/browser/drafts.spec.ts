import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type ScimDeskServer } from './fixtures.ts';
import { cli, post, provisionTwoConnections } from './two-connections.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Provisions Ada (organization admin), and Grace and Linus (editors of Data Science)
 * through the SCIM endpoint, then maps the groups from the command line.
 */
async function provision(scimdesk: ScimDeskServer): Promise<void> {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const ids: string[] = [];
  for (const name of ['ada', 'grace', 'linus']) {
    ids.push(await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName: `${name}@example.com`, active: true }));
  }
  await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'admins', members: [{ value: ids[0] }] });
  await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'ds-editors', members: [{ value: ids[1] }, { value: ids[2] }] });
  await cli(scimdesk, ['mapping', 'add', '--group', 'admins', '--org-admin']);
  await cli(scimdesk, ['mapping', 'add', '--group', 'ds-editors', '--workspace', 'Data Science', '--role', 'editor']);
}

test('draft applied from the console is one audit event', async ({ page, scimdesk }) => {
  await test.step('provision users and groups, and map them', async () => {
    await provision(scimdesk);
  });

  await test.step('open the Mappings screen and create a draft', async () => {
    await page.goto(scimdesk.consoleUrl);
    await page.getByTestId('nav-mappings').click();
    const form = page.getByRole('form', { name: 'Create draft' });
    await form.getByLabel('Draft name').fill('Q3 cleanup');
    await form.getByRole('button', { name: 'Create draft' }).click();
    await expect(page.getByTestId('draft-panel')).toHaveAttribute('data-draft-name', 'Q3 cleanup');
    await expect(page.getByTestId('draft-banner')).toContainText('You are editing the draft “Q3 cleanup”');
  });

  await test.step('remove the editors mapping in the draft only', async () => {
    await page.getByRole('button', { name: 'Remove in draft mapping ds-editors from Okta to editor in Data Science' }).click();
    await expect(page.getByTestId('draft-change')).toHaveCount(1);
    const row = page.locator('[data-testid="group-row"][data-group-name="ds-editors"]');
    await expect(row.locator('[data-draft="removed"]')).toBeVisible();
    await saveScreenshot(page, 'drafts-01-draft-with-change');
  });

  await test.step('read the diff: who loses access, where and through which group', async () => {
    const diff = page.getByTestId('draft-diff');
    await expect(diff.getByTestId('diff-count-lost')).toContainText('2 lost');
    const rows = diff.getByTestId('role-diff-row');
    await expect(rows).toHaveCount(2);
    const grace = rows.filter({ has: page.getByRole('rowheader', { name: 'grace@example.com' }) });
    await expect(grace).toContainText('lost');
    await expect(grace).toContainText('Data Science');
    await expect(grace).toContainText('editor');
    await expect(grace).toContainText('ds-editors');
    await expect(diff.getByTestId('draft-guardrail')).toContainText('removes or lowers access for 2 users of 3 active users (66.7%)');

    await diff.getByTestId('diff-filter-text').fill('linus');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-user-name', 'linus@example.com');
    await saveScreenshot(page, 'drafts-02-diff-filtered');
    await diff.getByTestId('diff-filter-text').fill('');
  });

  await test.step('live access is unchanged until the draft is applied', async () => {
    const permissions = JSON.parse(await cli(scimdesk, ['permissions', '--user', 'grace@example.com', '--json'])) as { workspaces: { role: string }[] }[];
    expect(permissions[0]!.workspaces.map((workspace) => workspace.role)).toEqual(['editor']);
  });

  await test.step('apply the draft after confirming the count', async () => {
    await page.getByTestId('apply-draft').click();
    const dialog = page.getByTestId('guardrail-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('guardrail-message')).toContainText('2 users of 3 active users');
    await saveScreenshot(page, 'drafts-03-guardrail-dialog');
    await dialog.getByTestId('guardrail-confirm').click();
    await expect(page.getByTestId('draft-applied')).toContainText('The draft was applied and recorded as event');
    await expect(page.locator('[data-testid="group-row"][data-group-name="ds-editors"]').getByTestId('unmapped-flag')).toBeVisible();
    await saveScreenshot(page, 'drafts-04-applied');
  });

  await test.step('find the one audit event in Live events', async () => {
    await page.getByTestId('nav-events').click();
    const event = page.getByTestId('event-row').filter({ hasText: 'Applied the draft "Q3 cleanup"' });
    await expect(event).toHaveCount(1);
    await expect(event).toContainText('admin.change');
    await event.click();
    const changes = page.getByTestId('event-detail').getByTestId('event-detail-changes');
    await expect(changes).toContainText('Removed the mapping of ds-editors from Okta to editor in Data Science');
    await expect(changes).toContainText('grace@example.com lost editor in Data Science');
    await expect(changes).toContainText('linus@example.com lost editor in Data Science');
    await saveScreenshot(page, 'drafts-05-live-event');
  });
});

test('draft names the connection of each group', async ({ page, scimdesk }) => {
  await provisionTwoConnections(scimdesk);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  const form = page.getByRole('form', { name: 'Create draft' });
  await form.getByLabel('Draft name').fill('Twins');
  await form.getByRole('button', { name: 'Create draft' }).click();

  for (const connection of ['Okta production', 'Entra ID contractors']) {
    await page.getByRole('button', { name: `Remove in draft mapping app-kolena-data-science-editor from ${connection} to editor in Data Science` }).click();
  }

  await test.step('the changes and their Undo buttons name the connection', async () => {
    const changes = page.getByTestId('draft-change');
    await expect(changes).toHaveCount(2);
    await expect(changes.nth(0)).toContainText('app-kolena-data-science-editor (Okta production) → editor in Data Science');
    await expect(changes.nth(1)).toContainText('app-kolena-data-science-editor (Entra ID contractors) → editor in Data Science');
    await expect(page.getByRole('button', { name: 'Undo remove app-kolena-data-science-editor from Okta production' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Undo remove app-kolena-data-science-editor from Entra ID contractors' })).toHaveCount(1);
  });

  await test.step('the diff names the connection of each account', async () => {
    const rows = page.getByTestId('draft-diff').getByTestId('role-diff-row');
    await expect(rows).toHaveCount(3);
    const entraAda = rows.and(page.locator('[data-user-name="ada@example.com"][data-connection-name="Entra ID contractors"]'));
    await expect(entraAda).toHaveCount(1);
    await expect(entraAda.getByRole('cell', { name: 'Entra ID contractors' })).toHaveCount(1);
    await expect(rows.and(page.locator('[data-connection-name="Okta production"]'))).toHaveCount(1);
    await saveScreenshot(page, 'drafts-13-two-connections');
  });

  await test.step('the guardrail dialog names the connection of each account', async () => {
    await page.getByTestId('apply-draft').click();
    const dialog = page.getByTestId('guardrail-dialog');
    const table = dialog.getByRole('table', { name: 'Who loses or lowers access' });
    await expect(table.getByRole('columnheader', { name: 'Connection' })).toHaveCount(1);
    const entraAda = table.locator('[data-user-name="ada@example.com"]');
    await expect(entraAda).toHaveCount(1);
    await expect(entraAda.getByRole('cell', { name: 'Entra ID contractors' })).toHaveCount(1);
    const scroller = dialog.locator('.diff-scroll');
    expect(await scroller.evaluate((element) => element.scrollWidth - element.clientWidth), 'sideways overflow of the list').toBe(0);
    await saveScreenshot(page, 'drafts-14-two-connections-guardrail');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

test('workspace archive lists who loses access', async ({ page, scimdesk }) => {
  await provision(scimdesk);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();

  await page.getByRole('button', { name: 'Archive Data Science' }).click();
  const dialog = page.getByTestId('guardrail-dialog');
  await expect(dialog.getByRole('table', { name: 'Who loses or lowers access' }).getByTestId('role-diff-row')).toHaveCount(3);
  await saveScreenshot(page, 'drafts-06-archive-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-testid="workspace-item"][data-workspace-name="Data Science"]')).not.toContainText('archived');

  await page.getByRole('button', { name: 'Archive Data Science' }).click();
  await dialog.getByTestId('guardrail-confirm').click();
  await expect(page.locator('[data-testid="workspace-item"][data-workspace-name="Data Science"]')).toContainText('archived');
});

test('explorer shows access now, in the past and in a snapshot', async ({ page, scimdesk }) => {
  await provision(scimdesk);
  await cli(scimdesk, ['draft', 'create', 'drop editors']);
  await cli(scimdesk, ['mapping', 'remove', '--group', 'ds-editors', '--workspace', 'Data Science', '--role', 'editor', '--draft', 'drop editors']);
  await cli(scimdesk, ['draft', 'apply', 'drop editors', '--yes']);
  await cli(scimdesk, ['workspace', 'rename', 'Data Science', 'Research']);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-explorer').click();

  await test.step('the matrix shows each user\'s role per workspace now', async () => {
    await expect(page.getByRole('columnheader', { name: 'Research' })).toBeVisible();
    const grace = page.locator('[data-testid="matrix-row"][data-user-name="grace@example.com"]');
    await expect(grace.locator('[data-role="no role"]')).toHaveCount(1);
    const ada = page.locator('[data-testid="matrix-row"][data-user-name="ada@example.com"]');
    await expect(ada.locator('[data-role="admin"]')).toHaveCount(1);
    await page.getByTestId('matrix-search').fill('grace');
    await expect(page.getByTestId('matrix-count')).toHaveText('1 of 3 users');
    await page.getByTestId('matrix-search').fill('');
  });

  await test.step('the same matrix as of the moment after the editors were mapped', async () => {
    await page.getByTestId('source-past').check();
    const moments = page.getByLabel('Or just after an admin change');
    const moment = await moments.locator('option', { hasText: 'Mapped ds-editors from Okta to editor in Data Science' }).getAttribute('value');
    await moments.selectOption(moment!);
    await expect(page.getByTestId('as-of-label')).toContainText('Showing access as of');
    // The moment is given to the millisecond, because several changes may fall within one minute.
    await expect(page.getByTestId('as-of-label')).toContainText(/\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\)/);
    await expect(page.getByTestId('as-of-label').locator('time')).toHaveText(/:\d\d\.\d{3}/);
    const grace = page.locator('[data-testid="matrix-row"][data-user-name="grace@example.com"]');
    await expect(grace.locator('[data-role="editor"]')).toHaveCount(1);
    await grace.getByRole('button', { name: 'grace@example.com' }).click();
    await expect(page.getByTestId('user-permissions').getByTestId('workspace-granted-by')).toContainText('ds-editors');
    await saveScreenshot(page, 'drafts-07-explorer-past');

    await page.getByTestId('matrix-search').fill('grace');
    await page.getByTestId('explorer-tab-workspace').click();
    // The workspace was renamed to Research since then, and keeps the name it had at that moment.
    await page.getByTestId('roster-workspace').selectOption({ label: 'Data Science' });
    await expect(page.getByTestId('roster-search')).toHaveValue('grace');
    await expect(page.getByTestId('roster-row')).toHaveCount(1);
    await page.getByTestId('roster-search').fill('');
    await expect(page.getByTestId('roster-row')).toHaveCount(3);
    await expect(page.getByTestId('roster-counts')).toContainText('2 editors');
    await saveScreenshot(page, 'drafts-07b-explorer-past-roster');
  });

  await test.step('a snapshot is imported whole or not at all, then reviewed', async () => {
    // Entra ID pushes a group named like Okta's admins, so a snapshot naming no connection cannot tell them apart.
    const entra = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'entra', '--name', 'Entra ID', '--json'])) as { token: string };
    await post(scimdesk, entra.token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'admins', members: [] });
    // Entra ID also has an account for Linus, who is then live in both connections.
    await post(scimdesk, entra.token, '/Users', { schemas: [USER_SCHEMA], userName: 'linus@example.com', active: true });
    await page.getByTestId('source-live').check();
    await page.getByTestId('explorer-tab-snapshots').click();
    await page.getByTestId('snapshot-format').selectOption('generic');
    await page.getByTestId('snapshot-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('group,user\nadmins,ada@example.com\n,grace@example.com\n') });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('snapshot-problems')).toContainText('Line 3: "group" is missing.');
    await expect(page.getByTestId('snapshot-row')).toHaveCount(0);

    const good = 'group,user\nadmins,ada@example.com\nds-editors,grace@example.com\nds-editors,new@example.com\n';
    await page.getByTestId('snapshot-file').setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import' }).click();
    const row = page.locator('[data-testid="snapshot-row"][data-snapshot-name="march"]');
    await expect(row).toBeVisible();
    await expect(page.getByTestId('snapshot-imported')).toContainText('Imported “march” from march.csv: 3 users, 2 groups and 3 memberships.');
    await expect(page.getByRole('button', { name: 'Import' })).toBeDisabled();
    await row.getByRole('button', { name: 'Compare with live' }).click();
    await expect(page.getByTestId('only-in-snapshot-users')).toContainText('new@example.com');
    const onlyLiveUsers = page.getByTestId('only-live-users').getByRole('listitem');
    await expect(onlyLiveUsers).toHaveText(['linus@example.com (Entra ID)', 'linus@example.com (Okta)']);
    await expect(page.getByTestId('ambiguous-groups')).toContainText('admins: live groups in Entra ID, Okta');
    await expect(page.getByTestId('only-in-snapshot-groups')).not.toContainText('admins');
    await expect(page.getByTestId('only-live-groups')).not.toContainText('admins');
    await saveScreenshot(page, 'drafts-08-snapshot-compare');

    await page.getByTestId('snapshot-connection').selectOption({ label: 'Okta' });
    await page.getByTestId('snapshot-name').fill('march from okta');
    await page.getByTestId('snapshot-file').setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import' }).click();
    const scopedRow = page.locator('[data-testid="snapshot-row"][data-snapshot-name="march from okta"]');
    await expect(scopedRow).toContainText('Okta');
    await scopedRow.getByRole('button', { name: 'Compare with live' }).click();
    await expect(page.getByTestId('snapshot-comparison')).toContainText('of the connection “Okta”');
    await expect(page.getByTestId('ambiguous-groups')).toHaveCount(0);
    await expect(page.getByTestId('only-in-snapshot-groups')).not.toContainText('admins');
    // Compared with Okta only, the heading names the connection and the list does not repeat it.
    await expect(onlyLiveUsers).toHaveText(['linus@example.com']);

    await row.getByRole('button', { name: 'Review access' }).click();
    await expect(page.getByTestId('matrix-count')).toHaveText('3 of 3 users');
    await page.getByTestId('source-draft').selectOption({ index: 0 });
    await saveScreenshot(page, 'drafts-09-snapshot-matrix');
  });
});

test('explorer past moment fits narrow windows', async ({ page, scimdesk }) => {
  await provision(scimdesk);
  // A rename's summary names the workspace twice, so this one makes an option of about 190 characters.
  const longName = 'Data Science, Machine Learning Platform and Experimentation for Europe';
  await cli(scimdesk, ['workspace', 'rename', 'Data Science', longName]);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-explorer').click();
  await page.getByTestId('source-past').check();
  const moments = page.getByTestId('admin-change-select');
  await expect(moments.locator('option', { hasText: 'Renamed the workspace' })).toHaveCount(1);

  await test.step('the page does not scroll sideways at 1024, 1280 and 1440 px', async () => {
    for (const [width, height] of [
      [1024, 760],
      [1280, 800],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      const sidewaysOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sidewaysOverflow, `sideways overflow at ${width} px`).toBe(0);
    }
    // The option's text is cut, and its tooltip keeps the whole summary.
    await expect(moments.locator('option', { hasText: 'Renamed the workspace' })).toHaveAttribute('title', new RegExp(`to "${longName}"$`));
    await saveScreenshot(page, 'drafts-12-explorer-past-1440');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await test.step('the list shows the chosen admin change, and the full summary is named', async () => {
    const rename = moments.locator('option', { hasText: 'Renamed the workspace' });
    const renameId = await rename.getAttribute('value');
    await moments.selectOption(renameId!);
    await expect(moments).toHaveValue(renameId!);
    await expect(page.getByTestId('as-of-label')).toContainText(`just after the admin change “Renamed the workspace "Data Science" to "${longName}"”`);

    await page.getByTestId('as-of-input').fill('2000-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(moments).toHaveValue('');
    await expect(page.getByTestId('as-of-label')).not.toContainText('just after');
    // A moment before the log starts shows no matrix of an earlier moment, and gives the next step.
    await expect(page.getByTestId('matrix-unavailable')).toBeVisible();
    await expect(page.getByTestId('matrix-row')).toHaveCount(0);
    await expect(page.getByTestId('problem')).toContainText('Choose a moment that the event log covers');
    await expect(page.getByTestId('problem')).not.toContainText('engine is running');
  });

  await test.step('an empty matrix says why it is empty', async () => {
    const beforeUsers = await moments.locator('option', { hasText: 'Created the workspace "Data Science"' }).getAttribute('value');
    await moments.selectOption(beforeUsers!);
    await expect(page.getByTestId('matrix-count')).toHaveText('0 of 0 users');
    await expect(page.getByTestId('matrix-empty')).toHaveText('There were no users at this moment.');

    const afterRename = await moments.locator('option', { hasText: 'Renamed the workspace' }).getAttribute('value');
    await moments.selectOption(afterRename!);
    await expect(page.getByTestId('matrix-count')).toHaveText('3 of 3 users');
    await page.getByTestId('matrix-search').fill('nobody');
    await expect(page.getByTestId('matrix-empty')).toHaveText('No user matches. Check the search text.');
  });
});

test('guardrail share shows its valid range', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  const form = page.getByRole('form', { name: 'Guardrail' });
  const share = form.getByTestId('guardrail-share');
  await expect(share).toHaveValue('10');
  await expect(form.getByTestId('guardrail-share-problem')).toHaveCount(0);

  for (const typed of ['150', '-5']) {
    await share.fill(typed);
    await expect(form.getByTestId('guardrail-share-problem')).toHaveText(`${typed} % is out of range. Enter a number from 0 to 100.`);
    await expect(share).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByRole('button', { name: 'Save' })).toBeDisabled();
  }
  await saveScreenshot(page, 'drafts-13-guardrail-out-of-range');

  await share.fill('');
  await expect(form.getByTestId('guardrail-share-problem')).toHaveText('The share is missing. Enter a number from 0 to 100.');

  await share.fill('25');
  await expect(form.getByTestId('guardrail-share-problem')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('button', { name: 'Save' })).toBeDisabled();
});

test('suggestion accepted in a draft stays in the draft', async ({ page, scimdesk }) => {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const adaId = await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
  await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'app-acme-data-science-viewer', members: [{ value: adaId }] });
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  const form = page.getByRole('form', { name: 'Create draft' });
  await form.getByLabel('Draft name').fill('Try suggestions');
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('draft-banner')).toBeVisible();

  await page.getByRole('button', { name: 'Accept suggestion for app-acme-data-science-viewer' }).click();

  await expect(page.getByTestId('draft-change')).toHaveCount(1);
  const live = JSON.parse(await cli(scimdesk, ['mapping', 'list', '--json'])) as unknown[];
  expect(live).toEqual([]);
  const draft = await cli(scimdesk, ['draft', 'show', 'Try suggestions']);
  expect(draft).toContain('app-acme-data-science-viewer');
});

test('draft offers no suggestion it already adds', async ({ page, scimdesk }) => {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  // With a slug set, the organization-admin suggestion is part of "Add all to the draft".
  await cli(scimdesk, ['mapping', 'convention', '--slug', 'acme']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const adaId = await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
  for (const displayName of ['app-acme-data-science-viewer', 'app-acme-organization-admin']) {
    await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: [{ value: adaId }] });
  }
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  const form = page.getByRole('form', { name: 'Create draft' });
  await form.getByLabel('Draft name').fill('Suggestions once');
  await form.getByRole('button', { name: 'Create draft' }).click();
  const suggestions = page.getByTestId('suggestion');
  await expect(suggestions).toHaveCount(2);

  await page.getByRole('button', { name: 'Accept suggestion for app-acme-data-science-viewer from Okta' }).click();
  await expect(page.getByTestId('draft-change')).toHaveCount(1);
  await expect(suggestions).toHaveCount(1);
  await expect(suggestions).toHaveAttribute('data-group-name', 'app-acme-organization-admin');
  await expect(page.getByTestId('accept-all-suggestions')).toHaveText('Add all to the draft (1)');

  await page.getByTestId('accept-all-suggestions').click();
  await expect(page.getByTestId('draft-change')).toHaveCount(2);
  await expect(suggestions).toHaveCount(0);
  await expect(page.getByTestId('accept-all-suggestions')).toHaveCount(0);
  await expect(page.getByTestId('suggestions-empty')).toHaveText('The draft adds every suggested mapping. Undo one in the draft to see its suggestion here again.');

  await page.getByRole('button', { name: 'Undo add app-acme-data-science-viewer from Okta' }).click();
  await expect(suggestions).toHaveCount(1);
  await expect(suggestions).toHaveAttribute('data-group-name', 'app-acme-data-science-viewer');
});

test('discarding a draft asks first', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  const form = page.getByRole('form', { name: 'Create draft' });
  await form.getByLabel('Draft name').fill('Scratch');
  await form.getByRole('button', { name: 'Create draft' }).click();
  const panel = page.getByTestId('draft-panel');
  await expect(panel).toBeVisible();

  await panel.getByRole('button', { name: 'Discard draft' }).click();
  const confirm = page.getByTestId('discard-confirm');
  await expect(confirm).toContainText('Discard the draft “Scratch” and its 0 changes?');
  await saveScreenshot(page, 'drafts-10-discard-confirm');
  await confirm.getByRole('button', { name: 'Keep the draft' }).click();
  await expect(confirm).toBeHidden();
  await expect(panel).toBeVisible();

  await panel.getByRole('button', { name: 'Discard draft' }).click();
  await confirm.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('draft-discarded')).toHaveText("The draft “Scratch” was discarded. No one's access changed.");
  await saveScreenshot(page, 'drafts-14-discarded');
  expect(await cli(scimdesk, ['draft', 'list'])).not.toContain('Scratch');
});

test('a removed suggested mapping is not suggested again', async ({ page, scimdesk }) => {
  const viewers = 'app-acme-data-science-viewer';
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const adaId = await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
  await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: viewers, members: [{ value: adaId }] });
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();
  await page.getByRole('button', { name: `Accept suggestion for ${viewers} from Okta` }).click();
  await expect(page.getByTestId('suggestions-empty')).toBeVisible();

  await page.getByRole('button', { name: `Remove mapping ${viewers} from Okta to viewer in Data Science` }).click();
  await page.getByTestId('guardrail-dialog').getByTestId('guardrail-confirm').click();

  const row = page.locator(`[data-testid="group-row"][data-group-name="${viewers}"]`);
  await expect(row.getByTestId('unmapped-flag')).toBeVisible();
  await expect(page.getByTestId('suggestions-empty')).toBeVisible();
  const dismissed = page.getByTestId('dismissed-suggestions');
  await dismissed.getByText('1 dismissed suggestion').click();
  await expect(dismissed.getByTestId('dismissed-suggestion')).toContainText('mapping removed by');
  await saveScreenshot(page, 'drafts-11-dismissed-suggestion');

  await dismissed.getByRole('button', { name: `Restore suggestion for ${viewers} from Okta` }).click();
  const suggestion = page.locator(`[data-testid="suggestion"][data-group-name="${viewers}"]`);
  await expect(suggestion).toContainText('viewer in Data Science');
  await expect(dismissed).toBeHidden();

  await suggestion.getByRole('button', { name: `Dismiss suggestion for ${viewers} from Okta` }).click();
  await expect(suggestion).toBeHidden();
  await page.getByTestId('dismissed-suggestions').getByText('1 dismissed suggestion').click();
  await expect(page.getByTestId('dismissed-suggestion')).toContainText('dismissed by');
});

test('same-named groups get distinct labels', async ({ page, scimdesk }) => {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  for (const connection of ['Okta', 'Entra ID']) {
    const provider = connection === 'Okta' ? 'okta' : 'entra';
    const { token } = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', provider, '--name', connection, '--json'])) as { token: string };
    await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'shared-viewers', members: [] });
  }
  await cli(scimdesk, ['mapping', 'add', '--group', 'shared-viewers', '--connection', 'Entra ID', '--workspace', 'Data Science', '--role', 'viewer']);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-mappings').click();

  const rows = page.locator('[data-testid="group-row"][data-group-name="shared-viewers"]');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('form', { name: 'Add mapping for shared-viewers from Okta', exact: true })).toHaveCount(1);
  await expect(page.getByRole('form', { name: 'Add mapping for shared-viewers from Entra ID', exact: true })).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Mappings of shared-viewers from Entra ID', exact: true })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Remove mapping shared-viewers from Entra ID to viewer in Data Science', exact: true })).toHaveCount(1);
  const labels = await rows.evaluateAll((elements) =>
    elements.map((row) => [...row.querySelectorAll('[aria-label]')].map((element) => element.getAttribute('aria-label')).sort().join(' | ')),
  );
  expect(labels[0]).not.toBe(labels[1]);
  await saveScreenshot(page, 'drafts-15-same-named-groups');

  await page.getByRole('form', { name: 'Add mapping for shared-viewers from Okta', exact: true }).getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('list', { name: 'Mappings of shared-viewers from Okta', exact: true })).toHaveCount(1);
});

/** Sends one SCIM PATCH over loopback and fails the test unless it succeeds. */
async function patch(scimdesk: ScimDeskServer, token: string, path: string, operation: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${scimdesk.scimBaseUrl}${path}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [operation] }),
  });
  expect(response.status, `PATCH ${path}`).toBeLessThan(300);
}

test('explorer past group view lists past groups', async ({ page, scimdesk }) => {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const okta = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json'])) as { token: string };
  const grace = await post(scimdesk, okta.token, '/Users', { schemas: [USER_SCHEMA], userName: 'grace@example.com', active: true });
  const linus = await post(scimdesk, okta.token, '/Users', { schemas: [USER_SCHEMA], userName: 'linus@example.com', active: true });
  const editors = await post(scimdesk, okta.token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'ds-editors', members: [{ value: grace }, { value: linus }] });
  await cli(scimdesk, ['mapping', 'add', '--group', 'ds-editors', '--workspace', 'Data Science', '--role', 'editor']);
  await cli(scimdesk, ['mapping', 'add', '--group', 'ds-editors', '--workspace', 'Data Science', '--role', 'viewer']);
  const entra = JSON.parse(await cli(scimdesk, ['connection', 'create', '--provider', 'entra', '--name', 'Entra ID', '--json'])) as { token: string };
  const erin = await post(scimdesk, entra.token, '/Users', { schemas: [USER_SCHEMA], userName: 'erin@example.com', active: true });
  await post(scimdesk, entra.token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'entra-viewers', members: [{ value: erin }] });
  await cli(scimdesk, ['mapping', 'add', '--group', 'entra-viewers', '--workspace', 'Data Science', '--role', 'viewer']);
  await patch(scimdesk, okta.token, `/Users/${grace}`, { op: 'replace', path: 'active', value: false });
  // After the moment chosen below: a rename, a member leaving and the deletion of a connection.
  await cli(scimdesk, ['workspace', 'create', 'Marker']);
  await patch(scimdesk, okta.token, `/Groups/${editors}`, { op: 'replace', path: 'displayName', value: 'research-team' });
  await patch(scimdesk, okta.token, `/Groups/${editors}`, { op: 'remove', path: `members[value eq "${grace}"]` });
  await cli(scimdesk, ['connection', 'delete', 'Entra ID', '--yes']);

  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-explorer').click();
  await page.getByTestId('explorer-tab-group').click();
  const selector = page.getByTestId('grants-group');
  await expect(selector.locator('option:not([value=""])')).toHaveText(['research-team (1)']);

  await test.step('a past moment offers its groups with names and members of then', async () => {
    await page.getByTestId('source-past').check();
    const moments = page.getByTestId('admin-change-select');
    const beforeChanges = await moments.locator('option', { hasText: 'Created the workspace "Marker"' }).getAttribute('value');
    await moments.selectOption(beforeChanges!);
    await expect(selector.locator('option:not([value=""])')).toHaveText(['ds-editors (2)', 'entra-viewers (1, deleted since)']);

    await selector.selectOption({ label: 'entra-viewers (1, deleted since)' });
    await expect(page.getByTestId('group-grants').locator('h3')).toHaveText(['Grants viewer in Data Science to 1 member']);
    await expect(page.getByTestId('grant-user')).toHaveText(['erin@example.com gets this role from the group']);
  });

  await test.step('the grants name a higher grant of the same group and deactivated members', async () => {
    await selector.selectOption({ label: 'ds-editors (2)' });
    const headings = page.getByTestId('group-grants').locator('h3');
    await expect(headings).toHaveText(['Grants editor in Data Science to 2 members, 1 of them deactivated', 'Grants viewer in Data Science to 2 members, 1 of them deactivated']);
    const linusRows = page.locator('[data-testid="grant-user"][data-user-name="linus@example.com"]');
    await expect(linusRows).toHaveText(['linus@example.com gets this role from the group', 'linus@example.com has a higher role from this group (editor)']);
    await saveScreenshot(page, 'drafts-13-explorer-past-group');
  });

  await test.step('the user panel gives since times to the second', async () => {
    await page.getByTestId('explorer-tab-matrix').click();
    await page.getByRole('button', { name: 'linus@example.com' }).click();
    await expect(page.getByTestId('user-permissions').locator('[data-label="Since"]')).toHaveText(/:\d\d:\d\d\.\d{3}/);
    await saveScreenshot(page, 'drafts-14-explorer-user-since');
  });
});
