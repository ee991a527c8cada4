import type { Command } from 'commander';
import { createConsoleHandlers } from '../../engine/admin/console-handlers.ts';
import { DEFAULT_SCIM_PORT } from '../../engine/engine.ts';
import { startConsoleServer } from '../../http/console-server.ts';
import { startScimServer } from '../../http/scim-server.ts';
import { CliError, type GlobalOptions } from '../context.ts';
import { Engine } from '../../engine/engine.ts';
import { defaultDataDir } from '../data-dir.ts';
import { printLines } from '../output.ts';
import { parsePort, VERSION } from './shared.ts';

interface ServeOptions extends GlobalOptions {
  scimPort: number;
  consolePort: number;
  host: string;
}

/** `scimdesk serve`: the engine with its SCIM endpoint and the browser console, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the sync engine headless: the SCIM endpoint and the admin console in a browser.')
    .option('--scim-port <port>', 'TCP port of the SCIM endpoint (0 picks a free port)', parsePort, DEFAULT_SCIM_PORT)
    .option('--console-port <port>', 'TCP port of the browser console, always on 127.0.0.1 (0 picks a free port)', parsePort, DEFAULT_SCIM_PORT + 1)
    .option('--host <address>', 'address the SCIM endpoint binds to; the console stays on loopback', '127.0.0.1')
    .action(async (_options: unknown, command: Command) => {
      await serve(command.optsWithGlobals<ServeOptions>());
    });
}

async function serve(options: ServeOptions): Promise<void> {
  const engine = Engine.open(options.data ?? defaultDataDir());
  const handlers = createConsoleHandlers(engine, { version: VERSION, transport: 'http', actor: 'console' });

  let scim;
  let consoleServer;
  try {
    scim = await startScimServer(engine, { host: options.host, port: options.scimPort });
    consoleServer = await startConsoleServer(engine, handlers, options.consolePort);
  } catch (error) {
    await scim?.close();
    engine.close();
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`Could not start the server: ${detail}. Choose other ports with --scim-port and --console-port.`);
  }
  engine.announceScimBaseUrl(scim.baseUrl);

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ scimBaseUrl: scim.baseUrl, consoleUrl: consoleServer.url, dataDir: engine.dataDir })}\n`);
  } else {
    printLines(
      `ScimDesk ${VERSION} is running on the data directory ${engine.dataDir}`,
      `SCIM base URL: ${scim.baseUrl}`,
      `Console:       ${consoleServer.url}`,
      'Press Ctrl+C to stop.',
    );
  }

  const stop = async (): Promise<void> => {
    await Promise.all([scim.close(), consoleServer.close()]);
    engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
