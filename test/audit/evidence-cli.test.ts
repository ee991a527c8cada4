/**
 * The tamper evidence of reports and bundles as an auditor checks it: the CLI run
 * as a child process on a fixture store that the test changes the way a person
 * with file access could.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliSync, type SyncCliResult } from '../helpers/cli.ts';
import { buildAuditFixture, TIMES, type AuditFixture } from './fixture.ts';
import { parseCsvReport } from './helpers.ts';
import { validateJsonSchema } from './json-schema.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');
const SCHEMA = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
const EXIT_VERIFICATION_FAILED = 3;
/** Id of the event whose time the tests change, well inside the fixture's 18 events. */
const TAMPERED_EVENT = 5;

let fixture: AuditFixture;

function scimdesk(...args: string[]): SyncCliResult {
  return runCliSync(args, null);
}

/** Runs a command on the fixture's data directory. */
function onFixture(...args: string[]): SyncCliResult {
  return scimdesk(...args, '--data', fixture.dataDir);
}

/** Changes the fixture store as an editor of the SQLite file would, on its own connection. */
function editStore(sql: string, ...parameters: unknown[]): void {
  const db = new Database(join(fixture.dataDir, 'scimdesk.db'));
  try {
    db.prepare(sql).run(...parameters);
  } finally {
    db.close();
  }
}

/** Reads one value from the fixture store on a read-only connection of its own. */
function readStore(sql: string, ...parameters: unknown[]): unknown {
  const db = new Database(join(fixture.dataDir, 'scimdesk.db'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...parameters);
  } finally {
    db.close();
  }
}

function tamperEventTime(): void {
  editStore('UPDATE events SET at = ? WHERE id = ?', '2025-01-10T09:30:00.000Z', TAMPERED_EVENT);
}

beforeEach(() => {
  fixture = buildAuditFixture();
  // The CLI opens the store itself, as it would beside a running server.
  fixture.engine.close();
});

afterEach(() => {
  fixture.close();
});

