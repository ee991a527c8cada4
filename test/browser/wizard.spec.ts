import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { adminFieldsFor, PROVIDER_IDS, PROVIDERS, setupStepsFor, type CredentialMethod, type ProviderId } from '../../src/shared/providers/index.ts';
import { makeCertificates } from '../connections/certificates.ts';
import { expect, REPO_ROOT, test } from './fixtures.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** The credential each provider's walk creates: the one it shows in the wizard's method choice, else a bearer token. */
const WALK_CREDENTIAL: Partial<Record<ProviderId, 'basic' | 'oauth'>> = { okta: 'basic', pingfederate: 'oauth' };

/** Saves a full-page screenshot with every secret the page shows once (class `secret`) masked. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, mask: [page.locator('.secret')] });
}

/** Credential method of each kind of walk credential. */
const WALK_METHOD = { bearer: 'bearer', basic: 'basic', oauth: 'oauth-client-credentials' } as const satisfies Record<string, CredentialMethod>;

/** Checks that the provider steps show the chosen method's fields and wording, and none of a bearer token's unless it is one. */
async function expectStepsOfMethod(page: Page, provider: ProviderId, method: CredentialMethod): Promise<void> {
  const fields = page.getByTestId('provider-fields');
  const checklist = page.getByTestId('setup-steps');
  for (const field of adminFieldsFor(PROVIDERS[provider], method)) {
    await expect(fields.getByRole('rowheader', { name: field.label, exact: true }).first()).toBeVisible();
  }
  if (method !== 'bearer') {
    await expect(fields).not.toContainText(/bearer/i);
    await expect(checklist).not.toContainText(/bearer/i);
  }
  if (method === 'basic') {
    await expect(fields).toContainText(/Basic/);
    await expect(checklist).toContainText('user name and password from the Credentials step');
  }
  if (method === 'oauth-client-credentials') {
    await expect(fields).toContainText('/oauth/token');
    await expect(fields).toContainText(/scimdesk-[0-9a-f]{16}/);
    await expect(checklist).toContainText('OAuth 2 Client Credentials');
  }
}

async function continueStep(page: Page, heading: RegExp): Promise<void> {
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
}

/** Walks the credentials step and returns the secret the wizard showed once. */
async function createCredential(page: Page, provider: ProviderId): Promise<string> {
  const kind = WALK_CREDENTIAL[provider];
  if (kind === 'basic') {
    await page.getByRole('radio', { name: 'HTTP Basic' }).check();
    await page.getByTestId('create-basic').click();
    await expect(page.getByTestId('basic-username')).toBeVisible();
    return (await page.getByTestId('basic-password').textContent()) ?? '';
  }
  if (kind === 'oauth') {
    await page.getByRole('radio', { name: 'OAuth client credentials' }).check();
    await page.getByTestId('create-oauth-client').click();
    await expect(page.getByTestId('oauth-token-url')).toHaveText(/\/oauth\/token$/);
    return (await page.getByTestId('oauth-client-secret').textContent()) ?? '';
  }
  await page.getByTestId('create-token').click();
  await expect(page.getByTestId('token-once-note')).toContainText('shown only now');
  return (await page.getByTestId('wizard-token').textContent()) ?? '';
}

