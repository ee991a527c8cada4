import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Db } from '../store/database.ts';
import type { ChainVerification } from './chain.ts';
import { BUNDLE_EXPORTED, BUNDLE_FORMAT, MANIFEST_PATH, VERIFICATION_PATH, type BundleManifest } from './bundle.ts';
import { checkChainForExport } from './verifications.ts';

/** Entries a bundle may hold; ScimDesk writes at most 19. */
const MAX_ENTRIES = 200;
/** Largest manifest or log verification read into memory, in bytes. */
const MAX_SMALL_FILE_BYTES = 1024 * 1024;

/**
 * The comparison of a bundle with an event log on this machine: whether its head event is
 * still there, and which event recorded the bundle's manifest when it was made.
 */
export type LocalLogCheck =
  | { state: 'matched'; headEventId: number; recordedByEventId: number }
  | { state: 'mismatch'; message: string }
  | { state: 'not-checked'; reason: string };

/** Outcome of checking an evidence bundle. */
export interface BundleVerification {
  ok: boolean;
  /** Each reason the bundle fails, as a sentence naming the file and what is wrong. */
  problems: string[];
  manifest: BundleManifest | null;
  /** SHA-256 of manifest.json as stored in the bundle, to compare with the one recorded when it was made; null when it has none. */
  manifestSha256: string | null;
  /** Files of the manifest compared with the bundle's entries; the manifest itself is not counted. */
  filesChecked: number;
  localLog: LocalLogCheck;
  /** The check of the local event log's chain; null when the bundle was not compared with a local log. */
  localChain: ChainVerification | null;
}

/** An event log to compare the bundle's head with: the store of a data directory and its identity. */
export interface LocalLog {
  db: Db;
  dataDirectoryId: string;
  /**
   * The check of this log's chain, made by the caller, e.g. one that stores it.
   * Without it, `verifyBundle` checks the chain itself and stores nothing.
   */
  chain?: ChainVerification;
}

interface ZipContents {
  /** Entry name → SHA-256 and size of its uncompressed bytes. */
  digests: Map<string, { sha256: string; bytes: number }>;
  /** Manifest and log verification, read as text. */
  small: Map<string, string>;
}

/**
 * Checks an evidence bundle. The zip must open and its entry names must be plain
 * relative paths (yauzl's strictFileNames). The manifest must list every other
 * entry with the SHA-256 and size that the entry really has. The log
 * verification must name the manifest's head. Given a local log of the same data
 * directory, the head event must still be there with the same digest, and that log
 * must pass its chain check, since only an intact log can vouch for the record of
 * the manifest. Without one, the result's `localLog` gives `notComparedReason` as
 * the reason. A manifest that records a broken log fails in every case, because
 * its reports may show changed data.
 */
