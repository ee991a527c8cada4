/**
 * Opening a store made by a version that stored no role for organization admins in the
 * workspaces created after they became organization admins: the roles are stored and
 * recorded once, and reports and past views agree with Permissions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_ADMIN_ROLES_REPAIR, STORE_REPAIR_ACTOR } from '../../src/main/engine/access/repair-roles.ts';
import { verifyChain } from '../../src/main/engine/audit/chain.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { createThroughScim } from '../events/in-process.ts';
import { PastAccess } from '../../src/main/engine/explorer/past-views.ts';
import { openDatabase } from '../../src/main/engine/store/database.ts';
import { exportJson } from '../audit/helpers.ts';
import { TestClock } from '../access/directory-fixture.ts';


let dataDir: string;
let clock: TestClock;
let engine: Engine | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-repair-'));
  clock = new TestClock();
});

afterEach(() => {
  engine?.close();
  engine = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Creates a workspace as earlier versions did: the workspace and its `admin.change` event,
 * with no role recomputed and no change recorded.
 */
function createWorkspaceTheOldWay(target: Engine, name: string): string {
  const now = clock.iso();
  return target.db.transaction(() => {
    const workspace = target.workspaces.create(name, now);
    target.events.append({ kind: 'admin.change', connectionId: null, summary: `Created the workspace "${name}"`, changes: [], extra: { actor: 'cli (ada)' } }, now);
    return workspace.id;
  })();
}

/**
 * Builds a store the old way: Ada maps to organization admin, Grace to nothing, then
 * Sandbox is created without Ada's admin role in it. Returns the ids and closes the store.
 */
function buildOldStore(): { ada: string; sandbox: string; dataScience: string } {
  const old = Engine.open(dataDir, { clock });
  try {
    const { token } = old.createConnection('okta', 'Okta', 'test');
    const ada = createThroughScim(old, token, '/Users', { userName: 'ada@example.com', active: true });
    createThroughScim(old, token, '/Users', { userName: 'grace@example.com', active: true });
    const dataScience = old.createWorkspace('Data Science', 'test').id;
    old.addMapping(createThroughScim(old, token, '/Groups', { displayName: 'admins', members: [{ value: ada }] }), { kind: 'organization-admin' }, 'test');
    clock.advance(60_000);
    const sandbox = createWorkspaceTheOldWay(old, 'Sandbox');
    return { ada, sandbox, dataScience };
  } finally {
    old.close();
  }
}

function storedRoles(target: Engine, userId: string): Record<string, { role: string; since: string }> {
  const rows = target.db.prepare('SELECT scope, role, since FROM effective_roles WHERE user_id = ?').all(userId) as { scope: string; role: string; since: string }[];
  return Object.fromEntries(rows.map((row) => [row.scope, { role: row.role, since: row.since }]));
}

function eventCount(target: Engine): number {
  return target.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
}

