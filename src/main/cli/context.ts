import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdminError } from '../engine/admin/errors.ts';
import { Engine } from '../engine/engine.ts';
import { DATABASE_FILE } from '../engine/store/database.ts';
import { defaultDataDir } from './data-dir.ts';
import { hostActor } from '../host-actor.ts';
import { quoteArgument } from './output.ts';

/** Options every command takes. */
export interface GlobalOptions {
  data?: string;
  json?: boolean;
}

/** A failure the CLI reports as one line on stderr with a non-zero exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A command's permission to create the store in a data directory that has none. */
export interface StoreUse {
  /** Creates the store when the directory has none. Only commands that set one up (a first connection, workspace, draft or snapshot) pass it. */
  createStore?: boolean;
}

/**
 * Opens the engine on the command's data directory, runs `action`, and closes it.
 * Without `createStore`, a directory with no store is rejected before anything is
 * written, so that a mistyped --data fails instead of reading a new, empty store.
 */
export async function withEngine<T>(options: GlobalOptions, action: (engine: Engine) => T | Promise<T>, use: StoreUse = {}): Promise<T> {
  const dataDir = options.data ?? defaultDataDir();
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    throw new CliError(`The data directory ${resolve(dataDir)} is a file, not a folder. Pass the folder that contains ${DATABASE_FILE} with --data DIR.`);
  }
  if (!use.createStore) {
    requireStore(dataDir, options.data !== undefined);
  }
  const engine = Engine.open(dataDir);
  try {
    return await action(engine);
  } finally {
    engine.close();
  }
}

/** Returns whether `dataDir` contains a ScimDesk store. */
export function hasStore(dataDir: string): boolean {
  return existsSync(join(dataDir, DATABASE_FILE));
}

/** Throws a CliError naming the directory, where it came from and what to do, when it contains no store. */
export function requireStore(dataDir: string, fromOption: boolean): void {
  if (hasStore(dataDir)) {
    return;
  }
  const path = resolve(dataDir);
  const start = `or start a new store there with "scimdesk serve --data ${quoteArgument(path)}".`;
  let source: string;
  let advice: string;
  if (fromOption) {
    source = 'the directory given with --data';
    advice = `Check that path, ${start}`;
  } else if (process.env.SCIMDESK_DATA) {
    source = 'the directory that $SCIMDESK_DATA names';
    advice = `Check $SCIMDESK_DATA or pass the data directory with --data DIR, ${start}`;
  } else {
    source = "the desktop app's folder, which the CLI uses without --data or $SCIMDESK_DATA";
    advice = `Pass the data directory with --data DIR, ${start}`;
  }
  throw new CliError(`No ScimDesk store in ${path}, ${source}: it has no ${DATABASE_FILE}, so nothing was read or written. ${advice}`);
}

/** Turns an expected failure into a CliError; other errors pass through. */
export function toCliError(error: unknown): unknown {
  if (error instanceof AdminError) {
    return new CliError(error.message);
  }
  return error;
}

/** The actor recorded in events for changes made from the command line, with the user who ran it. */
export const CLI_ACTOR = hostActor('cli');
