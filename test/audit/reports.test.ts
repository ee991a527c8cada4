import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/engine/audit/chain.ts';
import { exportReport } from '../../src/main/engine/audit/export.ts';
import { deleteConnection } from '../../src/main/engine/connections/lifecycle.ts';
import { buildAuditFixture, createScimCaller, NAMES, TIMES, type AuditFixture } from './fixture.ts';
import { exportJson, exportTo, parseCsvReport } from './helpers.ts';
import { validateJsonSchema } from './json-schema.ts';

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as Record<string, unknown>;

let fixture: AuditFixture;

beforeAll(() => {
  fixture = buildAuditFixture();
});

afterAll(() => {
  fixture.close();
});

function byEventAndScope(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...rows].sort((a, b) => Number(a.eventId) - Number(b.eventId) || String(a.scope).localeCompare(String(b.scope)));
}

describe('a renamed workspace', () => {
  let renamed: AuditFixture;

  beforeAll(() => {
    renamed = buildAuditFixture();
    renamed.clock.set('2025-04-02T08:00:00.000Z');
    renamed.engine.renameWorkspace(renamed.workspaces.dataScience, 'Research', 'test');
  });

  afterAll(() => {
    renamed.close();
  });

  it('keeps its old name in access as of an earlier moment', async () => {
    const then = await exportJson(renamed.engine, renamed.dataDir, { kind: 'access', asOf: '2025-01-20T00:00:00.000Z' });
    const now = await exportJson(renamed.engine, renamed.dataDir, { kind: 'access' });

    const scopes = (report: typeof then): unknown[] => [...new Set(report.sections.access!.rows.map((row) => row.scope))];
    expect(scopes(then)).toEqual(['Organization', NAMES.dataScience, NAMES.engineering]);
    expect(then.sections.totals!.rows.map((row) => row.scope)).toContain(NAMES.dataScience);
    expect(scopes(now)).toEqual(['Organization', NAMES.engineering, 'Research']);
  });

  it('keeps its old name in changes made before the rename', async () => {
    const report = await exportJson(renamed.engine, renamed.dataDir, { kind: 'changes' });

    const scopes = new Set(report.sections.changes!.rows.map((row) => row.scope));
    expect([...scopes].sort()).toEqual([NAMES.dataScience, NAMES.engineering, 'Organization']);
  });
});

