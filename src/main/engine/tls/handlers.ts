import type { ListenerStatus } from '../../../shared/api.ts';
import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { createLogger } from '../log/logger.ts';
import { inspectTlsPair, readTlsFiles } from './certificate.ts';
import { readListenerSettings, validateListenerSettings, writeListenerSettings, type ValidatedListener } from './listener-settings.ts';

const log = createLogger('listener');

/** Console methods of the SCIM listener's address and certificate. */
export type ListenerHandlers = Pick<ConsoleHandlers, 'getListenerStatus' | 'inspectTlsFiles' | 'applyListenerSettings'>;

type LastApply = ListenerStatus['lastApply'];

/**
 * Implements the listener methods of the console API. New settings are validated before
 * anything changes; invalid ones leave the stored settings and the running listener as they
 * were. A live host rebinds in the background, and getListenerStatus reports how that went.
 */
export function createListenerHandlers(engine: Engine, host: HostInfo): ListenerHandlers {
  let lastApply: LastApply = null;

  const status = (): ListenerStatus => ({
    active: host.listener ? host.listener.current() : null,
    stored: readListenerSettings(engine.db),
    applyMode: host.listener?.mode ?? 'none',
    lastApply,
    providerBaseUrl: engine.scimBaseUrl(),
  });

  const applyLive = (validated: ValidatedListener): void => {
    lastApply = { state: 'applying', message: `Binding ${validated.settings.host}:${validated.settings.port}.`, at: nowIso(engine.clock) };
    void host
      .listener!.apply(validated)
      .then((active) => {
        writeListenerSettings(engine.db, validated.settings);
        lastApply = { state: 'applied', message: `The SCIM endpoint now listens at ${active.baseUrl}.`, at: nowIso(engine.clock) };
      })
      .catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        log.warn({ err: error, host: validated.settings.host, port: validated.settings.port }, 'rebinding the SCIM listener failed');
        lastApply = {
          state: 'failed',
          message: `Binding ${validated.settings.host}:${validated.settings.port} failed: ${detail}. The previous settings stay in effect; choose another address or port.`,
          at: nowIso(engine.clock),
        };
      });
  };

  return {
    getListenerStatus: () => status(),
    inspectTlsFiles: (input) => inspectTlsPair(readTlsFiles(input.certPath, input.keyPath), engine.clock.now(), { cert: input.certPath, key: input.keyPath }),
    applyListenerSettings: (input) => {
      const validated = validateListenerSettings(input, engine.clock.now());
      if (host.listener?.mode === 'live' && needsRebind(host, validated)) {
        applyLive(validated);
        return status();
      }
      writeListenerSettings(engine.db, validated.settings);
      const when = host.listener?.mode === 'live' ? 'now' : 'the next time ScimDesk starts';
      lastApply = { state: 'applied', message: `The settings are stored and take effect ${when}.`, at: nowIso(engine.clock) };
      return status();
    },
  };
}

/** Reports whether the address, port or certificate differ from what the listener runs with. */
function needsRebind(host: HostInfo, validated: ValidatedListener): boolean {
  const active = host.listener!.current();
  const { settings, certificate } = validated;
  const samePort = settings.port === 0 || settings.port === active.port;
  return settings.host !== active.host || !samePort || certificate?.fingerprint256 !== active.certificate?.fingerprint256;
}
