/**
 * Renaming of the sample users in a provider's sequence, so that the simulator can run again on
 * a connection that already contains the users an earlier run created.
 */

import type { ProviderStep } from '../../shared/providers/index.ts';
import type { Engine } from '../engine/engine.ts';

/** Returns every userName that the sequence's request bodies send. */
export function sampleUserNames(sequence: readonly ProviderStep[]): string[] {
  const names = new Set<string>();
  for (const step of sequence) {
    const userName = (step.body as { userName?: unknown } | undefined)?.userName;
    if (typeof userName === 'string' && userName.includes('@')) {
      names.add(userName);
    }
  }
  return [...names];
}

/**
 * Returns null when none of the sample users exists in the connection, otherwise the first
 * suffix ("sim2", "sim3", …) whose renamed users do not exist either.
 */
export function chooseUserNameSuffix(engine: Engine, connectionId: string, sequence: readonly ProviderStep[]): string | null {
  const names = sampleUserNames(sequence);
  const exists = engine.db.prepare('SELECT 1 FROM users WHERE connection_id = ? AND lower(user_name) = lower(?)').pluck();
  const anyExists = (suffix: string | null): boolean => names.some((name) => exists.get(connectionId, renameUser(name, suffix)) !== undefined);
  if (!anyExists(null)) {
    return null;
  }
  for (let run = 2; ; run += 1) {
    if (!anyExists(`sim${run}`)) {
      return `sim${run}`;
    }
  }
}

/**
 * Returns a copy of the sequence in which every sample userName, in paths (URL-encoded) and
 * in body strings, gets `+<suffix>` before its @. A null suffix returns the sequence as it is.
 */
export function personalizeSequence(sequence: readonly ProviderStep[], suffix: string | null): ProviderStep[] {
  if (suffix === null) {
    return [...sequence];
  }
  const names = sampleUserNames(sequence);
  const replaceIn = (text: string, encode: (value: string) => string): string =>
    names.reduce((result, name) => result.split(encode(name)).join(encode(renameUser(name, suffix))), text);

  return sequence.map((step) => ({
    ...step,
    path: replaceIn(step.path, encodeURIComponent),
    body: step.body === undefined ? undefined : mapStrings(step.body, (text) => replaceIn(text, (value) => value)),
  }));
}

function renameUser(userName: string, suffix: string | null): string {
  if (suffix === null) {
    return userName;
  }
  const at = userName.lastIndexOf('@');
  return `${userName.slice(0, at)}+${suffix}${userName.slice(at)}`;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') {
    return map(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => mapStrings(item, map));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapStrings(inner, map)]));
  }
  return value;
}
