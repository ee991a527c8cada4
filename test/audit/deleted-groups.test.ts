/** Mappings whose group was deleted show the group's last name and connection, as the event log recorded them. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteConnection } from '../../src/main/engine/connections/lifecycle.ts';
import { loadRecordedGroups } from '../../src/main/engine/history/group-names.ts';
import { buildAuditFixture, NAMES, type AuditFixture } from './fixture.ts';
import { exportJson } from './helpers.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let fixture: AuditFixture;

beforeEach(() => {
  fixture = buildAuditFixture();
});

afterEach(() => {
  fixture.close();
});

function renameGroup(groupId: string, displayName: string): void {
  fixture.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: displayName }] }, 204);
}

describe('loadRecordedGroups', () => {
  it('returns the name after the last rename', () => {
    renameGroup(fixture.groups.dsViewers, 'ds-readers');
    fixture.scim('DELETE', `/Groups/${fixture.groups.dsViewers}`, undefined, 204);

    const recorded = loadRecordedGroups(fixture.engine.db, [fixture.groups.dsViewers, 'never-seen']);

    expect([...recorded]).toEqual([[fixture.groups.dsViewers, { displayName: 'ds-readers', connectionName: NAMES.connection }]]);
  });
});

describe('mapping report', () => {
  it('names a group deleted over SCIM', async () => {
    fixture.scim('DELETE', `/Groups/${fixture.groups.dsEditors}`, undefined, 204);

    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'mappings' });

    const orphan = report.sections.mappings!.rows.find((row) => row.groupId === fixture.groups.dsEditors);
    expect(orphan).toMatchObject({ group: `${NAMES.dsEditors} (group deleted)`, connection: NAMES.connection, groupExists: false });
  });
});

describe('scimdesk mapping list', () => {
  it('names the groups of a deleted connection', () => {
    deleteConnection(fixture.engine, fixture.connectionId, NAMES.connection, 'test');

    const run = spawnSync(process.execPath, [CLI, 'mapping', 'list', '--json', '--data', fixture.dataDir], { encoding: 'utf8', timeout: 60_000 });

    expect(run.status, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { groupId: string; group: string; connection: string | null }[];
    const groups = rows.map((row) => [row.group, row.connection]).sort();
    expect(groups).toEqual(
      [NAMES.dsEditors, NAMES.dsViewers, NAMES.engAdmins, NAMES.orgAdmins].map((name) => [`${name} (group deleted)`, NAMES.connection]).sort(),
    );
  });
});
