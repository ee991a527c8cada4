import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleOutput, ReportExport } from '../../src/shared/api.ts';
import { createConsoleHandlers } from '../../src/main/engine/admin/console-handlers.ts';
import { startConsoleServer, type ConsoleServer } from '../../src/main/http/console-server.ts';
import { buildAuditFixture, type AuditFixture } from './fixture.ts';
import { parseCsvReport } from './helpers.ts';

let fixture: AuditFixture;
let server: ConsoleServer;
let origin: string;
let cookie: string;

async function post<T>(method: string, input: unknown): Promise<{ status: number; body: T }> {
  const response = await request(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  return { status: response.statusCode, body: (await response.body.json()) as T };
}

async function waitForExport(id: string): Promise<ReportExport> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { body } = await post<ReportExport>('getReportExport', { id });
    if (body.state !== 'running') {
      return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`The export ${id} did not finish within 5 s.`);
}

beforeAll(async () => {
  fixture = buildAuditFixture();
  const handlers = createConsoleHandlers(fixture.engine, { version: 'test', transport: 'http', actor: 'console' });
  server = await startConsoleServer(fixture.engine, handlers, 0);
  origin = new URL(server.url).origin;
  const login = await request(server.url, { method: 'GET' });
  await login.body.dump();
  cookie = String(login.headers['set-cookie']).split(';')[0]!;
});

afterAll(async () => {
  await server.close();
  fixture.close();
});

