/**
 * Self-signed certificates made in the test with the openssl command line, in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertificateFiles {
  dir: string;
  certPath: string;
  keyPath: string;
  /** Another key pair's private key, which does not match certPath. */
  otherKeyPath: string;
  /** certPath's key encrypted with the passphrase "not-a-secret". */
  encryptedKeyPath: string;
  /** A file that contains no PEM block. */
  garbagePath: string;
  certPem: string;
  remove(): void;
}

/** Makes a 2-day self-signed EC certificate for localhost and 127.0.0.1, plus the bad files the tests need. */
export function makeCertificates(commonName = 'scimdesk.test'): CertificateFiles {
  const dir = mkdtempSync(join(tmpdir(), 'scimdesk-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const otherKeyPath = join(dir, 'other-key.pem');
  const encryptedKeyPath = join(dir, 'encrypted-key.pem');
  const garbagePath = join(dir, 'garbage.pem');

  openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${commonName}`,
    '-addext', `subjectAltName=DNS:${commonName},DNS:localhost,IP:127.0.0.1`,
  ]);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', otherKeyPath]);
  openssl(['pkey', '-in', keyPath, '-aes256', '-passout', 'pass:not-a-secret', '-out', encryptedKeyPath]);
  writeFileSync(garbagePath, 'this is not a certificate\n');

  return {
    dir,
    certPath,
    keyPath,
    otherKeyPath,
    encryptedKeyPath,
    garbagePath,
    certPem: readFileSync(certPath, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