test('wizard sets up each provider and verifies it with the simulator', async ({ page, scimdesk }) => {
  test.setTimeout(300_000);
  // The sequences' group follows the naming convention for editor in the "Data Science" workspace.
  const workspace = await scimdesk.cli(['workspace', 'create', 'Data Science']);
  expect(workspace.exitCode, workspace.stderr).toBe(0);
  await page.goto(scimdesk.consoleUrl);

  for (const provider of PROVIDER_IDS) {
    const displayName = PROVIDERS[provider].displayName;
    const name = `${displayName} wizard`;

    await test.step(`${provider}: choose the provider`, async () => {
      await page.goto(`${scimdesk.consoleOrigin}/#setup`);
      if (provider === 'okta') {
        // Okta also offers OAuth authorization code, which the Credentials step does not.
        await expect(page.getByTestId('provider-okta')).toContainText('Credentials: bearer token, HTTP Basic');
        await expect(page.getByTestId('provider-okta').getByTestId('unoffered-credentials')).toHaveText('Not offered here: OAuth authorization code');
      }
      await page.getByTestId(`provider-${provider}`).click();
      await page.getByTestId('wizard-connection-name').fill(name);
      await page.getByTestId('wizard-start').click();
      await expect(page.getByRole('heading', { level: 2, name: `How ${displayName} reaches ScimDesk` })).toBeVisible();
      await expect(page).toHaveURL(/#setup\?connection=/);
    });

    await test.step(`${provider}: reachability shows the base URL`, async () => {
      await expect(page.getByTestId('wizard-base-url')).toHaveText(scimdesk.scimBaseUrl);
      await expect(page.getByTestId('loopback-note')).toBeVisible();
      if (provider === 'okta') await saveScreenshot(page, 'wizard-02-reachability');
      await continueStep(page, new RegExp(`Credentials for ${displayName}`));
    });

    let secret = '';
    await test.step(`${provider}: credentials are shown once`, async () => {
      secret = await createCredential(page, provider);
      expect(secret).toMatch(/^sc[ds]_/);
      if (provider === 'okta' || provider === 'pingfederate') await saveScreenshot(page, `wizard-03-credentials-${provider}`);
      await continueStep(page, new RegExp(`Set up ${displayName}`));
      expect(await page.content(), 'the secret is gone once the step is left').not.toContain(secret);
    });

    await test.step(`${provider}: provider steps carry the values`, async () => {
      const method = WALK_METHOD[WALK_CREDENTIAL[provider] ?? 'bearer'];
      await expect(page.getByTestId('provider-fields')).toContainText(scimdesk.scimBaseUrl);
      await expect(page.getByTestId('setup-steps')).toContainText(scimdesk.scimBaseUrl);
      await expectStepsOfMethod(page, provider, method);
      // The walk keeps ScimDesk on this computer, so the checklist does not ask to make the URL public.
      await expect(page.getByTestId('setup-steps')).not.toContainText('reachable from the internet');
      await expect(page.getByTestId('local-only-note')).toContainText('keep ScimDesk on this computer');
      await page.getByTestId('setup-steps').getByRole('checkbox').first().check();
      const steps = setupStepsFor(PROVIDERS[provider], method, { localOnly: true });
      await expect(page.getByText(`1 of ${steps.length} steps ticked`)).toBeVisible();
      if (provider === 'okta') await saveScreenshot(page, 'wizard-04-provider-steps');
      await continueStep(page, /Verify the connection/);
    });

    await test.step(`${provider}: the simulator verifies the connection`, async () => {
      await expect(page.getByTestId('waiting-for-request')).toBeVisible();
      await expect(page.getByTestId('connection-health')).toHaveAttribute('data-state', 'waiting');
      await page.getByTestId('run-simulator').click();
      await expect(page.getByTestId('simulation')).toHaveAttribute('data-state', 'finished', { timeout: 30_000 });
      const steps = page.getByTestId('simulation-step');
      await expect(steps).toHaveCount(PROVIDERS[provider].sequence.length);
      await expect(steps.and(page.locator('[data-ok="false"]'))).toHaveCount(0);
      const verified = page.getByTestId('verified');
      await expect(verified).toContainText(`The ${displayName} simulator sent`);
      await expect(verified).toHaveAttribute('data-via', 'simulator');
      await expect(verified).toContainText(`Only a request from ${displayName} that succeeds proves it`);
      await expect(page.getByTestId('simulator-credential-caveat')).toContainText('temporary credential of its own');
      // The simulator's requests are not the provider's, so the list still waits for the first one.
      await expect(page.getByTestId('setup-request')).toHaveCount(0);
      await expect(page.getByTestId('simulator-requests-note')).toBeVisible();

      // Nor do they count towards health: the connection waits for its provider.
      await expect(page.getByTestId('connection-health')).toHaveAttribute('data-state', 'waiting');
      if (provider === 'okta' || provider === 'pingfederate') await saveScreenshot(page, `wizard-05-verify-${provider}`);
      if (provider === 'google') {
        const reply = await fetch(`${scimdesk.scimBaseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } });
        expect(reply.status).toBe(200);
        await expect(page.getByTestId('setup-request')).toHaveCount(1);
        await expect(verified).toHaveAttribute('data-via', 'request');
        await expect(verified).toContainText('Verified: a request from Google Workspace with the credential you set up succeeded.');
        await expect(page.getByTestId('connection-health')).toHaveAttribute('data-state', 'healthy', { timeout: 10_000 });
      }
      await continueStep(page, /Map groups to roles/);
    });

    await test.step(`${provider}: map hands over and the setup ends`, async () => {
      await expect(page.getByTestId('open-mappings')).toBeVisible();
      // The simulator deletes its sample users and groups, so only a group the provider pushes shows here.
      await expect(page.getByTestId('no-groups')).toBeVisible();
      if (provider === 'google') {
        const pushed = await fetch(`${scimdesk.scimBaseUrl}/Groups`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'app-kolena-data-science-editor' }),
        });
        expect(pushed.status).toBe(201);
        // The step lists the groups it found when it opened, so it is opened again.
        await page.getByRole('button', { name: 'Back' }).click();
        await continueStep(page, /Map groups to roles/);
        await expect(page.getByTestId('wizard-suggestion').first()).toContainText('in Data Science');
        await saveScreenshot(page, 'wizard-06-map');
        await page.getByTestId('accept-suggestions').click();
        await expect(page.getByTestId('wizard-suggestion')).toHaveCount(0);
      }
      await page.getByTestId('wizard-continue').click();
      await expect(page.getByTestId('wizard-done')).toContainText(`“${name}” is set up`);
    });

    await test.step(`${provider}: the Connections screen shows whether the provider has sent a request`, async () => {
      await page.getByTestId('nav-connections').click();
      const row = page.getByTestId('connection-row').filter({ hasText: name });
      // Only Google Workspace's walk sent a request of the provider's own.
      await expect(row.getByTestId('connection-health')).toHaveAttribute('data-state', provider === 'google' ? 'healthy' : 'waiting');
    });
  }
  await saveScreenshot(page, 'wizard-07-connections');

  // Live events marks the simulators' requests, which the providers never sent.
  await page.getByTestId('nav-events').click();
  const simulated = page.getByTestId('event-row').filter({ has: page.getByTestId('simulator-mark') });
  await expect(simulated.first()).toBeVisible();
  await expect(simulated.first()).toHaveAttribute('aria-label', /\(simulator\)/);
  await saveScreenshot(page, 'wizard-08-live-events-simulator');
});

test('wizard resumes where the admin left off', async ({ page, scimdesk }) => {
  await page.goto(scimdesk.consoleUrl);
  await page.goto(`${scimdesk.consoleOrigin}/#setup`);
  await page.getByTestId('provider-entra').click();
  await page.getByTestId('wizard-connection-name').fill('Entra resumed');
  await page.getByTestId('wizard-start').click();
  await continueStep(page, /Credentials for Microsoft Entra ID/);

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /Credentials for Microsoft Entra ID/ })).toBeVisible();
  // Entra's non-gallery app sends only a bearer token, so the wizard offers no other method.
  await expect(page.getByTestId('create-token')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'OAuth client credentials' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Leave setup' }).click();
  const unfinished = page.getByTestId('unfinished-setup').filter({ hasText: 'Entra resumed' });
  await expect(unfinished).toContainText('at “Credentials”');
  await saveScreenshot(page, 'wizard-01-start');
  await unfinished.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2, name: /Credentials for Microsoft Entra ID/ })).toBeVisible();
});

test('connections screen rotates, revokes, disables and deletes', async ({ page, scimdesk }) => {
  const created = await scimdesk.cli(['connection', 'create', '--json', '--provider', 'google', '--name', 'Google prod']);
  expect(created.exitCode, created.stderr).toBe(0);
  const { token: firstToken } = JSON.parse(created.stdout) as { token: string };
  expect((await fetch(`${scimdesk.scimBaseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${firstToken}` } })).status).toBe(200);
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-connections').click();
  const row = page.getByTestId('connection-row').filter({ hasText: 'Google prod' });
  await expect(row.getByTestId('connection-health')).toHaveAttribute('data-state', 'healthy');
  await row.getByTestId('manage-connection').click();
  const details = page.getByTestId('connection-details');
  await expect(details.getByTestId('token-row')).toHaveCount(1);

  // At 1024 px the tables scroll inside their boxes, and the page itself does not scroll sideways.
  await page.setViewportSize({ width: 1024, height: 760 });
  const sidewaysOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(sidewaysOverflow).toBe(0);
  await page.setViewportSize({ width: 1280, height: 860 });

  await details.getByTestId('rotation-overlap').selectOption({ label: '1 hour' });
  await details.getByTestId('rotate-token').click();
  await expect(details.getByTestId('rotated-token')).toHaveText(/^scd_/);
  await expect(details.getByTestId('token-row')).toHaveCount(2);
  await expect(details.locator('[data-testid="token-row"][data-state="expiring"]')).toHaveCount(1);
  await saveScreenshot(page, 'connections-01-rotated');
  const newToken = (await details.getByTestId('rotated-token').textContent()) ?? '';
  await details.getByRole('button', { name: 'I have copied the token' }).click();
  expect(await page.content()).not.toContain(newToken);

  await details.locator('[data-testid="token-row"][data-state="expiring"]').getByTestId('revoke-credential').click();
  await details.getByTestId('revoke-confirm-button').click();
  await expect(details.getByTestId('token-row')).toHaveCount(1);
  // The revoked token's last use still shows, so the row does not read "last used never".
  await expect(row).toContainText('1 token (1 revoked)');
  await expect(row.getByTestId('token-last-used')).not.toContainText('never');

  await details.getByTestId('toggle-disabled').click();
  await expect(row).toContainText('disabled');
  await expect(row.getByTestId('connection-health')).toHaveAttribute('data-state', 'disabled');

  await details.getByTestId('delete-connection').click();
  const confirm = page.getByTestId('delete-confirm');
  await expect(confirm.getByTestId('delete-summary')).toContainText('0 users, 0 groups, 0 memberships, 1 token');
  await expect(confirm.getByRole('button', { name: 'Delete for good' })).toBeDisabled();
  await confirm.getByTestId('delete-confirm-name').fill('Google prod');
  await saveScreenshot(page, 'connections-02-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete for good' }).click();
  await expect(row).toHaveCount(0);
});