describe('console exports over HTTP', () => {
  it('export a CSV report that downloads with the session cookie', async () => {
    const started = await post<ReportExport>('exportReport', { kind: 'access', format: 'csv' });

    const done = await waitForExport(started.body.id);
    const download = await request(`${origin}/api/reports/${done.fileName}`, { headers: { cookie } });
    const bytes = Buffer.from(await download.body.arrayBuffer());
    const text = bytes.toString('utf8');

    expect(started.status).toBe(200);
    expect(started.body.state).toBe('running');
    expect(done).toMatchObject({ state: 'done', rowsWritten: 15, totalRows: 15, error: null, fileName: 'access-20250331T180000Z.csv' });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${done.fileName}"`);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(bytes.equals(readFileSync(done.filePath))).toBe(true);
    expect(text.startsWith('\uFEFFfield,value')).toBe(true);
    expect(parseCsvReport(text).sections.get('access')).toHaveLength(7);
  });

  it('mark an export made from a changed log', async () => {
    const eventId = 3;
    const at = fixture.engine.db.prepare('SELECT at FROM events WHERE id = ?').pluck().get(eventId) as string;
    fixture.engine.db.prepare('UPDATE events SET at = ? WHERE id = ?').run('2025-01-10T09:30:00.000Z', eventId);
    try {
      const started = await post<ReportExport>('exportReport', { kind: 'access', format: 'json' });
      const done = await waitForExport(started.body.id);

      expect(done.state).toBe('done');
      expect(done.logWarning).toContain(`BROKEN: 1 event breaks the chain, the first at event ${eventId}`);
      expect(JSON.parse(readFileSync(done.filePath, 'utf8')).log.chainIntact).toBe(false);
    } finally {
      fixture.engine.db.prepare('UPDATE events SET at = ? WHERE id = ?').run(at, eventId);
    }
  });

  it('mark an export with edited access', async () => {
    const { grace } = fixture.users;
    const { dataScience } = fixture.workspaces;
    fixture.engine.db.prepare("UPDATE effective_roles SET role = 'admin' WHERE user_id = ? AND scope = ?").run(grace, dataScience);
    try {
      const started = await post<ReportExport>('exportReport', { kind: 'access', format: 'json' });
      const done = await waitForExport(started.body.id);

      expect(done.state).toBe('done');
      expect(done.logWarning).toBe(
        "The current access of 1 user differs from the access rebuilt from the event log, so the store's tables were changed without a recorded event.",
      );
    } finally {
      fixture.engine.db.prepare("UPDATE effective_roles SET role = 'viewer' WHERE user_id = ? AND scope = ?").run(grace, dataScience);
    }
  });

  it('leave the warning empty for an intact log', async () => {
    const started = await post<ReportExport>('exportReport', { kind: 'mappings', format: 'csv' });

    const done = await waitForExport(started.body.id);

    expect(done.state).toBe('done');
    expect(done.logWarning).toBeNull();
  });

  it('record the export with its digest in the event log', async () => {
    const started = await post<ReportExport>('exportReport', { kind: 'changes', format: 'html' });
    const done = await waitForExport(started.body.id);

    const record = fixture.engine.events.list(undefined, 1).events[0]!;
    const detail = fixture.engine.events.get(record.id)!.detail as { report?: { sha256: string; kind: string; format: string } };
    expect(record.actor).toBe('console');
    expect(record.changes[0]?.type).toBe('report.exported');
    expect(detail.report).toMatchObject({ sha256: done.sha256, kind: 'changes', format: 'html' });
  });

  it('name a second export of the same second apart', async () => {
    const first = await waitForExport((await post<ReportExport>('exportReport', { kind: 'mappings', format: 'json' })).body.id);
    const second = await waitForExport((await post<ReportExport>('exportReport', { kind: 'mappings', format: 'json' })).body.id);

    expect(first.fileName).toBe('mappings-20250331T180000Z.json');
    expect(second.fileName).toBe('mappings-20250331T180000Z-2.json');
  });

  it('export a bundle and list it', async () => {
    const started = await post<ReportExport>('exportBundle', { formats: ['json'] });

    const done = await waitForExport(started.body.id);
    const list = await post<ReportExport[]>('listReportExports', {});

    expect(done).toMatchObject({ kind: 'bundle', format: 'zip', state: 'done' });
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(list.body[0]!.id).toBe(done.id);
  });

  it('refuse a download without the session cookie', async () => {
    const response = await request(`${origin}/api/reports/access-20250331T180000Z.csv`);

    expect(response.statusCode).toBe(401);
    await response.body.dump();
  });

  it('serve only files the exporter names', async () => {
    for (const name of ['..%2Fscimdesk.db', 'scimdesk.db', 'access-20250331T180000Z.csv.partial', 'nope-20250101T000000Z.csv']) {
      const response = await request(`${origin}/api/reports/${name}`, { headers: { cookie } });
      await response.body.dump();
      expect(response.statusCode, name).toBe(404);
    }
  });

  it('reject an invalid time before starting', async () => {
    const response = await post<{ error: { code: string; message: string } }>('exportReport', { kind: 'access', format: 'pdf', asOf: 'last week' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('The as-of time "last week" is not valid. Use an ISO 8601 date such as 2025-03-31, a date-time such as 2025-03-31T17:00:00Z, or an age such as 7d.');
  });

  it('reject an as-of time in the future', async () => {
    const response = await post<{ error: { code: string; message: string } }>('exportReport', { kind: 'access', format: 'csv', asOf: '2999-01-01T00:00:00Z' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^The as-of time "2999-01-01T00:00:00Z" is later than now \(.+\)\. The event log can rebuild access only up to now, so choose an earlier time\.$/);
  });

  it('reject an as-of time before the event log starts', async () => {
    const first = fixture.engine.db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string;
    const message = `The event log starts at ${first}, so access as of 2020-01-01T23:59:59.999Z cannot be rebuilt from it. Choose a time at or after ${first}.`;

    const report = await post<{ error: { message: string } }>('exportReport', { kind: 'access', format: 'csv', asOf: '2020-01-01' });
    const bundle = await post<{ error: { message: string } }>('exportBundle', { asOf: '2020-01-01' });

    expect(report.status).toBe(400);
    expect(report.body.error.message).toBe(message);
    expect(bundle.status).toBe(400);
    expect(bundle.body.error.message).toBe(message);
  });

  it('reject a reversed bundle period before starting', async () => {
    const response = await post<{ error: { message: string } }>('exportBundle', { from: '2025-06-02T00:00:00Z', to: '2025-06-01T00:00:00Z' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'The period starts at 2025-06-02T00:00:00.000Z, after its end at 2025-06-01T00:00:00.000Z. Choose a start that is not after the end.',
    );
  });

  it('reject a review export when there is no review', async () => {
    const response = await post<{ error: { code: string } }>('exportReport', { kind: 'review', format: 'csv' });

    expect(response.status).toBe(404);
  });

  it('reveal files only in the desktop app', async () => {
    const started = await post<ReportExport>('exportReport', { kind: 'access', format: 'json' });
    await waitForExport(started.body.id);

    const response = await post<{ error: { message: string } }>('revealReportFile', { id: started.body.id });

    expect(response.status).toBe(422);
    expect(response.body.error.message).toContain('Only the desktop app can open a folder.');
  });

  it('show the log head and run a check on request', async () => {
    const head = await post<ConsoleOutput<'getLogHead'>>('getLogHead', {});
    await post('verifyLog', {});
    let after = head.body;
    for (let attempt = 0; attempt < 100 && (after.verifying || after.lastVerification === null); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = (await post<ConsoleOutput<'getLogHead'>>('getLogHead', {})).body;
    }

    expect(head.body.headEventId).toBe(fixture.engine.events.headId());
    expect(head.body.dataDirectoryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.lastVerification).toMatchObject({ ok: true, requestedBy: 'console', headId: head.body.headEventId });
  });
});