describe('access report', () => {
  it('lists each user and role of now, cell by cell', async () => {
    const { ada, grace, linus, mallory } = fixture.users;
    const { dataScience, engineering } = fixture.workspaces;

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access' });

    const base = (userId: string, userName: string, displayName: string, active = true) => ({ userId, userName, displayName, connection: NAMES.connection, active });
    expect(report.sections.access!.rows).toEqual([
      { ...base(ada, 'ada@example.com', 'Ada Lovelace'), scope: 'Organization', scopeId: 'organization', role: 'admin', grantedBy: [NAMES.orgAdmins], viaOrganizationAdmin: false, since: TIMES.mapped },
      { ...base(ada, 'ada@example.com', 'Ada Lovelace'), scope: NAMES.dataScience, scopeId: dataScience, role: 'admin', grantedBy: [], viaOrganizationAdmin: true, since: TIMES.mapped },
      { ...base(ada, 'ada@example.com', 'Ada Lovelace'), scope: NAMES.engineering, scopeId: engineering, role: 'admin', grantedBy: [], viaOrganizationAdmin: true, since: TIMES.mapped },
      { ...base(grace, 'grace@example.com', 'Grace Hopper'), scope: 'Organization', scopeId: 'organization', role: 'member', grantedBy: [], viaOrganizationAdmin: false, since: null },
      { ...base(grace, 'grace@example.com', 'Grace Hopper'), scope: NAMES.dataScience, scopeId: dataScience, role: 'viewer', grantedBy: [NAMES.dsViewers], viaOrganizationAdmin: false, since: TIMES.moved },
      { ...base(linus, 'linus@example.com', 'Linus Torvalds', false), scope: 'Organization', scopeId: 'organization', role: 'member', grantedBy: [], viaOrganizationAdmin: false, since: null },
      { ...base(mallory, 'mallory@example.com', NAMES.formula), scope: 'Organization', scopeId: 'organization', role: 'member', grantedBy: [], viaOrganizationAdmin: false, since: null },
    ]);
  });

  it('counts users per scope and role', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access' });

    expect(report.sections.totals!.rows).toEqual([
      { scope: 'Organization', role: 'admin', users: 1 },
      { scope: 'Organization', role: 'member', users: 3 },
      { scope: NAMES.dataScience, role: 'viewer', users: 1 },
      { scope: NAMES.dataScience, role: 'editor', users: 0 },
      { scope: NAMES.dataScience, role: 'admin', users: 1 },
      { scope: NAMES.engineering, role: 'viewer', users: 0 },
      { scope: NAMES.engineering, role: 'editor', users: 0 },
      { scope: NAMES.engineering, role: 'admin', users: 1 },
    ]);
    expect(report.summary.figures).toEqual([
      { label: 'Users', value: 4 },
      { label: 'Active users', value: 3 },
      { label: 'Organization admins', value: 1 },
      { label: 'Workspace roles', value: 3 },
    ]);
    expect(report.summary.charts[0]!.bars).toEqual([
      { label: NAMES.dataScience, values: [1, 0, 1] },
      { label: NAMES.engineering, values: [0, 0, 1] },
    ]);
  });

  it('rebuilds access as of a past moment from the log', async () => {
    const { ada, grace, linus } = fixture.users;
    const asOf = '2025-01-20T00:00:00.000Z';

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access', asOf });

    const cells = report.sections.access!.rows.map((row) => [row.userId, row.scope, row.role, row.grantedBy, row.since, row.active, row.viaOrganizationAdmin]);
    expect(cells).toEqual([
      [ada, 'Organization', 'admin', [NAMES.orgAdmins], TIMES.mapped, true, false],
      [ada, NAMES.dataScience, 'admin', [], TIMES.mapped, true, true],
      [ada, NAMES.engineering, 'admin', [], TIMES.mapped, true, true],
      [grace, 'Organization', 'member', [], null, true, false],
      [grace, NAMES.dataScience, 'editor', [NAMES.dsEditors], TIMES.mapped, true, false],
      [linus, 'Organization', 'member', [], null, true, false],
      [linus, NAMES.dataScience, 'viewer', [NAMES.dsViewers], TIMES.mapped, true, false],
      [linus, NAMES.engineering, 'admin', [NAMES.engAdmins], TIMES.mapped, true, false],
      [fixture.users.mallory, 'Organization', 'member', [], null, true, false],
    ]);
    expect(report.filters).toEqual({ asOf });
    expect(report.rowCounts).toEqual({ access: 9, totals: 8 });
  });

  it('counts no workspace created after the moment', async () => {
    const later = buildAuditFixture();
    later.clock.set('2025-04-03T08:00:00.000Z');
    later.engine.createWorkspace('Platform', 'test');

    const then = await exportJson(later.engine, later.dataDir, { kind: 'access', asOf: '2025-01-20T00:00:00.000Z' });
    later.close();

    const scopes = new Set(then.sections.totals!.rows.map((row) => row.scope));
    expect(scopes).toEqual(new Set(['Organization', NAMES.dataScience, NAMES.engineering]));
    expect(then.summary.charts[0]!.bars.map((bar) => bar.label)).toEqual([NAMES.dataScience, NAMES.engineering]);
  });

  it('rejects a moment before the event log starts', async () => {
    const first = fixture.engine.db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string;

    const exported = exportJson(fixture.engine, fixture.dataDir, { kind: 'access', asOf: '2025-01-01T00:00:00.000Z' });

    await expect(exported).rejects.toThrow(
      `The event log starts at ${first}, so access as of 2025-01-01T00:00:00.000Z cannot be rebuilt from it. Choose a time at or after ${first}.`,
    );
  });

  it('carries generation time, identity, filters and log head', async () => {
    const head = verifyChain(fixture.engine.db);

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access' });

    expect(report.generatedAt).toBe(TIMES.report);
    expect(report.dataDirectoryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.log).toEqual({
      headEventId: head.headId,
      headDigest: head.headDigest,
      eventCount: head.eventCount,
      chainIntact: true,
      chainBreakCount: 0,
      firstBrokenEventId: null,
      firstBreak: null,
    });
    expect(report.filters).toEqual({ asOf: null });
  });

  it('writes the same cells to CSV', async () => {
    const path = await exportTo(fixture.engine, fixture.dataDir, { kind: 'access' }, 'csv');

    const csv = parseCsvReport(readFileSync(path, 'utf8'));

    const rows = csv.sections.get('access')!;
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({ userName: 'ada@example.com', scope: 'Organization', role: 'admin', grantedBy: NAMES.orgAdmins, viaOrganizationAdmin: 'false', since: TIMES.mapped });
    expect(rows[4]).toMatchObject({ userName: 'grace@example.com', scope: NAMES.dataScience, role: 'viewer', grantedBy: NAMES.dsViewers, since: TIMES.moved });
    expect(rows[5]).toMatchObject({ userName: 'linus@example.com', active: 'false', role: 'member', since: '' });
    expect(rows[6]!.displayName).toBe(`'${NAMES.formula}`);
    expect(csv.fields.get('generatedAt')).toBe(TIMES.report);
    expect(csv.fields.get('rows:access')).toBe('7');
    // The export appended the event that records it, one after the head the report was made at.
    const recordId = fixture.engine.events.headId();
    const headDigest = fixture.engine.db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(recordId - 1);
    expect(csv.fields.get('logHeadDigest')).toBe(headDigest);
    expect(csv.sections.get('totals')).toContainEqual({ scope: NAMES.engineering, role: 'admin', users: '1' });
  });
});