describe('report on a changed event log', () => {
  it('marks an intact log in the header', () => {
    const out = join(fixture.dataDir, 'access.csv');

    const run = onFixture('report', 'access', '--format', 'csv', '--out', out);

    const fields = parseCsvReport(readFileSync(out, 'utf8')).fields;
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Chain check:            Intact: every event up to event`);
    expect(fields.get('logChainIntact')).toBe('true');
    expect(fields.get('logChainBreakCount')).toBe('0');
    expect(fields.get('logFirstBrokenEventId')).toBe('');
  });

  it('writes CSV, warns and exits 3', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'access.csv');

    const run = onFixture('report', 'access', '--as-of', '2025-03-01', '--format', 'csv', '--out', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stderr).toContain(`The event log was changed: Event ${TAMPERED_EVENT} breaks the chain`);
    expect(run.stderr).toContain(`The access report was written to ${out}`);
    expect(run.stdout).toContain(`Chain check:            BROKEN: 1 event breaks the chain, the first at event ${TAMPERED_EVENT}`);
    const fields = parseCsvReport(readFileSync(out, 'utf8')).fields;
    expect(fields.get('logChainIntact')).toBe('false');
    expect(fields.get('logChainBreakCount')).toBe('1');
    expect(fields.get('logFirstBrokenEventId')).toBe(String(TAMPERED_EVENT));
    expect(fields.get('logFirstBreak')).toContain(`Event ${TAMPERED_EVENT} breaks the chain`);
  });

  it('marks the JSON header, valid against the schema', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'changes.json');

    const run = onFixture('report', 'changes', '--format', 'json', '--out', out, '--json');

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(JSON.parse(run.stdout).log.chainIntact).toBe(false);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.log).toMatchObject({ chainIntact: false, chainBreakCount: 1, firstBrokenEventId: TAMPERED_EVENT });
    expect(validateJsonSchema(SCHEMA, report)).toEqual([]);
  });

  it('puts a warning on top of the HTML page', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'mappings.html');

    const run = onFixture('report', 'mappings', '--format', 'html', '--out', out);

    const html = readFileSync(out, 'utf8');
    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(html).toContain(`<p class="broken-log" role="alert">BROKEN: 1 event breaks the chain, the first at event ${TAMPERED_EVENT}`);
    expect(html.indexOf('broken-log" role')).toBeLessThan(html.indexOf('<table class="facts">'));
  });

  it('puts a warning on the first PDF page', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'access.pdf');

    const run = onFixture('report', 'access', '--format', 'pdf', '--out', out);

    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(text.replace(/\s+/g, ' ')).toContain(`BROKEN: 1 event breaks the chain, the first at event ${TAMPERED_EVENT}`);
    expect(text).toContain('CHAIN BROKEN');
  });

  it('marks a log whose checked head was cut off', () => {
    expect(onFixture('verify').status).toBe(0);
    const headId = readStore('SELECT MAX(id) FROM events') as number;
    editStore('DELETE FROM events WHERE id = ?', headId);
    const out = join(fixture.dataDir, 'access.json');

    const run = onFixture('report', 'access', '--format', 'json', '--out', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).log).toMatchObject({ chainIntact: false, firstBrokenEventId: headId });
  });
});

describe('command output', () => {
  it('counts one row in the singular', () => {
    const out = join(fixture.dataDir, 'changes.csv');

    // One change falls at the moment the fixture moves a user to another group.
    const run = onFixture('report', 'changes', '--from', TIMES.moved, '--to', TIMES.moved, '--format', 'csv', '--out', out);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Wrote the changes report \(csv, 1 row, \d+ bytes\)/);
  });

  it('says what verify checked', () => {
    const run = onFixture('verify');

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^The event log's digest chain is intact: all \d+ events up to head event \d+ \(digest [0-9a-f]{64}\) matched their digests/);
    expect(run.stdout).toContain('finds a cut-off tail only back to the head of the last stored check');
    expect(run.stdout).toContain('run `scimdesk verify --anchor DIGEST`');
  });

  it('keeps stderr free of log lines', () => {
    tamperEventTime();
    // The default log level of a command, as a user gets it: the tests' environment silences the logger.
    const environment = { ...process.env };
    delete environment.VITEST;
    delete environment.SCIMDESK_LOG_LEVEL;

    for (const args of [['verify'], ['verify', '--report', join(fixture.dataDir, 'missing-from-log.csv')]]) {
      writeFileSync(join(fixture.dataDir, 'missing-from-log.csv'), 'not a report\n');
      const run = spawnSync(process.execPath, [CLI, ...args, '--data', fixture.dataDir], { env: environment, encoding: 'utf8' });

      expect(run.status, args.join(' ')).toBe(EXIT_VERIFICATION_FAILED);
      expect(run.stderr, args.join(' ')).not.toContain('"level"');
      expect(run.stderr, args.join(' ')).toMatch(/^scimdesk: /);
    }
  });
});

describe('verify --report', () => {
  function exportAccessCsv(): { out: string; sha256: string } {
    const out = join(fixture.dataDir, 'access.csv');
    const run = onFixture('report', 'access', '--format', 'csv', '--out', out, '--json');
    expect(run.status).toBe(0);
    return { out, sha256: JSON.parse(run.stdout).sha256 as string };
  }

  /** Changes one byte of a file in place: the first digit of its row counts. */
  function editOneByte(path: string): void {
    const bytes = readFileSync(path);
    const index = bytes.indexOf('rows:access,') + 'rows:access,'.length;
    bytes[index] = bytes[index] === 0x39 ? 0x38 : bytes[index]! + 1;
    writeFileSync(path, bytes);
  }

  it('records the export in the event log', () => {
    const { sha256 } = exportAccessCsv();

    const events = onFixture('events', '--type', 'admin.change', '--json', '--limit', '1');

    const last = JSON.parse(events.stdout.trim().split('\n').at(-1)!);
    expect(last.summary).toMatch(new RegExp(`^Exported the access report \\(csv\\) at event log head \\d+, file SHA-256 ${sha256}$`));
    expect(last.actor).toMatch(/^cli \(/);
    expect(last.changes[0].type).toBe('report.exported');
  });

  it('passes an unchanged report', () => {
    const { out, sha256 } = exportAccessCsv();

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`The report is intact: its SHA-256 ${sha256} is the one that event`);
    expect(run.stdout).toContain('the access report (csv)');
  });

  it('rejects a report with one byte changed', () => {
    const { out } = exportAccessCsv();
    editOneByte(out);

    const run = onFixture('verify', '--report', out, '--json');

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(false);
    expect(result.recorded).toBeNull();
    expect(result.problems[0]).toContain(`No event of the event log records a report export whose file has the SHA-256 ${result.sha256}`);
    expect(run.stderr).toContain('was rejected: No event of the event log records a report export');
  });

  it('checks every format', () => {
    for (const format of ['json', 'html', 'pdf']) {
      const out = join(fixture.dataDir, `mappings.${format}`);
      expect(onFixture('report', 'mappings', '--format', format, '--out', out).status).toBe(0);

      const run = onFixture('verify', '--report', out);

      expect(run.status, format).toBe(0);
    }
  });

  it('claims nothing without --data', () => {
    const { out, sha256 } = exportAccessCsv();

    const run = scimdesk('verify', '--report', out);

    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('intact');
    expect(run.stderr).toContain('The report was not checked, because --data is missing');
    expect(run.stderr).toContain(sha256);
  });

  it('rejects a report of a log changed later', () => {
    const { out } = exportAccessCsv();
    tamperEventTime();

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain(`The event log failed its check, so its records cannot vouch for the file: Event ${TAMPERED_EVENT} breaks the chain`);
  });

  it('rejects a report made from a broken log', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'access.csv');
    expect(onFixture('report', 'access', '--format', 'csv', '--out', out).status).toBe(EXIT_VERIFICATION_FAILED);

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain('but the event log was already broken when it was made (first at event 5)');
  });

  /** Makes a bundle with CSV reports and writes its access report to a file of its own, as unzipping would. */
  async function reportFromBundle(): Promise<{ out: string; bundleEventId: number }> {
    const bundlePath = join(fixture.dataDir, 'evidence.zip');
    const run = onFixture('bundle', '--out', bundlePath, '--formats', 'csv', '--json');
    expect(run.status).toBe(0);
    const zip = await yauzl.openPromise(bundlePath, { lazyEntries: true });
    const out = join(fixture.dataDir, 'access-from-bundle.csv');
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName === 'reports/access.csv') {
          const chunks: Buffer[] = [];
          for await (const chunk of await zip.openReadStreamPromise(entry)) {
            chunks.push(chunk as Buffer);
          }
          writeFileSync(out, Buffer.concat(chunks));
        }
      }
    } finally {
      zip.close();
    }
    return { out, bundleEventId: readStore('SELECT MAX(id) FROM events') as number };
  }

  it('passes a report taken out of a bundle', async () => {
    const { out, bundleEventId } = await reportFromBundle();

    const run = onFixture('verify', '--report', out);
    const json = JSON.parse(onFixture('verify', '--report', out, '--json').stdout);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`is the one that event ${bundleEventId} recorded`);
    expect(run.stdout).toContain(`for reports/access.csv, the access report (csv) that is part of the evidence bundle recorded by event ${bundleEventId}`);
    expect(json.recorded.bundlePath).toBe('reports/access.csv');
  });

  it('rejects an edited report from a bundle', async () => {
    const { out } = await reportFromBundle();
    editOneByte(out);

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain('No event of the event log records a report export whose file has the SHA-256');
    expect(run.stdout).toContain('`scimdesk verify --bundle FILE --data DIR`');
  });

  it('rejects a report from a bundle of a log changed later', async () => {
    const { out } = await reportFromBundle();
    tamperEventTime();

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain(`The event log failed its check, so its records cannot vouch for the file: Event ${TAMPERED_EVENT} breaks the chain`);
  });

  it('rejects --report with --bundle', () => {
    const run = onFixture('verify', '--report', 'a.csv', '--bundle', 'b.zip');

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Give only one of --bundle, --report and --anchor');
  });
});

describe('bundle and verify --bundle', () => {
  function makeBundle(): { out: string; manifestSha256: string; headEventId: number } {
    const out = join(fixture.dataDir, 'evidence.zip');
    const run = onFixture('bundle', '--out', out, '--formats', 'csv', '--json');
    expect(run.status).toBe(0);
    const bundle = JSON.parse(run.stdout);
    return { out, manifestSha256: bundle.manifestSha256 as string, headEventId: bundle.manifest.log.headEventId as number };
  }

  it('names the broken event and exits 3', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'evidence.zip');

    const run = onFixture('bundle', '--out', out, '--formats', 'csv');

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(existsSync(out)).toBe(true);
    expect(run.stdout).toContain(`Warning: the event log was broken when the bundle was made: event ${TAMPERED_EVENT} breaks the chain. See log/verification.json in the bundle.`);
    expect(run.stderr).toContain(`The evidence bundle was written to ${out}`);
  });

  it('lists several broken events', () => {
    editStore("UPDATE events SET summary = summary || ' (edited)' WHERE id IN (4, 9)");
    const out = join(fixture.dataDir, 'evidence.zip');

    const run = onFixture('bundle', '--out', out, '--formats', 'csv');

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain('Warning: the event log was broken when the bundle was made: 2 events break the chain: 4 and 9.');
  });

  it('does not call a bundle intact without the log', () => {
    const { out, manifestSha256 } = makeBundle();

    const text = scimdesk('verify', '--bundle', out);
    const json = JSON.parse(scimdesk('verify', '--bundle', out, '--json').stdout);

    expect(text.status).toBe(0);
    expect(text.stdout).not.toContain('The bundle is intact');
    expect(text.stdout).toContain(`The files of the bundle match its manifest: ${json.filesChecked} files match the SHA-256 digests of its manifest.`);
    expect(text.stdout).toContain(`SHA-256 of its manifest: ${manifestSha256}`);
    expect(text.stdout).toContain('not that the bundle is intact');
    expect(json.manifestSha256).toBe(manifestSha256);
    expect(json.filesChecked).toBe(json.manifest.files.length);
    expect(json.localLog.state).toBe('not-checked');
  });

  it('calls a bundle intact against its log', () => {
    const { out, manifestSha256 } = makeBundle();

    const run = onFixture('verify', '--bundle', out);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^The bundle is intact: \d+ files match the SHA-256 digests of its manifest\./);
    expect(run.stdout).toContain(`SHA-256 of its manifest: ${manifestSha256}`);
  });

  it('rejects a bundle of a log changed later', () => {
    const { out } = makeBundle();
    tamperEventTime();

    const text = onFixture('verify', '--bundle', out);
    const json = onFixture('verify', '--bundle', out, '--json');

    expect(text.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(text.stdout).not.toContain('The bundle is intact');
    expect(text.stdout).toContain(`The local event log failed its check, so its records cannot vouch for the bundle: Event ${TAMPERED_EVENT} breaks the chain`);
    expect(text.stderr).toContain('was rejected: The local event log failed its check');
    expect(json.status).toBe(EXIT_VERIFICATION_FAILED);
    const result = JSON.parse(json.stdout);
    expect(result.ok).toBe(false);
    expect(result.localChain.ok).toBe(false);
    expect(result.localChain.breaks[0].eventId).toBe(TAMPERED_EVENT);
  });

  it('rejects a bundle made from a broken log', () => {
    tamperEventTime();
    const out = join(fixture.dataDir, 'evidence.zip');
    expect(onFixture('bundle', '--out', out, '--formats', 'csv').status).toBe(EXIT_VERIFICATION_FAILED);
    const brokenManifest = `The manifest records that the event log was already broken when the bundle was made (first at event ${TAMPERED_EVENT})`;

    const withLog = onFixture('verify', '--bundle', out, '--json');
    const alone = scimdesk('verify', '--bundle', out);

    expect(withLog.status).toBe(EXIT_VERIFICATION_FAILED);
    const result = JSON.parse(withLog.stdout);
    expect(result.ok).toBe(false);
    expect(result.manifest.log.chainIntact).toBe(false);
    expect(result.problems).toContain(`${brokenManifest}, so its reports may show changed data. log/verification.json in the bundle lists the breaks.`);
    expect(alone.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(alone.stdout).toContain(brokenManifest);
  });

  it('blames a cut log, not the manifest', () => {
    const { out, headEventId } = makeBundle();
    editStore('DELETE FROM events WHERE id > ?', headEventId);

    const run = onFixture('verify', '--bundle', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain(`but the log ends at event ${headEventId}, the head of the bundle`);
    expect(run.stdout).toContain('the log most likely lost its newest events');
    expect(run.stdout).toContain('scimdesk verify --anchor DIGEST');
    expect(run.stdout).not.toContain('so the manifest was changed after the bundle was made');
  });

  it('suggests --anchor when the bundle head is gone', () => {
    const { out, headEventId } = makeBundle();
    editStore('DELETE FROM events WHERE id >= ?', headEventId);

    const run = onFixture('verify', '--bundle', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain(`The local event log no longer has event ${headEventId}, the head of the bundle`);
    expect(run.stdout).toContain('scimdesk verify --anchor DIGEST');
  });
});

describe('current access against the log', () => {
  /** Gives Grace the admin role in Data Science in the stored roles only, as an editor of the SQLite file would. */
  function editGraceRole(): void {
    editStore("UPDATE effective_roles SET role = 'admin' WHERE user_id = ? AND scope = ?", fixture.users.grace, fixture.workspaces.dataScience);
  }

  it('agrees on an unchanged store', () => {
    const out = join(fixture.dataDir, 'access.csv');

    const report = onFixture('report', 'access', '--format', 'csv', '--out', out);
    const verify = onFixture('verify');

    expect(report.status).toBe(0);
    expect(report.stdout).toContain('Current access check:   Agrees with the event log');
    const fields = parseCsvReport(readFileSync(out, 'utf8')).fields;
    expect(fields.get('detail:Current access check')).toMatch(/^Agrees with the event log: .* all 4 users/);
    expect(fields.get('detail:Rows from current tables')).toContain('effective_roles');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('Current access agrees with the event log: the stored roles of all 4 users match');
  });

  it('flags an edited role in the access report', () => {
    editGraceRole();
    const out = join(fixture.dataDir, 'access.csv');

    const run = onFixture('report', 'access', '--format', 'csv', '--out', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain('Current access check:   DIFFERS from the event log: 1 user differs (grace@example.com)');
    expect(run.stderr).toContain('The current access of 1 user differs from the access rebuilt from the event log');
    expect(run.stderr).toContain(`The access report was written to ${out}`);
    const fields = parseCsvReport(readFileSync(out, 'utf8')).fields;
    expect(fields.get('detail:Current access check')).toContain('DIFFERS from the event log: 1 user differs (grace@example.com)');
    expect(fields.get('logChainIntact')).toBe('true');
  });

  it('leaves past access reports alone', () => {
    editGraceRole();
    const out = join(fixture.dataDir, 'access.csv');

    const run = onFixture('report', 'access', '--as-of', TIMES.moved, '--format', 'csv', '--out', out);

    expect(run.status).toBe(0);
    expect(parseCsvReport(readFileSync(out, 'utf8')).fields.has('detail:Current access check')).toBe(false);
  });

  it('rejects the report in verify --report', () => {
    editGraceRole();
    const out = join(fixture.dataDir, 'access.csv');
    expect(onFixture('report', 'access', '--format', 'csv', '--out', out).status).toBe(EXIT_VERIFICATION_FAILED);

    const run = onFixture('verify', '--report', out);

    expect(run.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(run.stdout).toContain('but the current access of 1 user differed from the event log when it was made');
  });

  it('lists the differing user in verify', () => {
    editGraceRole();

    const text = onFixture('verify');
    const json = onFixture('verify', '--json');

    expect(text.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(text.stdout).toContain('Current access differs from the event log for 1 user:');
    expect(text.stdout).toContain(`  grace@example.com (${fixture.users.grace}):`);
    expect(text.stdout).toContain('    Data Science: stored admin (granted by app-acme-data-science-viewer');
    expect(text.stderr).toContain('The current access of 1 user differs from the access rebuilt from the event log');
    expect(json.status).toBe(EXIT_VERIFICATION_FAILED);
    const result = JSON.parse(json.stdout);
    expect(result.ok).toBe(true);
    expect(result.currentAccess.agrees).toBe(false);
    expect(result.currentAccess.differingUsers[0].userId).toBe(fixture.users.grace);
  });

  it('fails a bundle with edited access', () => {
    editGraceRole();
    const out = join(fixture.dataDir, 'evidence.zip');

    const bundle = onFixture('bundle', '--out', out, '--formats', 'csv');
    const verify = scimdesk('verify', '--bundle', out);

    expect(bundle.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(bundle.stderr).toContain(`The evidence bundle was written to ${out}`);
    expect(verify.status).toBe(EXIT_VERIFICATION_FAILED);
    expect(verify.stdout).toContain('The manifest records that the current access of 1 user differed from the event log when the bundle was made');
  });
});

describe('closed stdout', () => {
  it('exits quietly when the reader is gone', async () => {
    // Closing the read end before the CLI writes makes its first write fail with EPIPE, as after `| head`.
    const child = spawn(process.execPath, [CLI, 'events', '--limit', '50', '--data', fixture.dataDir], {
      env: { ...process.env, SCIMDESK_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });

    const [code] = (await once(child, 'close')) as [number | null];

    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
