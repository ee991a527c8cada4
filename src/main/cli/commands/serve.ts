import type { Command } from 'commander';
import { createConsoleHandlers, type HostInfo } from '../../engine/admin/console-handlers.ts';
import { AdminError } from '../../engine/admin/errors.ts';
import { DEFAULT_SCIM_PORT } from '../../engine/engine.ts';
import { startConsoleServer } from '../../http/console-server.ts';
import { ScimListener } from '../../http/scim-listener.ts';
import { resolveStartupListener, type ListenerFlags, type StartupListener } from '../../engine/tls/startup.ts';
import { SequenceSimulator } from '../../simulate/sequence-simulator.ts';
import { CliError, type GlobalOptions } from '../context.ts';
import { Engine } from '../../engine/engine.ts';
import { startHealthMonitor } from '../../engine/health/monitor.ts';
import { verifyLogOnStart } from '../../engine/audit/verifications.ts';
import { defaultDataDir } from '../data-dir.ts';
import { printLines } from '../output.ts';
import { checkServeStart } from './serve-preflight.ts';
import { parsePort, VERSION } from './shared.ts';

interface ServeOptions extends GlobalOptions {
  scimPort: number;
  consolePort: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** `scimdesk serve`: the engine with its SCIM endpoint and the browser console, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the sync engine headless: the SCIM endpoint and the admin console in a browser.')
    .option('--scim-port <port>', 'TCP port of the SCIM endpoint (0 picks a free port)', parsePort, DEFAULT_SCIM_PORT)
    .option('--console-port <port>', 'TCP port of the browser console, always on 127.0.0.1 (0 picks a free port)', parsePort, DEFAULT_SCIM_PORT + 1)
    .option('--host <address>', 'address the SCIM endpoint binds to; the console stays on loopback', '127.0.0.1')
    .option('--tls-cert <file>', 'PEM certificate (with any intermediates) to serve the SCIM endpoint over HTTPS; needs --tls-key')
    .option('--tls-key <file>', 'PEM private key of --tls-cert, unencrypted')
    .action(async (_options: unknown, command: Command) => {
      await serve(command.optsWithGlobals<ServeOptions>(), givenListenerFlags(command));
    });
}

/**
 * Returns the listener options typed on the command line. Without any, serve binds what the
 * setup wizard stored, or loopback.
 */
function givenListenerFlags(command: Command): ListenerFlags {
  const options = command.opts<ServeOptions>();
  const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
  return {
    host: given('host') ? options.host : undefined,
    port: given('scimPort') ? options.scimPort : undefined,
    certPath: options.tlsCert,
    keyPath: options.tlsKey,
  };
}

/** Resolves the listener settings, turning invalid flags (such as a bad certificate) into one CLI error line. */
function resolveListener(engine: Engine, flags: ListenerFlags): StartupListener {
  try {
    return resolveStartupListener(engine, flags, DEFAULT_SCIM_PORT);
  } catch (error) {
    engine.close();
    if (error instanceof AdminError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}

async function serve(options: ServeOptions, listenerFlags: ListenerFlags): Promise<void> {
  const dataDir = options.data ?? defaultDataDir();
  await checkServeStart(dataDir, listenerFlags, options.consolePort, DEFAULT_SCIM_PORT, new Date());
  const engine = Engine.open(dataDir, { backgroundCheckpoints: true });
  // Invalid listener flags stop the command before anything else starts on the engine.
  const startup = resolveListener(engine, listenerFlags);
  if (startup.warning !== null) {
    process.stderr.write(`scimdesk: warning: ${startup.warning}\n`);
  }
  // Anyone with the console's session link acts through this server, so its actor names no person.
  const host: HostInfo = { version: VERSION, transport: 'http', actor: 'console' };
  const handlers = createConsoleHandlers(engine, host);
  verifyLogOnStart(engine);

  let scim: ScimListener | undefined;
  let consoleServer;
  try {
    const started = await ScimListener.start(engine, startup.listener);
    scim = started;
    host.listener = started;
    host.simulator = new SequenceSimulator(engine, () => started.localTarget());
    consoleServer = await startConsoleServer(engine, handlers, options.consolePort);
  } catch (error) {
    await scim?.close();
    engine.close();
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`Could not start the server: ${detail}. Choose other ports with --scim-port and --console-port.`);
  }
  const listener = scim;
  const scimBaseUrl = listener.current().baseUrl;
  const monitor = startHealthMonitor(engine);

  const stop = async (): Promise<void> => {
    monitor.stop();
    await Promise.all([listener.close(), consoleServer.close()]);
    engine.close();
    if (!options.json) {
      printLines('ScimDesk stopped; the store is closed.');
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  // The banner comes only once the handlers are in place. Before that, a Ctrl+C right after
  // it would end the process by Node's default action, without closing the store.
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ scimBaseUrl, consoleUrl: consoleServer.url, dataDir: engine.dataDir })}\n`);
  } else {
    printLines(
      `ScimDesk ${VERSION} is running on the data directory ${engine.dataDir}`,
      `SCIM base URL: ${scimBaseUrl}`,
      ...describeWildcardListener(listener.current()),
      `Console:       ${consoleServer.url}`,
      'Press Ctrl+C to stop.',
    );
  }
}

/** Notes that a listener on all interfaces (0.0.0.0 or ::) is announced under one name of this machine. */
function describeWildcardListener(active: { host: string; port: number }): string[] {
  if (active.host !== '0.0.0.0' && active.host !== '::') {
    return [];
  }
  return [
    `Listening:     on all interfaces (${active.host}), port ${active.port}. The base URL names this machine; an identity provider may use any name or address of it that it can reach.`,
  ];
}
