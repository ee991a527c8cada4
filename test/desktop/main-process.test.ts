/**
 * The desktop app's built main process, run under Node with a stand-in for the electron
 * module (see host.ts), because the Electron binary is not always available. It checks what
 * the window cannot show here: that the bundle starts the engine, the SCIM listener and a
 * handler for every console method, serves SCIM, exports a PDF report, and closes its store
 * when the app quits.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

import { Engine } from '../../src/main/engine/engine.ts';
import type { ConsoleMethod } from '../../src/shared/api.ts';
import { apiChannel, CONSOLE_METHOD_NAMES } from '../../src/shared/ipc.ts';
import { desktopBuilt, MAIN_BUNDLE, startDesktopHost, type DesktopHost } from './host.ts';

if (!desktopBuilt) {
  console.log(`The desktop app is not built (run npm run build), so its main process test is skipped: ${MAIN_BUNDLE} or the preload bundle is missing.`);
}

let host: DesktopHost | undefined;

afterEach(() => {
  host?.dispose();
  host = undefined;
});

/** Calls a console method through the stand-in's IPC handlers, as the console window (or the page at `frameUrl`) would. */
async function callConsole(desktop: DesktopHost, method: ConsoleMethod, input: unknown, frameUrl?: string): Promise<unknown> {
  const result = await desktop.invoke(apiChannel(method), input, frameUrl);
  if (!result.ok) {
    throw new Error(`${method} failed: ${result.error.message}`);
  }
  return result.output;
}

describe.skipIf(!desktopBuilt)('desktop main process', () => {
  it('serves SCIM and the console, then closes on quit', async () => {
    host = await startDesktopHost();

    await expect(callConsole(host, 'listConnections', {}, 'https://example.com/')).rejects.toThrow('Only the ScimDesk console may call the engine.');
    const { token } = (await callConsole(host, 'createConnection', { provider: 'okta', name: 'Okta' })) as { token: string };
    const created = await fetch(`${host.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'olga@example.com', displayName: 'Ольга Łukasiewicz' }),
    });
    expect(created.status).toBe(201);

    let report = (await callConsole(host, 'exportReport', { kind: 'access', format: 'pdf' })) as { id: string; state: string; filePath: string };
    for (let attempt = 0; report.state === 'running' && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = (await callConsole(host, 'getReportExport', { id: report.id })) as typeof report;
    }
    expect(report.state).toBe('done');
    expect(readFileSync(report.filePath).subarray(0, 5).toString()).toBe('%PDF-');

    expect(await host.quit()).toBe(0);
    const reopened = Engine.open(host.dataDir);
    const userNames = reopened.db.prepare('SELECT user_name FROM users').pluck().all();
    reopened.close();
    expect(userNames).toEqual(['olga@example.com']);
  }, 60_000);

  it('handles every method the preload exposes', async () => {
    host = await startDesktopHost();

    for (const method of CONSOLE_METHOD_NAMES) {
      // An empty input is invalid for many methods. A validation error still comes from a registered handler.
      const result = await host.invoke(apiChannel(method), {});
      expect(result.ok || result.error.code, method).not.toBe('missing');
    }
  }, 60_000);
});
