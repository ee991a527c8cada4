/**
 * TLS: certificate checks, HTTPS serving with a certificate made in the test, and the listener
 * settings the console applies, which bad certificates and keys must leave as they were.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createConsoleHandlers, type HostInfo } from '../../src/main/engine/admin/console-handlers.ts';
import { dispatchConsoleCall } from '../../src/main/engine/admin/dispatch.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { inspectTlsPair, readTlsFiles } from '../../src/main/engine/tls/certificate.ts';
import {
  readListenerSettings,
  validateListenerSettings,
  writeListenerSettings,
  type ListenerSettings,
} from '../../src/main/engine/tls/listener-settings.ts';
import { resolveStartupListener } from '../../src/main/engine/tls/startup.ts';
import { ScimListener } from '../../src/main/http/scim-listener.ts';
import { makeCertificates, type CertificateFiles } from './certificates.ts';
import { TestClock } from './harness.ts';

let files: CertificateFiles;

beforeAll(() => {
  files = makeCertificates();
});

afterAll(() => {
  files.remove();
});

function inspect(certPath: string, keyPath: string, now = new Date()) {
  return inspectTlsPair(readTlsFiles(certPath, keyPath), now, { cert: certPath, key: keyPath });
}

describe('inspectTlsPair', () => {
  it('returns the names and dates of a matching pair', () => {
    const info = inspect(files.certPath, files.keyPath);

    expect(info.subject).toBe('CN=scimdesk.test');
    expect(info.subjectAltNames).toEqual(['DNS:scimdesk.test', 'DNS:localhost', 'IP Address:127.0.0.1']);
    expect(info.selfSigned).toBe(true);
    expect(info.daysLeft).toBeGreaterThanOrEqual(1);
    expect(info.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('rejects a key that belongs to another certificate', () => {
    expect(() => inspect(files.certPath, files.otherKeyPath)).toThrow(
      `The private key in ${files.otherKeyPath} does not belong to the certificate in ${files.certPath}.`,
    );
  });

  it('rejects an expired certificate', () => {
    const later = new Date(Date.now() + 3 * 86_400_000);

    expect(() => inspect(files.certPath, files.keyPath, later)).toThrow(new RegExp(`The certificate in ${files.certPath} expired on `));
  });

  it('rejects a certificate that is not valid yet', () => {
    const earlier = new Date(Date.now() - 86_400_000);

    expect(() => inspect(files.certPath, files.keyPath, earlier)).toThrow(/is not valid before/);
  });

  it('rejects an encrypted key with the way to decrypt it', () => {
    expect(() => inspect(files.certPath, files.encryptedKeyPath)).toThrow(/is encrypted with a passphrase. Save an unencrypted copy/);
  });

  it('names swapped certificate and key files', () => {
    expect(() => inspect(files.keyPath, files.certPath)).toThrow(/contains a private key, not a certificate. The certificate and key files may be swapped/);
  });

  it('rejects a file without a PEM certificate', () => {
    expect(() => inspect(files.garbagePath, files.keyPath)).toThrow(`${files.garbagePath} is not a PEM certificate`);
  });

  it('rejects a file without a PEM key', () => {
    expect(() => inspect(files.certPath, files.garbagePath)).toThrow(`${files.garbagePath} is not a PEM private key`);
  });

  it('names a missing file', () => {
    const missing = join(files.dir, 'missing.pem');

    expect(() => inspect(missing, files.keyPath)).toThrow(`Could not read the certificate file ${missing}: the file does not exist.`);
  });

  it('rejects a corrupted certificate body', () => {
    const corrupted = join(files.dir, 'corrupted.pem');
    writeFileSync(corrupted, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');

    expect(() => inspect(corrupted, files.keyPath)).toThrow(`${corrupted} does not contain a valid certificate`);
  });
});

describe('validateListenerSettings', () => {
  const base: ListenerSettings = { host: '127.0.0.1', port: 0, certPath: null, keyPath: null, publicBaseUrl: null };

  it('requires a certificate beyond loopback', () => {
    expect(() => validateListenerSettings({ ...base, host: '0.0.0.0' }, new Date())).toThrow(
      /Binding 0.0.0.0 makes the SCIM endpoint reachable from other machines, so it needs a certificate and key for HTTPS/,
    );
  });

  it('requires the key with the certificate', () => {
    expect(() => validateListenerSettings({ ...base, certPath: files.certPath }, new Date())).toThrow(/needs both a certificate file and its private key file/);
  });

  it('rejects a host name in place of an address', () => {
    expect(() => validateListenerSettings({ ...base, host: 'scim.example.com' }, new Date())).toThrow(/"scim.example.com" is not an IP address/);
  });

  it('requires an HTTPS public URL', () => {
    expect(() => validateListenerSettings({ ...base, publicBaseUrl: 'http://scim.example.com/scim/v2' }, new Date())).toThrow(
      /is not an HTTPS URL/,
    );
  });

  it('accepts a wildcard address with a certificate', () => {
    const validated = validateListenerSettings({ ...base, host: '0.0.0.0', certPath: files.certPath, keyPath: files.keyPath }, new Date());

    expect(validated.tls?.cert).toBe(files.certPem);
    expect(validated.certificate?.subject).toBe('CN=scimdesk.test');
  });
});

describe('ScimListener over HTTPS', () => {
  let engine: Engine;
  let listener: ScimListener;
  let agent: Agent;

  beforeEach(async () => {
    engine = Engine.openInMemory({ clock: new TestClock(new Date().toISOString()) });
    const validated = validateListenerSettings(
      { host: '127.0.0.1', port: 0, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null },
      new Date(),
    );
    listener = await ScimListener.start(engine, validated);
    agent = new Agent({ connect: { ca: files.certPem } });
  });

  afterEach(async () => {
    await agent.close();
    await listener.close();
    engine.close();
  });

  it('serves SCIM with the certificate made in the test', async () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const baseUrl = listener.current().baseUrl;

    const response = await request(`${baseUrl}/Users`, { headers: { authorization: `Bearer ${token}` }, dispatcher: agent });

    expect(baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { totalResults: number }).totalResults).toBe(0);
    expect(engine.scimBaseUrl()).toBe(baseUrl);
  });

  it('refuses a client that does not trust the certificate', async () => {
    const baseUrl = listener.current().baseUrl;

    await expect(request(`${baseUrl}/Users`)).rejects.toThrow(/self-signed certificate/);
  });
});

describe('applyListenerSettings', () => {
  let engine: Engine;
  let listener: ScimListener;
  let call: (method: string, input: unknown) => ReturnType<typeof dispatchConsoleCall>;

  beforeEach(async () => {
    engine = Engine.openInMemory({ clock: new TestClock(new Date().toISOString()) });
    const plain = validateListenerSettings({ host: '127.0.0.1', port: 0, certPath: null, keyPath: null, publicBaseUrl: null }, new Date());
    listener = await ScimListener.start(engine, plain);
    const host: HostInfo = { version: 'test', transport: 'http', actor: 'test', listener };
    const handlers = createConsoleHandlers(engine, host);
    call = (method, input) => dispatchConsoleCall(handlers, method, input);
  });

  afterEach(async () => {
    await listener.close();
    engine.close();
  });

  it('keeps the running listener and stored settings when the key does not match', async () => {
    const before = listener.current();

    const result = call('applyListenerSettings', {
      host: '127.0.0.1', port: 0, certPath: files.certPath, keyPath: files.otherKeyPath, publicBaseUrl: null,
    });

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toContain('does not belong to the certificate');
    expect(listener.current()).toEqual(before);
    expect(readListenerSettings(engine.db)).toBeNull();
    const reply = await request(`${before.baseUrl}/Users`);
    expect(reply.statusCode).toBe(401);
  });

  it('rebinds to HTTPS and stores the settings once the new listener is up', async () => {
    const settings = { host: '127.0.0.1', port: 0, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null };

    const result = call('applyListenerSettings', settings);

    expect(result.ok).toBe(true);
    await expect.poll(() => readListenerSettings(engine.db)).toEqual(settings);
    const status = call('getListenerStatus', {});
    const output = status.ok ? (status.output as { active: { baseUrl: string; certificate: { subject: string } }; lastApply: { state: string } }) : null;
    expect(output?.lastApply.state).toBe('applied');
    expect(output?.active.baseUrl).toMatch(/^https:/);
    expect(output?.active.certificate.subject).toBe('CN=scimdesk.test');
  });

  it('reports a failed bind and keeps the previous listener', async () => {
    const before = listener.current();

    // 192.0.2.1 is a documentation address (RFC 5737) that no interface of this machine has, so the bind fails without any traffic.
    call('applyListenerSettings', { host: '192.0.2.1', port: 0, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null });

    await expect.poll(() => {
      const status = call('getListenerStatus', {});
      return status.ok ? (status.output as { lastApply: { state: string } }).lastApply.state : 'error';
    }).toBe('failed');
    expect(listener.current()).toEqual(before);
    expect(readListenerSettings(engine.db)).toBeNull();
  });

  it('stores a public URL without rebinding', () => {
    const before = listener.current();

    const result = call('applyListenerSettings', {
      host: '127.0.0.1', port: before.port, certPath: null, keyPath: null, publicBaseUrl: 'https://scim.example.com/scim/v2',
    });

    expect(result.ok).toBe(true);
    expect(engine.scimBaseUrl()).toBe('https://scim.example.com/scim/v2');
    expect(listener.current()).toEqual(before);
  });
});

describe('resolveStartupListener', () => {
  let engine: Engine;

  beforeEach(() => {
    engine = Engine.openInMemory({ clock: new TestClock(new Date().toISOString()) });
  });

  afterEach(() => {
    engine.close();
  });

  it('binds loopback on the default port without settings or flags', () => {
    const startup = resolveStartupListener(engine, {}, 8417);

    expect(startup.source).toBe('default');
    expect(startup.listener.settings).toMatchObject({ host: '127.0.0.1', port: 8417, certPath: null });
    expect(startup.warning).toBeNull();
  });

  it('binds the settings the wizard stored', () => {
    writeListenerSettings(engine.db, { host: '0.0.0.0', port: 8443, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null });

    const startup = resolveStartupListener(engine, {}, 8417);

    expect(startup.source).toBe('stored');
    expect(startup.listener.settings.port).toBe(8443);
    expect(startup.listener.tls?.cert).toBe(files.certPem);
  });

  it('falls back when stored key mismatches', () => {
    writeListenerSettings(engine.db, { host: '0.0.0.0', port: 8443, certPath: files.certPath, keyPath: files.otherKeyPath, publicBaseUrl: null });

    const startup = resolveStartupListener(engine, {}, 8417);

    expect(startup.source).toBe('default');
    expect(startup.listener.settings.host).toBe('127.0.0.1');
    expect(startup.warning).toMatch(/^The stored SCIM listener settings were not used: The private key in .* does not belong/);
  });

  it('prefers flags over stored settings', () => {
    writeListenerSettings(engine.db, { host: '0.0.0.0', port: 8443, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null });

    const startup = resolveStartupListener(engine, { port: 0 }, 8417);

    expect(startup.source).toBe('flags');
    expect(startup.listener.settings).toMatchObject({ host: '127.0.0.1', port: 0, certPath: null });
  });

  it('warns about plain HTTP beyond loopback from flags', () => {
    const startup = resolveStartupListener(engine, { host: '0.0.0.0' }, 8417);

    expect(startup.warning).toMatch(/over plain HTTP, so tokens cross the network unencrypted/);
  });
});
