import { Command, CommanderError } from 'commander';
import { registerAccess } from './commands/access.ts';
import { registerAudit } from './commands/audit.ts';
import { registerConnection } from './commands/connection.ts';
import { registerDrafts } from './commands/drafts.ts';
import { registerEvents } from './commands/events.ts';
import { registerPermissions } from './commands/permissions.ts';
import { registerReplay } from './commands/replay.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerSnapshots } from './commands/snapshots.ts';
import { VERSION } from './commands/shared.ts';
import { CliError, toCliError } from './context.ts';
import { exitWhenStdoutCloses } from './output.ts';

/**
 * Builds the `scimdesk` command line. Every command takes --data and --json, and an
 * error is one line on stderr with a non-zero exit code.
 */
export function buildProgram(): Command {
  const program = new Command('scimdesk')
    .description('ScimDesk: a SCIM 2.0 provisioning console. Identity providers push users and groups; you map groups to roles.')
    .version(VERSION)
    .option('--data <dir>', 'data directory holding the store (default: $SCIMDESK_DATA or the desktop app\'s folder)')
    .option('--json', 'print machine-readable JSON on stdout')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();

  registerServe(program);
  registerConnection(program);
  registerAccess(program);
  registerPermissions(program);
  registerDrafts(program);
  registerSnapshots(program);
  registerReplay(program);
  registerSimulate(program);
  registerEvents(program);
  registerAudit(program);
  return program;
}

/** Runs the CLI with process arguments; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  exitWhenStdoutCloses();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version or the usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = toCliError(error);
    if (failure instanceof CliError) {
      process.stderr.write(`scimdesk: ${failure.message}\n`);
      return failure.exitCode;
    }
    process.stderr.write(`scimdesk: unexpected error: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
    return 1;
  }
}