export async function verifyBundle(path: string, localLog?: LocalLog, notComparedReason = 'no local data directory was given'): Promise<BundleVerification> {
  let contents: ZipContents;
  try {
    contents = await readZip(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // yauzl's messages may end a sentence themselves ("… or file is truncated.", "… in the comment?").
    const end = /[.?!]$/.test(reason) ? '' : '.';
    return failed([`The bundle is not a readable zip file: ${reason}${end}`]);
  }

  const problems: string[] = [];
  const manifest = parseManifest(contents, problems);
  if (!manifest) {
    return failed(problems, contents.digests.get(MANIFEST_PATH)?.sha256 ?? null);
  }
  compareFiles(manifest, contents, problems);
  checkLogVerification(manifest, contents, problems);
  checkRecordedLogState(manifest, problems);
  checkRecordedAccessState(manifest, problems);
  const manifestSha256 = contents.digests.get(MANIFEST_PATH)?.sha256 ?? '';
  const local = localLog === undefined ? { state: 'not-checked' as const, reason: notComparedReason } : compareLocalLog(manifest, manifestSha256, localLog);
  // The head comparison names the more specific fault, so it comes before the chain check's.
  if (local.state === 'mismatch') {
    problems.push(local.message);
  }
  let localChain: ChainVerification | null = null;
  if (localLog !== undefined && local.state !== 'not-checked') {
    localChain = localLog.chain ?? (await checkChainForExport(localLog.db));
    if (!localChain.ok) {
      problems.push(`The local event log failed its check, so its records cannot vouch for the bundle: ${localChain.breaks[0]?.message ?? 'the chain is broken.'}`);
    }
  }
  return { ok: problems.length === 0, problems, manifest, manifestSha256, filesChecked: manifest.files.length, localLog: local, localChain };
}

function failed(problems: string[], manifestSha256: string | null = null): BundleVerification {
  return {
    ok: false,
    problems,
    manifest: null,
    manifestSha256,
    filesChecked: 0,
    localLog: { state: 'not-checked', reason: 'the bundle could not be read' },
    localChain: null,
  };
}

/** Fails a bundle whose manifest records that the chain check made for it found the log broken. */
function checkRecordedLogState(manifest: BundleManifest, problems: string[]): void {
  if (manifest.log.chainIntact !== false) {
    return;
  }
  const first = manifest.log.firstBrokenEventId === null ? '' : ` (first at event ${manifest.log.firstBrokenEventId})`;
  problems.push(
    `The manifest records that the event log was already broken when the bundle was made${first}, so its reports may show changed data. ` +
      `${VERIFICATION_PATH} in the bundle lists the breaks.`,
  );
}

function describeUserCount(count: number): string {
  return count === 1 ? '1 user' : `${count} users`;
}

/** Fails a bundle whose manifest records that current access differed from the event log when it was made. */
function checkRecordedAccessState(manifest: BundleManifest, problems: string[]): void {
  if (manifest.currentAccess === undefined || manifest.currentAccess.agrees) {
    return;
  }
  problems.push(
    `The manifest records that the current access of ${describeUserCount(manifest.currentAccess.differingUserCount)} differed from the event log when the bundle was made, ` +
      'so the access report may show changed roles. Its header lists those users.',
  );
}

async function readZip(path: string): Promise<ZipContents> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  const contents: ZipContents = { digests: new Map(), small: new Map() };
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new Error(`it has ${zip.entryCount} entries, more than the ${MAX_ENTRIES} a bundle may hold`);
    }
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) {
        continue;
      }
      if (contents.digests.has(name)) {
        throw new Error(`the entry "${name}" appears twice`);
      }
      const keep = name === MANIFEST_PATH || name === VERIFICATION_PATH;
      if (keep && entry.uncompressedSize > MAX_SMALL_FILE_BYTES) {
        throw new Error(`the entry "${name}" is larger than ${MAX_SMALL_FILE_BYTES} bytes`);
      }
      const read = await hashStream(await zip.openReadStreamPromise(entry), keep);
      contents.digests.set(name, { sha256: read.sha256, bytes: read.bytes });
      if (read.text !== undefined) {
        contents.small.set(name, read.text);
      }
    }
  } finally {
    zip.close();
  }
  return contents;
}

async function hashStream(stream: Readable, keepText: boolean): Promise<{ sha256: string; bytes: number; text?: string }> {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (keepText) {
      kept.push(chunk);
    }
  }
  return { sha256: hash.digest('hex'), bytes, ...(keepText ? { text: Buffer.concat(kept).toString('utf8') } : {}) };
}

function parseManifest(contents: ZipContents, problems: string[]): BundleManifest | undefined {
  const text = contents.small.get(MANIFEST_PATH);
  if (text === undefined) {
    problems.push(`The bundle has no ${MANIFEST_PATH}, so nothing in it can be checked.`);
    return undefined;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    problems.push(`${MANIFEST_PATH} is not valid JSON.`);
    return undefined;
  }
  const candidate = manifest as Partial<BundleManifest>;
  if (candidate.format !== BUNDLE_FORMAT || !Array.isArray(candidate.files) || typeof candidate.log?.headDigest !== 'string') {
    problems.push(`${MANIFEST_PATH} is not a ScimDesk evidence bundle manifest: its format is not "${BUNDLE_FORMAT}" or it lacks files or the log head.`);
    return undefined;
  }
  return candidate as BundleManifest;
}

