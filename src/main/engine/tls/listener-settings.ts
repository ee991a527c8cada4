import { isIP } from 'node:net';
import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';
import { inspectTlsPair, readTlsFiles, type TlsCertificateInfo, type TlsPair } from './certificate.ts';

/** Settings key under which the SCIM listener's settings are stored. */
const LISTENER_KEY = 'scimListener';

/** Settings key of the URL identity providers use when a tunnel or reverse proxy sits in front. */
export const PUBLIC_BASE_URL_KEY = 'scimPublicBaseUrl';

/** Settings of the SCIM listener as the admin stored them: bind address, port, certificate and public URL. */
export interface ListenerSettings {
  /** IP address to bind, such as 127.0.0.1 or 0.0.0.0. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** PEM certificate file on the machine the engine runs on; null serves plain HTTP. */
  certPath: string | null;
  keyPath: string | null;
  /** URL the identity provider uses when a tunnel or reverse proxy forwards to the listener; null when none. */
  publicBaseUrl: string | null;
}

/** Settings that passed validation, with the certificate pair read from its files. */
export interface ValidatedListener {
  settings: ListenerSettings;
  tls: TlsPair | null;
  certificate: TlsCertificateInfo | null;
}

/** The SCIM listener as it runs now. */
export interface ActiveListener {
  baseUrl: string;
  host: string;
  port: number;
  certificate: TlsCertificateInfo | null;
}

/**
 * A host's hold on its SCIM listener. 'live' hosts rebind at once; 'restart' hosts store the
 * settings and bind them the next time they start.
 */
export interface ListenerControl {
  mode: 'live' | 'restart';
  current(): ActiveListener;
  /** Binds the new settings; on failure the previous listener keeps serving and the promise rejects. */
  apply(listener: ValidatedListener): Promise<ActiveListener>;
}

/** The loopback listener every host starts with until the admin stores other settings. */
export const DEFAULT_LISTENER_SETTINGS: ListenerSettings = {
  host: '127.0.0.1',
  port: 8417,
  certPath: null,
  keyPath: null,
  publicBaseUrl: null,
};

/** Reads the stored listener settings, or null when the admin never stored any. */
export function readListenerSettings(db: Db): ListenerSettings | null {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LISTENER_KEY) as string | undefined;
  return stored === undefined ? null : (JSON.parse(stored) as ListenerSettings);
}

/** Stores listener settings and the provider-facing URL in one transaction. */
export function writeListenerSettings(db: Db, settings: ListenerSettings): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    upsert.run(LISTENER_KEY, JSON.stringify(settings));
    if (settings.publicBaseUrl === null) {
      db.prepare('DELETE FROM settings WHERE key = ?').run(PUBLIC_BASE_URL_KEY);
    } else {
      upsert.run(PUBLIC_BASE_URL_KEY, JSON.stringify(settings.publicBaseUrl));
    }
  })();
}

/** Reports whether an address binds only to this machine. */
export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Checks listener settings before anything is bound or stored. The address must be an IP
 * address and the port in range. Certificate and key come together and must serve HTTPS at
 * `now`. An address beyond loopback needs a certificate, because a provider's token must not
 * cross the network in clear text. Throws an invalid AdminError that names the rule.
 */
export function validateListenerSettings(
  settings: ListenerSettings,
  now: Date,
  options: { allowPlainBeyondLoopback?: boolean } = {},
): ValidatedListener {
  const host = settings.host.trim();
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new AdminError('invalid', `"${settings.host}" is not an IP address. Enter an address of this machine, such as 127.0.0.1, 0.0.0.0 or 10.0.0.5.`);
  }
  if (!Number.isInteger(settings.port) || settings.port < 0 || settings.port > 65535) {
    throw new AdminError('invalid', `${settings.port} is not a TCP port. Use an integer from 0 to 65535.`);
  }
  const certPath = blankToNull(settings.certPath);
  const keyPath = blankToNull(settings.keyPath);
  if ((certPath === null) !== (keyPath === null)) {
    throw new AdminError('invalid', 'HTTPS needs both a certificate file and its private key file. Choose both, or neither for plain HTTP on loopback.');
  }
  if (certPath === null && !isLoopbackAddress(host) && options.allowPlainBeyondLoopback !== true) {
    throw new AdminError('invalid', `Binding ${host} makes the SCIM endpoint reachable from other machines, so it needs a certificate and key for HTTPS. Choose both files, or keep 127.0.0.1 and put a tunnel or reverse proxy in front.`);
  }
  const publicBaseUrl = validatePublicBaseUrl(settings.publicBaseUrl);

  let tls: TlsPair | null = null;
  let certificate: TlsCertificateInfo | null = null;
  if (certPath !== null && keyPath !== null) {
    tls = readTlsFiles(certPath, keyPath);
    certificate = inspectTlsPair(tls, now, { cert: certPath, key: keyPath });
  }
  return { settings: { host, port: settings.port, certPath, keyPath, publicBaseUrl }, tls, certificate };
}

function validatePublicBaseUrl(value: string | null): string | null {
  const text = blankToNull(value);
  if (text === null) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AdminError('invalid', `"${text}" is not an absolute URL. Enter the URL the provider calls, such as https://scim.example.com/scim/v2.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackAddress(url.hostname))) {
    throw new AdminError('invalid', `"${text}" is not an HTTPS URL. Identity providers in the cloud call only HTTPS URLs, so enter the https:// address of your tunnel or proxy.`);
  }
  return url.href.replace(/\/+$/, '');
}

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}
