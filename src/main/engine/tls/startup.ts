import { AdminError } from '../admin/errors.ts';
import type { Engine } from '../engine.ts';
import {
  DEFAULT_LISTENER_SETTINGS,
  isLoopbackAddress,
  readListenerSettings,
  validateListenerSettings,
  type ValidatedListener,
} from './listener-settings.ts';

/** Listener options given on a host's command line; an absent field was not given. */
export interface ListenerFlags {
  host?: string;
  port?: number;
  certPath?: string;
  keyPath?: string;
}

/** The settings a host starts its SCIM listener with, where they came from, and any warning for the admin. */
export interface StartupListener {
  listener: ValidatedListener;
  source: 'flags' | 'stored' | 'default';
  /** A sentence to print or log, e.g. why stored settings were not used. */
  warning: string | null;
}

/**
 * Chooses what a host binds at start: the command-line flags when any is given, else the
 * settings stored from the setup wizard, else loopback on `defaultPort`. Invalid flags throw an
 * invalid AdminError, because the admin can correct them at once. Invalid stored settings, for
 * example an expired certificate, fall back to loopback with a warning, so that the console
 * still opens to fix them.
 */
export function resolveStartupListener(engine: Engine, flags: ListenerFlags, defaultPort: number): StartupListener {
  const now = engine.clock.now();
  const defaults = { ...DEFAULT_LISTENER_SETTINGS, port: defaultPort };
  const stored = readListenerSettings(engine.db);
  const publicBaseUrl = stored?.publicBaseUrl ?? null;

  if (Object.values(flags).some((value) => value !== undefined)) {
    const settings = {
      host: flags.host ?? defaults.host,
      port: flags.port ?? defaults.port,
      certPath: flags.certPath ?? null,
      keyPath: flags.keyPath ?? null,
      publicBaseUrl,
    };
    // The command line keeps its older behaviour of plain HTTP on any address, with a warning.
    const listener = validateListenerSettings(settings, now, { allowPlainBeyondLoopback: true });
    const plain = listener.tls === null && !isLoopbackAddress(listener.settings.host);
    const warning = plain
      ? `The SCIM endpoint listens on ${listener.settings.host} over plain HTTP, so tokens cross the network unencrypted. Add --tls-cert and --tls-key, or put an HTTPS proxy in front.`
      : null;
    return { listener, source: 'flags', warning };
  }

  if (stored !== null) {
    try {
      return { listener: validateListenerSettings(stored, now), source: 'stored', warning: null };
    } catch (error) {
      const reason = error instanceof AdminError ? error.message : String(error);
      const fallback = validateListenerSettings({ ...defaults, publicBaseUrl: null }, now);
      return {
        listener: fallback,
        source: 'default',
        warning: `The stored SCIM listener settings were not used: ${reason} The endpoint listens on ${defaults.host}:${defaults.port} until you choose new settings in the setup wizard.`,
      };
    }
  }
  return { listener: validateListenerSettings(defaults, now), source: 'default', warning: null };
}
