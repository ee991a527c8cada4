import { hostname } from 'node:os';
import type { Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import type { TlsCertificateInfo, TlsPair } from '../engine/tls/certificate.ts';
import type { ActiveListener, ListenerControl, ValidatedListener } from '../engine/tls/listener-settings.ts';
import { startScimServer, type ScimServer } from './scim-server.ts';

const log = createLogger('scim-listener');

/** The URL and certificate a simulator on this machine uses to reach the listener. */
export interface LocalTarget {
  baseUrl: string;
  /** PEM certificate the listener serves, or null for plain HTTP. */
  certificate: string | null;
}

/**
 * The SCIM listener of a host, which the console may rebind while it runs. Rebinding starts the
 * new listener before it closes the old one, so a failed bind leaves the old one serving. The
 * exception is a rebind to the same address and port: the old listener closes first, and a
 * failed bind restarts it.
 */
export class ScimListener implements ListenerControl {
  readonly mode = 'live' as const;
  private readonly engine: Engine;
  private server: ScimServer;
  private bound: ValidatedListener;

  private constructor(engine: Engine, server: ScimServer, bound: ValidatedListener) {
    this.engine = engine;
    this.server = server;
    this.bound = bound;
  }

  /** Binds the listener and announces its base URL to the engine. */
  static async start(engine: Engine, listener: ValidatedListener): Promise<ScimListener> {
    const server = await bind(engine, listener);
    const started = new ScimListener(engine, server, listener);
    engine.announceScimBaseUrl(started.current().baseUrl);
    return started;
  }

  current(): ActiveListener {
    const port = (this.server.server.address() as { port: number }).port;
    return {
      baseUrl: announcedBaseUrl(this.server.baseUrl, this.bound.certificate),
      host: this.bound.settings.host,
      port,
      certificate: this.bound.certificate,
    };
  }

  /** Returns the URL and certificate that a client on this machine uses to reach the listener. */
  localTarget(): LocalTarget {
    const url = new URL(this.server.baseUrl);
    if (url.hostname === '0.0.0.0' || url.hostname === '[::]') {
      url.hostname = url.hostname === '[::]' ? '[::1]' : '127.0.0.1';
    }
    return { baseUrl: url.href.replace(/\/$/, ''), certificate: this.bound.tls?.cert ?? null };
  }

  async apply(listener: ValidatedListener): Promise<ActiveListener> {
    const previous = this.bound;
    const samePort = listener.settings.host === previous.settings.host && listener.settings.port === this.current().port;
    if (samePort) {
      await this.server.close();
      try {
        this.server = await bind(this.engine, listener);
      } catch (error) {
        this.server = await bind(this.engine, previous);
        throw error;
      }
    } else {
      const next = await bind(this.engine, listener);
      const old = this.server;
      this.server = next;
      await old.close();
    }
    this.bound = listener;
    const active = this.current();
    this.engine.announceScimBaseUrl(active.baseUrl);
    log.info({ baseUrl: active.baseUrl }, 'SCIM listener rebound');
    return active;
  }

  /** Stops serving and withdraws the announced base URL, so that nothing keeps showing it. */
  async close(): Promise<void> {
    await this.server.close();
    this.engine.withdrawScimBaseUrl();
  }
}

function bind(engine: Engine, listener: ValidatedListener): Promise<ScimServer> {
  const tls: TlsPair | undefined = listener.tls ?? undefined;
  return startScimServer(engine, { host: listener.settings.host, port: listener.settings.port, tls });
}

/**
 * A listener on all addresses (0.0.0.0 or ::) has no single address to announce, so the
 * certificate's first DNS name is announced instead, because providers must use that name
 * anyway. Without one, this machine's host name is announced, or the loopback address when the
 * host name cannot be part of a URL.
 */
function announcedBaseUrl(baseUrl: string, certificate: TlsCertificateInfo | null): string {
  const url = new URL(baseUrl);
  const wildcard = url.hostname === '0.0.0.0' || url.hostname === '[::]';
  if (!wildcard) {
    return url.href.replace(/\/$/, '');
  }
  const dnsName = certificate?.subjectAltNames.find((name) => name.startsWith('DNS:'))?.slice('DNS:'.length);
  if (dnsName !== undefined && !dnsName.includes('*')) {
    url.hostname = dnsName;
  } else {
    url.hostname = machineHostName(url.hostname === '[::]' ? '[::1]' : '127.0.0.1');
  }
  return url.href.replace(/\/$/, '');
}

/** Returns this machine's host name, or `loopback` when the name is not a DNS host name. */
function machineHostName(loopback: string): string {
  const name = hostname();
  return HOST_NAME.test(name) ? name : loopback;
}

/** A DNS host name: letters, digits and hyphens in dot-separated labels. */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