describe('access report after the organization-admin rule is switched off', () => {
  let own: AuditFixture;

  beforeAll(() => {
    own = buildAuditFixture();
    own.clock.set('2025-03-20T00:00:00.000Z');
    own.engine.updateSettings({ organizationAdminsAreWorkspaceAdmins: false }, 'test', { confirmedLossCount: 1 });
  });

  afterAll(() => own.close());

  it('keeps the rule in rows of earlier moments', async () => {
    const report = await exportJson(own.engine, own.dataDir, { kind: 'access', asOf: TIMES.moved });

    const adaInDataScience = report.sections.access!.rows.find((row) => row.userId === own.users.ada && row.scopeId === own.workspaces.dataScience);
    expect(adaInDataScience).toMatchObject({ role: 'admin', viaOrganizationAdmin: true });
  });

  it('drops the rule now', async () => {
    const report = await exportJson(own.engine, own.dataDir, { kind: 'access' });

    const adaInDataScience = report.sections.access!.rows.find((row) => row.userId === own.users.ada && row.scopeId === own.workspaces.dataScience);
    // She keeps editor from her own group.
    expect(adaInDataScience).toMatchObject({ role: 'editor', viaOrganizationAdmin: false });
  });
});

describe('change report', () => {
  it('lists every access change with time, connection and cause', async () => {
    const { ada, grace, linus } = fixture.users;

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'changes' });

    const rows = byEventAndScope(report.sections.changes!.rows);
    const cells = rows.map((row) => [row.userId, row.scope, row.change, row.role, row.previousRole, row.grantedBy, row.viaOrganizationAdmin, row.at, row.connection]);
    // A lost role names the groups that had granted it.
    expect(cells).toEqual([
      [ada, NAMES.dataScience, 'gained', 'admin', null, [], true, TIMES.mapped, NAMES.connection],
      [ada, NAMES.engineering, 'gained', 'admin', null, [], true, TIMES.mapped, NAMES.connection],
      [ada, 'Organization', 'gained', 'admin', null, [NAMES.orgAdmins], false, TIMES.mapped, NAMES.connection],
      [grace, NAMES.dataScience, 'gained', 'editor', null, [NAMES.dsEditors], false, TIMES.mapped, NAMES.connection],
      [linus, NAMES.dataScience, 'gained', 'viewer', null, [NAMES.dsViewers], false, TIMES.mapped, NAMES.connection],
      [linus, NAMES.engineering, 'gained', 'admin', null, [NAMES.engAdmins], false, TIMES.mapped, NAMES.connection],
      [linus, NAMES.dataScience, 'lost', null, 'viewer', [NAMES.dsViewers], false, TIMES.deactivated, NAMES.connection],
      [linus, NAMES.engineering, 'lost', null, 'admin', [NAMES.engAdmins], false, TIMES.deactivated, NAMES.connection],
      [grace, NAMES.dataScience, 'changed', 'viewer', 'editor', [NAMES.dsViewers], false, TIMES.moved, NAMES.connection],
    ]);
    expect(rows[0]!.trigger).toBe('admin change (test)');
    expect(rows[0]!.cause).toBe(`Mapped ${NAMES.orgAdmins} from ${NAMES.connection} to organization admin`);
    expect(rows[6]!.trigger).toBe(`PATCH /Users/${linus}`);
    expect(rows[6]!.cause).toContain('Deactivated user linus@example.com');
    expect(rows[8]!.cause).toContain(`grace@example.com left ${NAMES.dsEditors}`);
  });

  it('keeps only the changes of the period, both ends included', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'changes', from: TIMES.deactivated, to: TIMES.moved });

    expect(report.sections.changes!.rows.map((row) => row.change).sort()).toEqual(['changed', 'lost', 'lost']);
    expect(report.filters).toEqual({ from: TIMES.deactivated, to: TIMES.moved });
    expect(report.summary.figures).toEqual([
      { label: 'Changes', value: 3 },
      { label: 'Access gained', value: 0 },
      { label: 'Access lost', value: 2 },
      { label: 'Role changed', value: 1 },
    ]);
  });

  it('is empty for a period without changes', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'changes', from: '2024-01-01T00:00:00.000Z', to: '2024-12-31T23:59:59.999Z' });

    expect(report.sections.changes!.rows).toEqual([]);
    expect(report.rowCounts).toEqual({ changes: 0 });
  });
});

