/**
 * Measures the check of current access against the event log on a generated
 * store: `node bench/access-check.ts [users]` (20,000 users by default). It
 * provisions the users through in-process SCIM requests, puts them in groups of
 * 500, maps half of the groups to roles in five workspaces, then times
 * `checkCurrentAccessNow` and, for comparison, the chain check of the same log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkCurrentAccessNow } from '../src/main/engine/audit/access-consistency.ts';
import { verifyChainInPages } from '../src/main/engine/audit/chain.ts';
import { createReportContext } from '../src/main/engine/audit/reports/context.ts';
import { Engine } from '../src/main/engine/engine.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const GROUP_SIZE = 500;
const WORKSPACES = 5;
const ROLES = ['admin', 'editor', 'viewer'] as const;

const userCount = Number(process.argv[2] ?? 20_000);
const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-access-check-'));
const engine = Engine.open(dataDir);

try {
  const { token } = engine.createConnection('okta', 'Bench', 'bench');
  const scim = (method: string, path: string, body: unknown): Record<string, unknown> => {
    const response = engine.handleScim({
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
      baseUrl: 'http://127.0.0.1:8417/scim/v2',
    });
    if (response.status >= 300) {
      throw new Error(`${method} ${path} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return (response.body ?? {}) as Record<string, unknown>;
  };

  const built = performance.now();
  const workspaceIds = Array.from({ length: WORKSPACES }, (_, index) => engine.createWorkspace(`Workspace ${index + 1}`, 'bench').id);
  const userIds: string[] = [];
  for (let index = 0; index < userCount; index += 1) {
    userIds.push(scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: `user${index}@example.com`, active: true }).id as string);
  }
  const groupIds: string[] = [];
  for (let start = 0; start < userCount; start += GROUP_SIZE) {
    const members = userIds.slice(start, start + GROUP_SIZE).map((value) => ({ value }));
    groupIds.push(scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `group-${start / GROUP_SIZE}`, members }).id as string);
  }
  groupIds.forEach((groupId, index) => {
    if (index % 2 === 0) {
      const role = ROLES[index % ROLES.length]!;
      engine.addMapping(groupId, { kind: 'workspace', workspaceId: workspaceIds[index % WORKSPACES]!, role }, 'bench');
    }
  });
  const eventCount = engine.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  console.log(`Built ${userCount} users, ${groupIds.length} groups and ${eventCount} events in ${((performance.now() - built) / 1000).toFixed(1)} s.`);

  const context = createReportContext(engine.db, new Date().toISOString(), 'bench');
  const checkStart = performance.now();
  const result = checkCurrentAccessNow(context);
  const checkSeconds = (performance.now() - checkStart) / 1000;
  const chainStart = performance.now();
  await verifyChainInPages(engine.db);
  const chainSeconds = (performance.now() - chainStart) / 1000;

  console.log(`Current access check: ${checkSeconds.toFixed(2)} s, ${result.usersCompared} users, agrees: ${result.agrees}.`);
  console.log(`Chain check of the same log: ${chainSeconds.toFixed(2)} s.`);
  console.log(`Peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; CPU: ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}.`);
} finally {
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}