function compareFiles(manifest: BundleManifest, contents: ZipContents, problems: string[]): void {
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const actual = contents.digests.get(file.path);
    if (!actual) {
      problems.push(`${file.path} is listed in the manifest but missing from the bundle.`);
    } else if (actual.sha256 !== file.sha256) {
      problems.push(`${file.path} was changed: its SHA-256 is ${actual.sha256}, but the manifest lists ${file.sha256}.`);
    } else if (actual.bytes !== file.bytes) {
      problems.push(`${file.path} has ${actual.bytes} bytes, but the manifest lists ${file.bytes}.`);
    }
  }
  for (const name of contents.digests.keys()) {
    if (name !== MANIFEST_PATH && !listed.has(name)) {
      problems.push(`${name} is in the bundle but not in the manifest, so it was added afterwards.`);
    }
  }
}

function checkLogVerification(manifest: BundleManifest, contents: ZipContents, problems: string[]): void {
  const text = contents.small.get(VERIFICATION_PATH);
  if (text === undefined) {
    return;
  }
  try {
    const verification = JSON.parse(text) as { headDigest?: unknown; headId?: unknown };
    if (verification.headDigest !== manifest.log.headDigest || verification.headId !== manifest.log.headEventId) {
      problems.push(`${VERIFICATION_PATH} names another log head than the manifest does.`);
    }
  } catch {
    problems.push(`${VERIFICATION_PATH} is not valid JSON.`);
  }
}

function compareLocalLog(manifest: BundleManifest, manifestSha256: string, localLog: LocalLog): LocalLogCheck {
  if (localLog.dataDirectoryId !== manifest.dataDirectoryId) {
    return { state: 'not-checked', reason: `the bundle comes from data directory ${manifest.dataDirectoryId}, not from this one (${localLog.dataDirectoryId})` };
  }
  const { headEventId, headDigest } = manifest.log;
  if (headEventId > 0) {
    const stored = localLog.db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(headEventId) as string | undefined;
    if (stored === undefined) {
      return {
        state: 'mismatch',
        message:
          `The local event log no longer has event ${headEventId}, the head of the bundle, so its newest events were removed after the bundle was made. ` +
          'The bundle itself may be genuine: run `scimdesk verify --anchor DIGEST` with a head digest kept from after the bundle was made to see how much of the log is gone.',
      };
    }
    if (stored !== headDigest) {
      return { state: 'mismatch', message: `Event ${headEventId} of the local event log has the digest ${stored}, but the bundle recorded ${headDigest}, so the log was changed after the bundle was made.` };
    }
  }
  const recordedBy = findBundleRecord(localLog.db, headEventId, manifestSha256);
  const localHeadId = localLog.db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number;
  if (recordedBy === undefined && localHeadId <= headEventId) {
    // Making the bundle appended the event that records it after its head, so a log that ends at that head lost it.
    return {
      state: 'mismatch',
      message:
        `No event of the local event log records a bundle whose manifest has the SHA-256 ${manifestSha256}, ` +
        `but the log ends at event ${localHeadId}, the head of the bundle, although making the bundle appended an event after it. ` +
        'So the log most likely lost its newest events, including that record, and the bundle may be genuine. ' +
        'Run `scimdesk verify --anchor DIGEST` with a head digest kept from after the bundle was made to confirm that events were cut off.',
    };
  }
  if (recordedBy === undefined) {
    return {
      state: 'mismatch',
      message:
        `No event of the local event log records a bundle whose manifest has the SHA-256 ${manifestSha256}. ` +
        'ScimDesk records every bundle it makes, so the manifest was changed after the bundle was made, ' +
        'the bundle was made by a version of ScimDesk that did not record bundles yet, ' +
        'or the events after the bundle\'s head were removed or replaced (run `scimdesk verify` and `scimdesk verify --anchor DIGEST` with a head digest kept from after the bundle was made).',
    };
  }
  return { state: 'matched', headEventId, recordedByEventId: recordedBy };
}

/** Returns the id of the event that recorded a bundle with this manifest digest, made at this head. */
function findBundleRecord(db: Db, headEventId: number, manifestSha256: string): number | undefined {
  return db
    .prepare(
      `SELECT r.event_id FROM event_refs r JOIN events e ON e.id = r.event_id
       WHERE r.ref_type = 'change' AND r.ref_key = ? AND r.event_id > ?
         AND json_extract(e.detail, '$.bundle.manifestSha256') = ?
       ORDER BY r.event_id LIMIT 1`,
    )
    .pluck()
    .get(BUNDLE_EXPORTED, headEventId, manifestSha256) as number | undefined;
}