describe('mapping report', () => {
  it('lists mappings, their changes and unmapped groups', async () => {
    const { groups, workspaces } = fixture;

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'mappings' });

    const mappingCells = report.sections.mappings!.rows.map((row) => [row.group, row.groupId, row.scope, row.role, row.members, row.groupExists, row.createdAt, row.createdBy, row.connection]);
    expect(mappingCells).toEqual([
      [NAMES.dsEditors, groups.dsEditors, NAMES.dataScience, 'editor', 1, true, TIMES.mapped, 'test', NAMES.connection],
      [NAMES.dsViewers, groups.dsViewers, NAMES.dataScience, 'viewer', 2, true, TIMES.mapped, 'test', NAMES.connection],
      [NAMES.engAdmins, groups.engAdmins, NAMES.engineering, 'admin', 1, true, TIMES.mapped, 'test', NAMES.connection],
      [NAMES.orgAdmins, groups.orgAdmins, 'Organization', 'admin', 1, true, TIMES.mapped, 'test', NAMES.connection],
    ]);
    expect(report.sections.mappingChanges!.rows.map((row) => [row.change, row.groupId, row.changedBy, row.at])).toEqual([
      ['added', groups.orgAdmins, 'test', TIMES.mapped],
      ['added', groups.dsEditors, 'test', TIMES.mapped],
      ['added', groups.dsViewers, 'test', TIMES.mapped],
      ['added', groups.engAdmins, 'test', TIMES.mapped],
    ]);
    expect(report.sections.unmappedGroups!.rows).toEqual([
      { group: NAMES.everyone, connection: NAMES.connection, members: 4, suggestedGrant: null, createdAt: TIMES.provisioned, groupId: groups.everyone },
    ]);
    expect(workspaces.dataScience).not.toBe(workspaces.engineering);
  });

  it('flags the mapping of a deleted group and records the removal of another', async () => {
    const scratch = buildAuditFixture();
    try {
      const mapping = scratch.engine.mappings.list().find((candidate) => candidate.groupId === scratch.groups.engAdmins)!;
      scratch.engine.removeMapping(mapping.id, 'console');
      scratch.engine.db.prepare('DELETE FROM groups WHERE id = ?').run(scratch.groups.dsViewers);

      const report = await exportJson(scratch.engine, scratch.dataDir, { kind: 'mappings' });

      const orphan = report.sections.mappings!.rows.find((row) => row.groupId === scratch.groups.dsViewers)!;
      expect(orphan).toMatchObject({ group: `${NAMES.dsViewers} (group deleted)`, connection: NAMES.connection, groupExists: false, members: 2 });
      expect(report.sections.mappingChanges!.rows.at(-1)).toMatchObject({ change: 'removed', changedBy: 'console', groupId: scratch.groups.engAdmins });
      expect(report.sections.unmappedGroups!.rows.map((row) => row.group)).toEqual([NAMES.engAdmins, NAMES.everyone]);
      expect(report.summary.figures).toContainEqual({ label: 'Mappings of deleted groups', value: 1 });
    } finally {
      scratch.close();
    }
  });
});

/**
 * Adds the connection "Entra ID contractors" with ada and a group named like the fixture's
 * editors, and maps that group to editor in Engineering on 2025-03-20 at 09:00.
 */
function mapEntraEditors(scratch: AuditFixture) {
  const { connection, token } = scratch.engine.createConnection('entra', 'Entra ID contractors', 'test');
  const entra = createScimCaller(scratch.engine, token);
  const entraAda = entra('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com', active: true }, 201).id as string;
  const entraEditors = entra(
    'POST',
    '/Groups',
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: NAMES.dsEditors, members: [{ value: entraAda }] },
    201,
  ).id as string;
  scratch.clock.set('2025-03-20T09:00:00.000Z');
  scratch.engine.addMapping(entraEditors, { kind: 'workspace', workspaceId: scratch.workspaces.engineering, role: 'editor' }, 'console');
  return { connectionId: connection.id, entra, entraAda, entraEditors };
}