/** Counts the events of a store without opening an engine on it. */
function eventCountIn(directory: string): number {
  const db = openDatabase(directory);
  try {
    return db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('Engine.open on a store made by an earlier version', () => {
  it('stores the missing organization admin roles', () => {
    const { ada, sandbox, dataScience } = buildOldStore();
    const repairedAt = clock.advance(60_000);

    engine = Engine.open(dataDir, { clock });

    expect(storedRoles(engine, ada)[sandbox]).toEqual({ role: 'admin', since: repairedAt });
    expect(storedRoles(engine, ada)[dataScience]?.role).toBe('admin');
    expect(storedRoles(engine, ada)[dataScience]?.since).not.toBe(repairedAt);
  });

  it('records the repair as one admin change', () => {
    const { ada, sandbox } = buildOldStore();
    const repairedAt = clock.advance(60_000);

    engine = Engine.open(dataDir, { clock });

    const last = engine.db.prepare('SELECT kind, at, summary, detail FROM events ORDER BY id DESC LIMIT 1').get() as { kind: string; at: string; summary: string; detail: string };
    const detail = JSON.parse(last.detail) as { actor: string; repair: string; changes: { type: string; userId: string; workspaceId?: string; role?: string }[] };
    expect(last.kind).toBe('admin.change');
    expect(last.at).toBe(repairedAt);
    expect(last.summary).toContain('recorded 1 workspace role of 1 organization admin');
    expect(detail.actor).toBe(STORE_REPAIR_ACTOR);
    expect(detail.repair).toBe(ORGANIZATION_ADMIN_ROLES_REPAIR);
    expect(detail.changes).toEqual([expect.objectContaining({ type: 'role.gained', userId: ada, workspaceId: sandbox, role: 'admin', viaOrganizationAdmin: true })]);
    expect(verifyChain(engine.db).ok).toBe(true);
  });

  it('repairs once across opens', () => {
    buildOldStore();
    const before = eventCountIn(dataDir);
    clock.advance(60_000);
    engine = Engine.open(dataDir, { clock });
    const afterRepair = eventCount(engine);
    engine.close();

    clock.advance(60_000);
    engine = Engine.open(dataDir, { clock });

    expect(afterRepair).toBe(before + 1);
    expect(eventCount(engine)).toBe(afterRepair);
  });

  it('lets past views agree with Permissions', () => {
    const { ada, sandbox } = buildOldStore();
    const repairedAt = clock.advance(60_000);

    engine = Engine.open(dataDir, { clock });

    const live = engine.directory.getUserPermissions(ada).workspaces.find((access) => access.workspaceId === sandbox);
    const past = new PastAccess(engine.db, repairedAt).userPermissions(ada).workspaces.find((access) => access.workspaceId === sandbox);
    expect(live).toMatchObject({ role: 'admin', since: repairedAt, viaOrganizationAdmin: true });
    expect(past).toEqual(live);
  });

  it('lists the roles in the access and change reports', async () => {
    buildOldStore();
    clock.advance(60_000);

    engine = Engine.open(dataDir, { clock });

    const access = await exportJson(engine, dataDir, { kind: 'access' });
    const changes = await exportJson(engine, dataDir, { kind: 'changes' });
    const sandboxAccess = access.sections.access!.rows.filter((row) => row.scope === 'Sandbox');
    const sandboxChanges = changes.sections.changes!.rows.filter((row) => row.scope === 'Sandbox');
    expect(sandboxAccess).toEqual([expect.objectContaining({ userName: 'ada@example.com', role: 'admin', viaOrganizationAdmin: true })]);
    expect(sandboxChanges).toEqual([expect.objectContaining({ userName: 'ada@example.com', change: 'gained', role: 'admin' })]);
  });

  it('leaves a store with every role stored alone', () => {
    const current = Engine.open(dataDir, { clock });
    const { token } = current.createConnection('okta', 'Okta', 'test');
    const ada = createThroughScim(current, token, '/Users', { userName: 'ada@example.com', active: true });
    current.addMapping(createThroughScim(current, token, '/Groups', { displayName: 'admins', members: [{ value: ada }] }), { kind: 'organization-admin' }, 'test');
    current.createWorkspace('Sandbox', 'test');
    const before = eventCount(current);
    current.close();

    engine = Engine.open(dataDir, { clock });

    expect(eventCount(engine)).toBe(before);
  });

  it('records nothing when the workspace rule is off', () => {
    const { ada, sandbox } = buildOldStore();
    // Written without the engine, because opening it would repair the store first.
    const old = openDatabase(dataDir);
    old.prepare("INSERT INTO settings (key, value) VALUES ('organizationAdminsAreWorkspaceAdmins', 'false')").run();
    old.close();
    const before = eventCountIn(dataDir);

    engine = Engine.open(dataDir, { clock });

    expect(storedRoles(engine, ada)[sandbox]).toBeUndefined();
    expect(eventCount(engine)).toBe(before);
  });
});
