/**
 * Each identity provider's whole request sequence, replayed over HTTP against
 * a real engine and SCIM endpoint, gets the statuses that provider expects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { replaySequence, type StepResult } from '../../src/main/replay/index.ts';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../src/shared/providers/index.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let stateDirectory: string;
let harness: ScimHarness;

beforeAll(async () => {
  stateDirectory = await mkdtemp(join(tmpdir(), 'scimdesk-sequences-'));
});

afterAll(async () => {
  await rm(stateDirectory, { recursive: true, force: true });
});

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

/** Names the steps replay must skip: requests the provider never sends, and OAuth token requests without client credentials. */
function expectedSkips(provider: ProviderId): string[] {
  return PROVIDERS[provider].sequence
    .filter((step) => step.method === null || step.kind === 'oauth-token')
    .map((step) => step.name);
}

function describeFailures(results: StepResult[]): string {
  const failures = results.filter((result) => result.skipped === undefined && !result.ok);
  const lines = failures.map(
    (result) => `${result.step} ${result.method ?? ''} ${result.path} -> ${result.status ?? 'no response'}: ${result.error ?? 'no error text'}`,
  );
  return `failed steps:\n${lines.join('\n')}`;
}

describe('provider request sequences against the engine', () => {
  it.each(PROVIDER_IDS)('replays the whole %s sequence with the expected statuses', async (provider) => {
    const connection = harness.addConnection(provider, `${provider} connection`);

    const { ok, results } = await replaySequence({
      provider,
      baseUrl: harness.baseUrl,
      token: connection.token,
      statePath: join(stateDirectory, `${provider}.json`),
    });

    expect(ok, describeFailures(results)).toBe(true);
    expect(results).toHaveLength(PROVIDERS[provider].sequence.length);
    const skipped = results.filter((result) => result.skipped !== undefined).map((result) => result.step);
    expect(skipped).toEqual(expectedSkips(provider));
  });
});
