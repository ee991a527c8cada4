import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { AdminError } from '../admin/errors.ts';

/** Certificate facts shown to the admin before ScimDesk serves with it. */
export interface TlsCertificateInfo {
  subject: string;
  issuer: string;
  /** Subject alternative names such as "DNS:scim.example.com" or "IP Address:10.0.0.5". */
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  selfSigned: boolean;
  /** Whole days until the certificate expires, counted from the inspection time. */
  daysLeft: number;
}

/** A certificate (with any intermediates after it) and its private key, as PEM text. */
export interface TlsPair {
  cert: string;
  key: string;
}

/** File names of the pair, so that messages can name them. */
export interface TlsSources {
  cert: string;
  key: string;
}

const DAY_MS = 86_400_000;

/** Reads a certificate file and a key file, and throws an invalid AdminError that names an unreadable file. */
export function readTlsFiles(certPath: string, keyPath: string): TlsPair {
  return { cert: readPemFile(certPath, 'certificate'), key: readPemFile(keyPath, 'private key') };
}

/**
 * Checks that a certificate and private key can serve HTTPS at `now`: both parse as PEM, the key
 * is not encrypted, the key matches the certificate and the certificate is valid at `now`.
 * Returns the certificate's names and dates. Otherwise it throws an invalid AdminError that
 * names the file and the rule.
 */
export function inspectTlsPair(pair: TlsPair, now: Date, sources: TlsSources): TlsCertificateInfo {
  const certificate = parseCertificate(pair.cert, sources);
  const key = parsePrivateKey(pair.key, sources);

  if (!certificate.checkPrivateKey(key)) {
    throw new AdminError('invalid', `The private key in ${sources.key} does not belong to the certificate in ${sources.cert}. Choose the key that was generated with this certificate.`);
  }
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  if (now.getTime() < validFrom.getTime()) {
    throw new AdminError('invalid', `The certificate in ${sources.cert} is not valid before ${validFrom.toISOString()}. Check this machine's clock or use a certificate that is valid now.`);
  }
  if (now.getTime() > validTo.getTime()) {
    throw new AdminError('invalid', `The certificate in ${sources.cert} expired on ${validTo.toISOString()}. Renew it, then choose the new files.`);
  }
  try {
    createSecureContext({ cert: pair.cert, key: pair.key });
  } catch (error) {
    throw new AdminError('invalid', `The certificate in ${sources.cert} and the key in ${sources.key} cannot serve HTTPS: ${describeError(error)}.`);
  }

  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    subjectAltNames: splitAltNames(certificate.subjectAltName),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    fingerprint256: certificate.fingerprint256,
    selfSigned: certificate.checkIssued(certificate),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
  };
}

function readPemFile(path: string, kind: string): string {
  if (path.trim() === '') {
    throw new AdminError('invalid', `No ${kind} file was given. Choose a PEM file.`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : describeError(error);
    throw new AdminError('invalid', `Could not read the ${kind} file ${path}: ${reason}. Check the path and the file's permissions.`);
  }
}

function parseCertificate(pem: string, sources: TlsSources): X509Certificate {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) && !pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new AdminError('invalid', `${sources.cert} contains a private key, not a certificate. The certificate and key files may be swapped.`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new AdminError('invalid', `${sources.cert} is not a PEM certificate: it has no "-----BEGIN CERTIFICATE-----" line.`);
  }
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new AdminError('invalid', `${sources.cert} does not contain a valid certificate: ${describeError(error)}.`);
  }
}

function parsePrivateKey(pem: string, sources: TlsSources): KeyObject {
  if (pem.includes('-----BEGIN CERTIFICATE-----') && !/PRIVATE KEY-----/.test(pem)) {
    throw new AdminError('invalid', `${sources.key} contains a certificate, not a private key. The certificate and key files may be swapped.`);
  }
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new AdminError('invalid', `The private key in ${sources.key} is encrypted with a passphrase. Save an unencrypted copy (openssl pkey -in KEY -out KEY-plain.pem) and choose that.`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new AdminError('invalid', `${sources.key} is not a PEM private key: it has no "-----BEGIN … PRIVATE KEY-----" line.`);
  }
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new AdminError('invalid', `${sources.key} does not contain a valid private key: ${describeError(error)}.`);
  }
}

function splitAltNames(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') {
    return [];
  }
  return value.split(/,\s*/).map((name) => name.trim()).filter((name) => name !== '');
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter((part) => part !== '').join(', ');
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