describe('reports with two connections', () => {
  it('name the connection of each admin-caused row', async () => {
    const scratch = buildAuditFixture();
    try {
      const { engine } = scratch;
      const { entra, entraAda, entraEditors } = mapEntraEditors(scratch);
      // Once the account is gone, the row still names the connection that provisioned it.
      scratch.clock.set('2025-03-21T09:00:00.000Z');
      entra('DELETE', `/Users/${entraAda}`, undefined, 204);

      const changes = await exportJson(engine, scratch.dataDir, { kind: 'changes', from: '2025-03-20T00:00:00.000Z' });
      const mappings = await exportJson(engine, scratch.dataDir, { kind: 'mappings' });
      const csv = parseCsvReport(readFileSync(await exportTo(engine, scratch.dataDir, { kind: 'mappings' }, 'csv'), 'utf8'));

      const gained = changes.sections.changes!.rows.find((row) => row.change === 'gained')!;
      expect(gained).toMatchObject({ userId: entraAda, trigger: 'admin change (console)', connection: 'Entra ID contractors' });
      const mappingChanges = mappings.sections.mappingChanges!.rows.map((row) => [row.groupId, row.connection]);
      expect(mappingChanges).toContainEqual([scratch.groups.dsEditors, NAMES.connection]);
      expect(mappingChanges).toContainEqual([entraEditors, 'Entra ID contractors']);
      const entraChange = mappings.sections.mappingChanges!.rows.find((row) => row.groupId === entraEditors)!;
      expect(entraChange.description).toBe(`Mapped ${NAMES.dsEditors} from Entra ID contractors to editor in ${NAMES.engineering}`);
      expect(validateJsonSchema(SCHEMA, mappings)).toEqual([]);
      // The new column comes last, so that the earlier columns keep their places in CSV.
      expect(Object.keys(csv.sections.get('mappingChanges')![0]!)).toEqual(['eventId', 'at', 'change', 'description', 'changedBy', 'groupId', 'connection']);
    } finally {
      scratch.close();
    }
  });
});

describe('reports after a connection is deleted', () => {
  it('name the deleted connection of admin-caused rows', async () => {
    const scratch = buildAuditFixture();
    try {
      const { engine } = scratch;
      const { connectionId, entraAda, entraEditors } = mapEntraEditors(scratch);
      scratch.clock.set('2025-03-21T09:00:00.000Z');
      deleteConnection(engine, connectionId, 'Entra ID contractors', 'test');

      const changes = await exportJson(engine, scratch.dataDir, { kind: 'changes', from: '2025-03-20T00:00:00.000Z', to: '2025-03-20T23:00:00.000Z' });
      const mappings = await exportJson(engine, scratch.dataDir, { kind: 'mappings' });

      const gained = changes.sections.changes!.rows.find((row) => row.change === 'gained' && row.userId === entraAda)!;
      expect(gained.connection).toBe('Entra ID contractors');
      const mappingChange = mappings.sections.mappingChanges!.rows.find((row) => row.groupId === entraEditors)!;
      expect(mappingChange.connection).toBe('Entra ID contractors');
    } finally {
      scratch.close();
    }
  });
});

describe('JSON reports', () => {
  for (const request of [{ kind: 'access' }, { kind: 'access', asOf: TIMES.deactivated }, { kind: 'changes' }, { kind: 'mappings' }] as const) {
    it(`match the published schema: ${request.kind}${'asOf' in request ? ' as of' : ''}`, async () => {
      const report = await exportJson(fixture.engine, fixture.dataDir, request);

      expect(validateJsonSchema(SCHEMA, report)).toEqual([]);
    });
  }

  it('fail the schema when a row loses a column', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access' });
    delete report.sections.access!.rows[0]!.role;
    report.log.headDigest = 'not a digest';

    const errors = validateJsonSchema(SCHEMA, report);

    expect(errors).toContain('$.sections.access.rows[0]: missing required property "role"');
    expect(errors.some((error) => error.startsWith('$.log.headDigest'))).toBe(true);
  });
});

describe('report requests', () => {
  it('reject a filter the kind does not use', async () => {
    const promise = exportReport(fixture.engine, { kind: 'mappings', asOf: TIMES.report }, 'csv', join(fixture.dataDir, 'never.csv'));

    await expect(promise).rejects.toThrow('The mappings report does not use --as-of: it takes no filter.');
  });

  it('reject a period that ends before it starts', async () => {
    const promise = exportReport(fixture.engine, { kind: 'changes', from: TIMES.moved, to: TIMES.mapped }, 'csv', join(fixture.dataDir, 'never.csv'));

    await expect(promise).rejects.toThrow(`The period starts at ${TIMES.moved}, after its end at ${TIMES.mapped}.`);
  });
});
