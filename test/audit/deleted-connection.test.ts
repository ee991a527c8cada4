/**
 * Views, reports and `scimdesk events` of moments before a connection was deleted name the
 * connection, and show its users' display names, as the event log recorded them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteConnection } from '../../src/main/engine/connections/lifecycle.ts';
import { queryEvents } from '../../src/main/engine/events/query.ts';
import { Explorer } from '../../src/main/engine/explorer/explorer.ts';
import { buildAuditFixture, NAMES, TIMES, type AuditFixture } from './fixture.ts';
import { exportJson } from './helpers.ts';
import { runCliSync, type SyncCliResult } from '../helpers/cli.ts';

const DELETED_AT = '2025-03-20T09:00:00.000Z';

let fixture: AuditFixture;

beforeEach(() => {
  fixture = buildAuditFixture();
  fixture.clock.set(DELETED_AT);
  deleteConnection(fixture.engine, fixture.connectionId, NAMES.connection, 'test');
});

afterEach(() => {
  fixture.close();
});

function scimdesk(...args: string[]): SyncCliResult {
  return runCliSync(args, fixture.dataDir);
}

describe('access report as of a moment before the deletion', () => {
  it('names the deleted connection and shows display names', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'access', asOf: TIMES.moved });

    const ada = report.sections.access!.rows.find((row) => row.userName === 'ada@example.com');
    expect(ada?.connection).toBe(NAMES.connection);
    expect(ada?.displayName).toBe('Ada Lovelace');
  });
});

describe('change report over the deletion', () => {
  it('names the deleted connection on its SCIM changes', async () => {
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'changes', from: '2025-02-01T00:00:00.000Z', to: '2025-03-16T00:00:00.000Z' });

    const connections = report.sections.changes!.rows.map((row) => row.connection);
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections)).toEqual(new Set([NAMES.connection]));
  });
});

describe('explorer as of a moment before the deletion', () => {
  it('names the connection of a user', () => {
    const permissions = new Explorer(fixture.engine).userPermissionsAsOf('ada@example.com', TIMES.moved);

    expect(permissions.user.connectionName).toBe(NAMES.connection);
    expect(permissions.user.connectionId).toBe(fixture.connectionId);
    expect(permissions.user.displayName).toBe('Ada Lovelace');
  });

  it('names the connection in the matrix', () => {
    const matrix = new Explorer(fixture.engine).matrix({ asOf: TIMES.moved });

    expect(matrix.users.map((user) => user.connectionName)).toEqual(matrix.users.map(() => NAMES.connection));
  });
});

describe('event log after the deletion', () => {
  it('names the connection on its events', () => {
    const page = queryEvents(fixture.engine.db, { connectionId: fixture.connectionId }, { limit: 1000 });

    expect(page.events.length).toBeGreaterThan(1);
    expect(page.events.every((event) => event.connectionName === NAMES.connection)).toBe(true);
  });

  it('records the name in the deletion event', () => {
    const [deletion] = queryEvents(fixture.engine.db, { type: 'connection.deleted' }, { limit: 10 }).events;

    expect(deletion?.connectionId).toBe(fixture.connectionId);
    expect(deletion?.changes[0]).toMatchObject({ type: 'connection.deleted', name: NAMES.connection });
  });
});

describe('scimdesk after the deletion', () => {
  it('events --connection accepts the deleted name', () => {
    const run = scimdesk('events', '--connection', NAMES.connection.toUpperCase(), '--json', '--limit', '1000');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { connectionName: string | null; connectionId: string });
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((event) => event.connectionId === fixture.connectionId)).toBe(true);
    expect(events.every((event) => event.connectionName === NAMES.connection)).toBe(true);
  });

  it('events prints the deleted name in its table', () => {
    const run = scimdesk('events', '--type', 'user.created', '--limit', '1');

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(NAMES.connection);
  });

  it('permissions --as-of after it lists no user of it', () => {
    const run = scimdesk('permissions', '--as-of', DELETED_AT, '--format', 'csv');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['userName,connection,active,organizationRole,workspace,role,grantedBy,reason,since']);
  });

  it('permissions --as-of names the deleted connection', () => {
    const run = scimdesk('permissions', '--as-of', TIMES.moved, '--user', 'ada@example.com', '--format', 'csv');

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`ada@example.com,${NAMES.connection},`);
  });
});
