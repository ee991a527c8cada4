/**
 * `node bench/store-writes.ts [--users N]`: counts the write-ahead log (WAL)
 * pages that ScimDesk's store writes per SCIM request, in process and without
 * HTTP. Page counts do not depend on CPU load, so they show write amplification
 * even on a busy machine where timings are noisy.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/engine/engine.ts';
import { DATABASE_FILE } from '../src/main/engine/store/database.ts';
import { addMembersOperation, groupBody, patchBody, userBody, userNameLookupPath, userNameOf } from './bodies.ts';
import { mean } from './driver.ts';
import { MEMBER_BATCH_SIZE } from './workloads.ts';

/** Returns the size in bytes of one WAL frame: the page plus the 24-byte frame header of SQLite's WAL file format. */
function frameBytes(pageSizeBytes: number): number {
  return pageSizeBytes + 24;
}

/** Requests whose WAL pages are averaged for the single-request figures. */
const SAMPLE_REQUESTS = 1_000;

const { values } = parseArgs({ options: { users: { type: 'string', default: '20000' } } });
const users = Number(values.users);
if (!Number.isInteger(users) || users < SAMPLE_REQUESTS) {
  console.error(`--users must be an integer of at least ${SAMPLE_REQUESTS}, got "${values.users}".`);
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-store-writes-'));
const engine = Engine.open(dataDir);
const { token } = engine.createConnection('entra', 'Bench', 'bench');
const walPath = join(dataDir, `${DATABASE_FILE}-wal`);
const frame = frameBytes(engine.db.pragma('page_size', { simple: true }) as number);

function send(method: string, pathWithQuery: string, body?: unknown): unknown {
  const [path, query] = pathWithQuery.split('?');
  const response = engine.handleScim({
    method,
    path: path!,
    query: new URLSearchParams(query ?? ''),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    bodyTooLarge: false,
    baseUrl: 'http://127.0.0.1/scim/v2',
  });
  if (response.status >= 400) {
    throw new Error(`${method} ${pathWithQuery} failed with status ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Returns the WAL pages that `action` wrote, with checkpoints off so that the WAL only grows. */
function walPagesOf(action: () => void): number {
  const before = statSync(walPath).size;
  action();
  return (statSync(walPath).size - before) / frame;
}

/** Creation requests sent together in the batched sample, as the benchmark's 8 requests in flight. */
const IN_FLIGHT = 8;

/**
 * Creates IN_FLIGHT users at once through the path the HTTP server takes, so that they
 * share one commit, and returns the WAL pages written per user.
 */
async function walPagesPerBatchedCreation(firstIndex: number): Promise<number> {
  const before = statSync(walPath).size;
  const responses = await Promise.all(
    Array.from({ length: IN_FLIGHT }, (_, offset) =>
      engine.handleScimBatched({
        method: 'POST',
        path: '/Users',
        query: new URLSearchParams(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(userBody('batched', firstIndex + offset, undefined)),
        bodyTooLarge: false,
        baseUrl: 'http://127.0.0.1/scim/v2',
      }),
    ),
  );
  const failed = responses.find((response) => response.status !== 201);
  if (failed) {
    throw new Error(`A batched POST /Users failed with status ${failed.status}: ${JSON.stringify(failed.body)}`);
  }
  return (statSync(walPath).size - before) / frame / IN_FLIGHT;
}

try {
  engine.db.pragma('wal_autocheckpoint = 0');
  const ids: string[] = [];
  const createPages: number[] = [];
  for (let index = 0; index < users; index++) {
    const pages = walPagesOf(() => ids.push(String((send('POST', '/Users', userBody('bench', index, undefined)) as { id: string }).id)));
    if (index >= users - SAMPLE_REQUESTS) {
      createPages.push(pages);
    }
  }
  const batchedCreatePages: number[] = [];
  for (let index = 0; index < SAMPLE_REQUESTS; index += IN_FLIGHT) {
    batchedCreatePages.push(await walPagesPerBatchedCreation(index));
  }
  const lookupPages = Array.from({ length: SAMPLE_REQUESTS }, (_, index) =>
    walPagesOf(() => send('GET', userNameLookupPath(userNameOf('bench', index)))),
  );

  const groupId = (send('POST', '/Groups', groupBody(0)) as { id: string }).id;
  const batchPages: number[] = [];
  for (let start = 0; start < ids.length; start += MEMBER_BATCH_SIZE) {
    const body = patchBody(addMembersOperation(ids.slice(start, start + MEMBER_BATCH_SIZE)));
    batchPages.push(walPagesOf(() => send('PATCH', `/Groups/${groupId}`, body)));
  }

  const rows: [string, number[]][] = [
    [`POST /Users (last ${SAMPLE_REQUESTS})`, createPages],
    [`POST /Users, ${IN_FLIGHT} sharing a commit (${SAMPLE_REQUESTS})`, batchedCreatePages],
    [`GET /Users?filter=userName eq "…" (${SAMPLE_REQUESTS})`, lookupPages],
    [`PATCH /Groups adding ${MEMBER_BATCH_SIZE} members, first 10 batches`, batchPages.slice(0, 10)],
    [`PATCH /Groups adding ${MEMBER_BATCH_SIZE} members, last 10 batches`, batchPages.slice(-10)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`Mean WAL pages (${frame - 24} bytes each) written per request, with ${users} users:`);
  for (const [label, pages] of rows) {
    console.log(`  ${label.padEnd(width)}  ${mean(pages).toFixed(1).padStart(6)}`);
  }
} finally {
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}
