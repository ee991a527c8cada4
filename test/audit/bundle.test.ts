import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, MANIFEST_PATH, type CreatedBundle } from '../../src/main/engine/audit/bundle.ts';
import { verifyBundle } from '../../src/main/engine/audit/bundle-verify.ts';
import { readDataDirectoryId } from '../../src/main/engine/audit/identity.ts';
import { buildAuditFixture, TIMES, type AuditFixture } from './fixture.ts';

/** Reads every entry of a zip into memory; the bundles here are a few kilobytes. */
async function readEntries(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      chunks.push(chunk as Buffer);
    }
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

/** Writes a copy of a zip after `edit` changed its entries, the way someone would tamper with a bundle. */
async function tamper(source: string, target: string, edit: (entries: Map<string, Buffer>) => void): Promise<string> {
  const entries = await readEntries(source);
  edit(entries);
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) {
    zip.addBuffer(data, name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target));
  return target;
}

describe('evidence bundle', () => {
  let fixture: AuditFixture;
  let bundle: CreatedBundle;
  let path: string;

  beforeAll(async () => {
    fixture = buildAuditFixture();
    path = join(fixture.dataDir, 'evidence.zip');
    bundle = await createBundle(fixture.engine, { from: TIMES.mapped }, path);
  });

  afterAll(() => {
    fixture.close();
  });

  it('holds every report, the log check, a README and the manifest', async () => {
    const entries = await readEntries(path);

    const names = [...entries.keys()].sort();
    expect(names).toEqual([
      'README.txt',
      'log/verification.json',
      'manifest.json',
      ...['access', 'changes', 'mappings'].flatMap((kind) => ['csv', 'html', 'json', 'pdf'].map((format) => `reports/${kind}.${format}`)),
    ].sort());
    const manifest = JSON.parse(entries.get(MANIFEST_PATH)!.toString('utf8'));
    expect(manifest).toEqual(bundle.manifest);
    expect(manifest.filters).toEqual({ asOf: null, from: TIMES.mapped, to: null, reviewId: null });
    // The event after the head is the one that recorded the bundle.
    expect(manifest.log).toMatchObject({ headEventId: fixture.engine.events.headId() - 1, verified: true, breakCount: 0 });
  });

  it('gives every report the manifest head digest', async () => {
    const entries = await readEntries(path);

    for (const kind of ['access', 'changes', 'mappings']) {
      const report = JSON.parse(entries.get(`reports/${kind}.json`)!.toString('utf8'));
      expect(report.log.headDigest).toBe(bundle.manifest.log.headDigest);
      expect(report.dataDirectoryId).toBe(bundle.manifest.dataDirectoryId);
    }
    expect(entries.get('reports/changes.csv')!.toString('utf8')).toContain(`logHeadDigest,${bundle.manifest.log.headDigest}`);
  });

  it('verifies intact, and against the log it came from', async () => {
    const local = { db: fixture.engine.db, dataDirectoryId: readDataDirectoryId(fixture.engine.db)! };

    const result = await verifyBundle(path, local);

    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    // Every file that the manifest lists; the manifest itself is the 15th entry of the zip.
    expect(result.filesChecked).toBe(14);
    expect(result.filesChecked).toBe(result.manifest!.files.length);
    const headEventId = bundle.manifest.log.headEventId;
    expect(result.localLog).toEqual({ state: 'matched', headEventId, recordedByEventId: headEventId + 1 });
  });

  it('records the bundle in the event log', () => {
    const record = fixture.engine.events.list(undefined, 1).events[0]!;

    expect(record.summary).toBe(
      `Exported an evidence bundle at event log head ${bundle.manifest.log.headEventId}, manifest SHA-256 ${bundle.manifestSha256}`,
    );
  });

  it('rejects a report edited together with its manifest', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'rewritten.zip'), (entries) => {
      const csv = Buffer.from(entries.get('reports/access.csv')!.toString('utf8').replace('Data Science,viewer', 'Data Science,admin'));
      entries.set('reports/access.csv', csv);
      const manifest = JSON.parse(entries.get(MANIFEST_PATH)!.toString('utf8'));
      const file = manifest.files.find((entry: { path: string }) => entry.path === 'reports/access.csv');
      file.sha256 = createHash('sha256').update(csv).digest('hex');
      file.bytes = csv.length;
      entries.set(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest, null, 2)));
    });
    const local = { db: fixture.engine.db, dataDirectoryId: bundle.manifest.dataDirectoryId };

    const alone = await verifyBundle(target);
    const againstLog = await verifyBundle(target, local);

    expect(alone.ok, 'without a log, only the manifest can be checked').toBe(true);
    expect(againstLog.ok).toBe(false);
    expect(againstLog.problems[0]).toMatch(/^No event of the local event log records a bundle whose manifest has the SHA-256 [0-9a-f]{64}\./);
  });

  it('rejects a changed report and names it', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'changed.zip'), (entries) => {
      const csv = entries.get('reports/access.csv')!.toString('utf8');
      entries.set('reports/access.csv', Buffer.from(csv.replace('grace@example.com,Grace Hopper,Okta production,true,Data Science,viewer', 'grace@example.com,Grace Hopper,Okta production,true,Data Science,admin')));
    });

    const result = await verifyBundle(target);

    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^reports\/access\.csv was changed: its SHA-256 is [0-9a-f]{64}, but the manifest lists [0-9a-f]{64}\.$/);
  });

  it('rejects a removed report', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'removed.zip'), (entries) => entries.delete('reports/mappings.pdf'));

    const result = await verifyBundle(target);

    expect(result.problems).toEqual(['reports/mappings.pdf is listed in the manifest but missing from the bundle.']);
  });

  it('rejects an added file', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'added.zip'), (entries) => entries.set('reports/extra.csv', Buffer.from('a,b\r\n')));

    const result = await verifyBundle(target);

    expect(result.problems).toEqual(['reports/extra.csv is in the bundle but not in the manifest, so it was added afterwards.']);
  });

  it('rejects a manifest rewritten to another head', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'head.zip'), (entries) => {
      const manifest = JSON.parse(entries.get(MANIFEST_PATH)!.toString('utf8'));
      manifest.log.headDigest = 'a'.repeat(64);
      entries.set(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest)));
    });

    const result = await verifyBundle(target, { db: fixture.engine.db, dataDirectoryId: bundle.manifest.dataDirectoryId });

    expect(result.ok).toBe(false);
    expect(result.problems).toContain('log/verification.json names another log head than the manifest does.');
    expect(result.problems.some((problem) => problem.includes(`Event ${bundle.manifest.log.headEventId} of the local event log has the digest`))).toBe(true);
  });

  it('rejects a bundle without a manifest', async () => {
    const target = await tamper(path, join(fixture.dataDir, 'bare.zip'), (entries) => entries.delete(MANIFEST_PATH));

    const result = await verifyBundle(target);

    expect(result).toMatchObject({ ok: false, problems: ['The bundle has no manifest.json, so nothing in it can be checked.'] });
  });

  it('rejects a file that is not a zip', async () => {
    const target = join(fixture.dataDir, 'not-a-zip.zip');
    writeFileSync(target, readFileSync(path).subarray(0, 200));

    const result = await verifyBundle(target);

    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'The bundle is not a readable zip file: End of central directory record signature not found. Either not a zip file, or file is truncated.',
    ]);
  });

  it('ends a zip error with one mark', async () => {
    const target = join(fixture.dataDir, 'trailing-bytes.zip');
    writeFileSync(target, Buffer.concat([readFileSync(path), Buffer.from('trailing bytes')]));

    const result = await verifyBundle(target);

    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^The bundle is not a readable zip file: Invalid comment length\. .*\?$/);
  });

  it('reports a local log that lost the bundle head', async () => {
    const scratch = buildAuditFixture();
    try {
      const scratchPath = join(scratch.dataDir, 'evidence.zip');
      const scratchBundle = await createBundle(scratch.engine, { formats: ['json'] }, scratchPath);
      const headId = scratchBundle.manifest.log.headEventId;
      scratch.engine.db.prepare('DELETE FROM events WHERE id = ?').run(headId);

      const result = await verifyBundle(scratchPath, { db: scratch.engine.db, dataDirectoryId: readDataDirectoryId(scratch.engine.db)! });

      expect(result.ok).toBe(false);
      expect(result.localLog.state).toBe('mismatch');
      expect(result.problems[0]).toContain(`The local event log no longer has event ${headId}, the head of the bundle, so its newest events were removed after the bundle was made.`);
    } finally {
      scratch.close();
    }
  });
});
