import { createServer } from 'node:net';
import { AdminError } from '../../engine/admin/errors.ts';
import { DEFAULT_LISTENER_SETTINGS, validateListenerSettings } from '../../engine/tls/listener-settings.ts';
import type { ListenerFlags } from '../../engine/tls/startup.ts';
import { CliError, hasStore } from '../context.ts';

/** A TCP port that `serve` is about to bind, with the option that sets it. */
interface PlannedPort {
  host: string;
  port: number;
  option: string;
}

/**
 * Checks what would stop `serve` before the store is opened, so that a failed start creates no
 * data directory: the certificate and key given with --tls-cert and --tls-key, and whether the
 * ports are free. A store that exists may store its own SCIM listener settings, so without
 * listener flags only a new store's default SCIM port is checked there.
 * NOTE: a port checked free here can still be taken before `serve` binds it; that start then
 * fails after the store is opened, as before.
 */
export async function checkServeStart(dataDir: string, flags: ListenerFlags, consolePort: number, defaultScimPort: number, now: Date): Promise<void> {
  const listenerOptionsSet = Object.values(flags).some((value) => value !== undefined);
  if (listenerOptionsSet) {
    checkListenerFlags(flags, defaultScimPort, now);
  }

  const consoleSide: PlannedPort = { host: '127.0.0.1', port: consolePort, option: '--console-port' };
  const scimSide: PlannedPort | undefined =
    listenerOptionsSet || !hasStore(dataDir) ? { host: flags.host ?? DEFAULT_LISTENER_SETTINGS.host, port: flags.port ?? defaultScimPort, option: '--scim-port' } : undefined;
  if (scimSide !== undefined && scimSide.port !== 0 && scimSide.port === consoleSide.port) {
    throw new CliError(`The SCIM endpoint and the console cannot share port ${scimSide.port}. Choose two different ports with --scim-port and --console-port.`);
  }

  const ports = scimSide === undefined ? [consoleSide] : [scimSide, consoleSide];
  for (const planned of ports.filter((entry) => entry.port !== 0)) {
    const error = await tryBind(planned.host, planned.port);
    if (error !== null) {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${error.message})`;
      throw new CliError(`Could not start the server: port ${planned.port} on ${planned.host} ${reason}. Choose another port with ${planned.option}.`);
    }
  }
}

function checkListenerFlags(flags: ListenerFlags, defaultScimPort: number, now: Date): void {
  const settings = {
    host: flags.host ?? DEFAULT_LISTENER_SETTINGS.host,
    port: flags.port ?? defaultScimPort,
    certPath: flags.certPath ?? null,
    keyPath: flags.keyPath ?? null,
    publicBaseUrl: null,
  };
  try {
    validateListenerSettings(settings, now, { allowPlainBeyondLoopback: true });
  } catch (error) {
    if (error instanceof AdminError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}

/** Binds and closes a TCP server on the address, and returns the bind error, or null when the port is free. */
function tryBind(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
