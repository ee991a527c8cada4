import { AdminError } from '../engine/admin/errors.ts';
import { Engine } from '../engine/engine.ts';
import { defaultDataDir } from './data-dir.ts';
import { hostActor } from '../host-actor.ts';

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

/** Opens the engine on the command's data directory, runs `action`, and closes it. */
export async function withEngine<T>(options: GlobalOptions, action: (engine: Engine) => T | Promise<T>): Promise<T> {
  const engine = Engine.open(options.data ?? defaultDataDir());
  try {
    return await action(engine);
  } finally {
    engine.close();
  }
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
