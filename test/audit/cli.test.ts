import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync, type SyncCliResult } from '../helpers/cli.ts';
import { buildAuditFixture, type AuditFixture } from './fixture.ts';

let fixture: AuditFixture;

function scimdesk(...args: string[]): SyncCliResult {
  return runCliSync(args, fixture.dataDir);
}

beforeAll(() => {
  fixture = buildAuditFixture();
  // The CLI opens the store itself, as it would beside a running server.
  fixture.engine.close();
});

afterAll(() => {
  rmSync(fixture.dataDir, { recursive: true, force: true });
});

describe('scimdesk report', () => {
  it('writes an access report and reports progress on stderr', () => {
    const out = join(fixture.dataDir, 'access.csv');

    const run = scimdesk('report', 'access', '--format', 'csv', '--out', out);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote the access report (csv, 15 rows,`);
    expect(run.stdout).toMatch(/SHA-256 of the file:\s+[0-9a-f]{64}/);
    expect(run.stderr).toContain('Writing the access report: 15 of 15 rows (100%)');
    expect(readFileSync(out, 'utf8')).toContain('ada@example.com,Ada Lovelace,Okta production,true,Organization,admin');
  });

  it('prints the export as JSON with --json', () => {
    const out = join(fixture.dataDir, 'changes.json');

    const run = scimdesk('report', 'changes', '--from', '2025-02-01', '--to', '2025-03-31', '--format', 'json', '--out', out, '--json');

    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ kind: 'changes', format: 'json', rowCount: 3, path: out });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.filters).toEqual({ from: '2025-02-01T00:00:00.000Z', to: '2025-03-31T23:59:59.999Z' });
  });

  it('rejects an unknown format with exit code 2', () => {
    const run = scimdesk('report', 'access', '--format', 'xml', '--out', join(fixture.dataDir, 'x.xml'));

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("argument 'xml' is invalid");
  });

  it('rejects a filter of another report with exit code 2', () => {
    const run = scimdesk('report', 'mappings', '--as-of', '2025-01-01', '--format', 'csv', '--out', join(fixture.dataDir, 'm.csv'));

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--as-of'");
  });

  it('rejects an as-of time before the event log starts', () => {
    const out = join(fixture.dataDir, 'before-log.csv');

    const run = scimdesk('report', 'access', '--as-of', '2020-01-01T00:00:00Z', '--format', 'csv', '--out', out);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^scimdesk: The event log starts at 2025-01-10T09:00:00\.000Z, so access as of 2020-01-01T00:00:00\.000Z cannot be rebuilt from it\./);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a date that does not exist', () => {
    const run = scimdesk('report', 'access', '--as-of', '2025-02-30', '--format', 'csv', '--out', join(fixture.dataDir, 'a.csv'));

    expect(run.status).toBe(1);
    expect(run.stderr).toBe('scimdesk: The --as-of time "2025-02-30" is not a real date. Check the day and month.\n');
  });

  it('rejects an as-of time in the future', () => {
    const out = join(fixture.dataDir, 'future.csv');

    const run = scimdesk('report', 'access', '--as-of', '2999-01-01T00:00:00Z', '--format', 'csv', '--out', out);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^scimdesk: The --as-of time "2999-01-01T00:00:00Z" is later than now \(.+\)\. The event log can rebuild access only up to now, so choose an earlier time\.\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a time without a zone', () => {
    const run = scimdesk('report', 'access', '--as-of', '2025-02-01T10:00', '--format', 'csv', '--out', join(fixture.dataDir, 'a.csv'));

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('It has no time zone: add "Z" for UTC or an offset such as "+02:00".');
  });

  it('explains that there is no review yet', () => {
    const out = join(fixture.dataDir, 'review.csv');

    const run = scimdesk('report', 'review', '--format', 'csv', '--out', out);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('There is no access review yet.');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an output folder that does not exist', () => {
    const run = scimdesk('report', 'access', '--format', 'pdf', '--out', join(fixture.dataDir, 'missing', 'a.pdf'));

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('for --out does not exist');
  });
});

describe('scimdesk bundle and verify', () => {
  it('verifies an intact log', () => {
    const run = scimdesk('verify');

    expect(run.status).toBe(0);
    // 18 events of the fixture and one that records each report exported by the tests above.
    expect(run.stdout).toMatch(/^The event log's digest chain is intact: all (\d+) events up to head event \1 \(digest [0-9a-f]{64}\) matched their digests/);
    expect(Number(/intact: all (\d+) events/.exec(run.stdout)?.[1])).toBeGreaterThan(18);
  });

  it('finds an anchor digest and rejects an unknown one', () => {
    const { headDigest: head, headId } = JSON.parse(scimdesk('verify', '--json').stdout) as { headDigest: string; headId: number };

    const found = scimdesk('verify', '--anchor', head);
    const missing = scimdesk('verify', '--anchor', 'b'.repeat(64));

    expect(found.status).toBe(0);
    expect(found.stdout).toContain(`The digest ${head} is the digest of event ${headId}`);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain(`No event of the log has the digest ${'b'.repeat(64)}.`);
  });

  it('writes a bundle that verify accepts against its data directory', () => {
    const out = join(fixture.dataDir, 'evidence.zip');

    const created = scimdesk('bundle', '--out', out, '--formats', 'csv,json');
    const checked = scimdesk('verify', '--bundle', out);
    const json = JSON.parse(scimdesk('verify', '--bundle', out, '--json').stdout);

    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Wrote the evidence bundle (8 files,');
    expect(created.stdout).toMatch(/SHA-256 of its manifest: [0-9a-f]{64}/);
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('The bundle is intact: 8 files match the SHA-256 digests of its manifest.');
    expect(checked.stdout).toContain('The local event log still contains event');
    expect(checked.stdout).toMatch(/and event \d+ recorded this manifest's SHA-256 when the bundle was made\./);
    expect(json).toMatchObject({ ok: true, problems: [], localLog: { state: 'matched' } });
  });

  it('rejects a damaged bundle with exit code 3', () => {
    const out = join(fixture.dataDir, 'damaged.zip');
    expect(scimdesk('bundle', '--out', out, '--formats', 'json').status).toBe(0);
    appendFileSync(out, 'trailing bytes');

    const run = scimdesk('verify', '--bundle', out);

    expect(run.status).toBe(3);
    expect(run.stdout).toContain('The bundle failed its check:');
    expect(run.stderr).toContain(`The bundle ${out} was rejected: The bundle is not a readable zip file`);
  });

  it('rejects a bad --formats list with exit code 2', () => {
    const run = scimdesk('bundle', '--out', join(fixture.dataDir, 'x.zip'), '--formats', 'csv,docx');

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--formats "csv,docx" is not valid');
  });

  it('locates a changed event and exits with code 3', () => {
    const db = new Database(join(fixture.dataDir, 'scimdesk.db'));
    db.prepare("UPDATE events SET summary = 'Nothing to see' WHERE id = 12").run();
    db.close();

    const run = scimdesk('verify');
    const json = scimdesk('verify', '--json');

    expect(run.status).toBe(3);
    expect(run.stdout).toContain('The event log was changed: Event 12 breaks the chain: its stored fields do not hash to its digest');
    expect(run.stderr).toContain('The event log failed its check at event 12.');
    expect(json.status).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, breakCount: 1, breaks: [{ eventId: 12, problems: ['digest'] }] });
  });
});
