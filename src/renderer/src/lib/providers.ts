import { PROVIDER_IDS, PROVIDERS, type ProviderId, type ProviderProfile } from '../../../shared/providers/index.ts';

export type { ProviderId };

/** Every provider in console order, with its display name. */
export const PROVIDER_OPTIONS: ReadonlyArray<{ id: ProviderId; displayName: string }> = PROVIDER_IDS.map(
  (id) => ({ id, displayName: PROVIDERS[id].displayName }),
);

export function providerDisplayName(id: ProviderId): string {
  return PROVIDERS[id].displayName;
}

export function providerProfile(id: ProviderId): ProviderProfile {
  return PROVIDERS[id];
}

/**
 * Fills a setup step's `{baseUrl}` placeholder. The `{token}` placeholder becomes a reference to
 * the token panel, so that the token appears on screen only once.
 */
export function fillSetupStep(step: string, scimBaseUrl: string): string {
  return step.replaceAll('{baseUrl}', scimBaseUrl).replaceAll('{token}', 'the token above');
}

/**
 * Returns a sentence when a connection has been silent for longer than its provider's usual
 * delay, or null. Providers that push each change at once (a delay of 0) never get one, because
 * silence only means that nothing changed.
 */
export function describeSilence(provider: ProviderId, lastRequestAt: string | null, now: Date): string | null {
  const profile = PROVIDERS[provider];
  if (lastRequestAt === null || profile.syncCycleMinutes === 0) {
    return null;
  }
  const silentMinutes = (now.getTime() - new Date(lastRequestAt).getTime()) / 60_000;
  if (!(silentMinutes > profile.syncCycleMinutes)) {
    return null;
  }
  return `No request for ${Math.floor(silentMinutes).toLocaleString()} minutes, while ${profile.displayName} usually delivers changes within ${profile.syncCycleMinutes} minutes. If you changed users or groups there since, check its provisioning log.`;
}