test('connections screen revokes an OAuth client after confirmation', async ({ page, scimdesk }) => {
  expect((await scimdesk.cli(['connection', 'create', '--json', '--provider', 'pingfederate', '--name', 'Ping prod'])).exitCode).toBe(0);
  const client = await scimdesk.cli(['connection', 'oauth-client', '--json', 'Ping prod']);
  expect(client.exitCode, client.stderr).toBe(0);
  const { clientId } = JSON.parse(client.stdout) as { clientId: string };
  await page.goto(scimdesk.consoleUrl);
  await page.getByTestId('nav-connections').click();
  const row = page.getByTestId('connection-row').filter({ hasText: 'Ping prod' });
  await row.getByTestId('manage-connection').click();
  const details = page.getByTestId('connection-details');
  const clientRow = details.locator(`[data-testid="oauth-client-row"][data-credential-id="${clientId}"]`);

  await clientRow.getByTestId('revoke-credential').click();
  await expect(clientRow.getByTestId('revoke-confirm')).toContainText(`Revoke the OAuth client ${clientId}?`);
  await expect(clientRow.getByTestId('revoke-confirm')).toContainText('None of the access tokens it was issued is valid now.');
  await saveScreenshot(page, 'connections-03-revoke-client');
  await clientRow.getByRole('button', { name: 'Cancel' }).click();
  await expect(clientRow).toHaveCount(1);
  await clientRow.getByTestId('revoke-credential').click();
  await clientRow.getByTestId('revoke-confirm-button').click();
  await expect(clientRow).toHaveCount(0);

  await details.getByTestId('token-row').getByTestId('revoke-credential').click();
  await details.getByTestId('revoke-confirm-button').click();
  await expect(details.getByTestId('token-row')).toHaveCount(0);
  await expect(row.getByTestId('connection-health')).toHaveAttribute('data-state', 'failing');
  await expect(details.getByTestId('health-reason')).toContainText('scimdesk connection rotate-token "Ping prod"');
  await saveScreenshot(page, 'connections-04-all-revoked');
});

