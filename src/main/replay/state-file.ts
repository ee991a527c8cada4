/**
 * Replay state file: the placeholder ids each replay bound, kept between runs so that one run can
 * stop after a step and a later run can continue from the next. The file never contains tokens.
 */

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { ProviderId } from '../../shared/providers/index.ts';
import type { Bindings } from './bindings.ts';

interface StateFileContents {
  version: 1;
  /** State key (provider, base URL and credential fingerprint) to placeholder name to id. */
  bindings: Record<string, Record<string, string>>;
}

/**
 * Returns the key that separates the bindings of one provider against one server and one
 * connection. Connections are distinguished by a short SHA-256 fingerprint of its token, so a new
 * server or connection on the same URL starts with no bindings and the token itself is not stored.
 */
export function stateKey(provider: ProviderId, baseUrl: string, token: string): string {
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 12);
  return `${provider} ${baseUrl.replace(/\/+$/, '')} ${fingerprint}`;
}

/** Reads the bindings stored under `key`; a missing file means no bindings. Throws on an unreadable or invalid file. */
export async function loadBindings(statePath: string, key: string): Promise<Bindings> {
  const contents = await readState(statePath);
  return new Map(Object.entries(contents.bindings[key] ?? {}));
}

/** Stores the bindings under `key`, keeping other keys, and replaces the file atomically. */
export async function saveBindings(statePath: string, key: string, bindings: Bindings): Promise<void> {
  const contents = await readState(statePath);
  contents.bindings[key] = Object.fromEntries(bindings);

  await mkdir(dirname(statePath), { recursive: true });
  const temporaryPath = `${statePath}.${process.pid}.tmp`;
  await writeFile(temporaryPath, `${JSON.stringify(contents, null, 2)}\n`, 'utf8');
  await rename(temporaryPath, statePath);
}

async function readState(statePath: string): Promise<StateFileContents> {
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, bindings: {} };
    throw error;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Replay state file ${statePath} is not valid JSON. Delete it or pass another state path.`);
  }
  if (!isStateFile(parsed)) {
    throw new Error(`Replay state file ${statePath} has an unknown format. Delete it or pass another state path.`);
  }
  return parsed;
}

function isStateFile(value: unknown): value is StateFileContents {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { version?: unknown; bindings?: unknown };
  if (candidate.version !== 1) return false;
  if (candidate.bindings === null || typeof candidate.bindings !== 'object') return false;
  return Object.values(candidate.bindings).every(
    (entry) =>
      entry !== null && typeof entry === 'object' && Object.values(entry).every((id) => typeof id === 'string'),
  );
}