test('reachability checks a certificate and rebinds to HTTPS', async ({ page, scimdesk }) => {
  const files = makeCertificates();
  try {
    await page.goto(scimdesk.consoleUrl);
    await page.goto(`${scimdesk.consoleOrigin}/#setup`);
    await page.getByTestId('provider-okta').click();
    await page.getByTestId('wizard-start').click();
    await page.getByRole('radio', { name: /Bind another address with a certificate/ }).check();

    await page.getByTestId('bind-host').fill('127.0.0.1');
    await page.getByTestId('bind-port').fill('0');
    await page.getByTestId('cert-path').fill(files.certPath);
    await page.getByTestId('key-path').fill(files.otherKeyPath);
    await page.getByRole('button', { name: 'Check certificate' }).click();
    await expect(page.getByTestId('listener-problem')).toContainText('does not belong to the certificate');

    await page.getByTestId('key-path').fill(files.keyPath);
    await page.getByRole('button', { name: 'Check certificate' }).click();
    await expect(page.getByTestId('certificate-facts')).toContainText('CN=scimdesk.test');
    await expect(page.getByTestId('certificate-facts')).toContainText('IP Address:127.0.0.1');
    await page.getByRole('button', { name: 'Apply now' }).click();
    await expect(page.getByTestId('apply-result')).toContainText('The SCIM endpoint now listens at https://127.0.0.1:');
    await expect(page.getByTestId('wizard-base-url')).toHaveText(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    await saveScreenshot(page, 'wizard-02-reachability-https');
  } finally {
    files.remove();
  }
});

test('continue applies a typed tunnel URL', async ({ page, scimdesk }) => {
  const publicUrl = 'https://scim.example.test/scim/v2';
  await page.goto(scimdesk.consoleUrl);
  await page.goto(`${scimdesk.consoleOrigin}/#setup`);
  await page.getByTestId('provider-okta').click();
  await page.getByTestId('wizard-start').click();
  await page.getByRole('radio', { name: /Tunnel or reverse proxy/ }).check();
  await expect(page.locator('.wizard-footer')).toContainText('No public URL yet');
  await page.getByTestId('public-url').fill('not a url');
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('listener-problem')).toContainText('"not a url" is not an absolute URL.');
  await expect(page.getByRole('heading', { level: 2, name: /How Okta reaches ScimDesk/ })).toBeVisible();

  await page.getByTestId('public-url').fill(publicUrl);
  await expect(page.getByTestId('public-url-unsaved')).toContainText('Not used yet');
  await saveScreenshot(page, 'wizard-02-tunnel-unsaved');
  await continueStep(page, /Credentials for Okta/);

  await expect(page.getByTestId('scim-base-url'), 'the sidebar shows the URL providers use').toHaveText(publicUrl);
  await page.getByTestId('create-token').click();
  await continueStep(page, /Set up Okta/);
  await expect(page.getByTestId('setup-steps').getByRole('listitem').first()).toContainText(`Make ${publicUrl} reachable from the internet over HTTPS`);
  await expect(page.getByTestId('local-only-note')).toHaveCount(0);
});
