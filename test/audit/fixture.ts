/**
 * A directory for the audit tests, built through real SCIM requests on an
 * engine with a clock the test controls, so every time in a report is known.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/main/engine/clock.ts';
import { Engine } from '../../src/main/engine/engine.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A clock that keeps one time until the test sets another. */
export interface ManualClock extends Clock {
  set(iso: string): void;
}

export function createManualClock(start: string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso);
    },
  };
}

/** Sends SCIM requests with a connection's token, in process, and returns the parsed body; throws on an unexpected status. */
export function createScimCaller(engine: Engine, token: string) {
  return (method: string, path: string, body: unknown, expected: number): Record<string, unknown> => {
    const response = engine.handleScim({
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      baseUrl: 'http://127.0.0.1:8417/scim/v2',
    });
    if (response.status !== expected) {
      throw new Error(`${method} ${path} returned ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
    }
    return (response.body ?? {}) as Record<string, unknown>;
  };
}

/** Moments at which the fixture changed the directory. */
export const TIMES = {
  provisioned: '2025-01-10T09:00:00.000Z',
  mapped: '2025-01-10T10:00:00.000Z',
  deactivated: '2025-02-01T08:00:00.000Z',
  moved: '2025-03-15T12:30:00.000Z',
  report: '2025-03-31T18:00:00.000Z',
};

/** The names the fixture uses. */
export const NAMES = {
  connection: 'Okta production',
  dataScience: 'Data Science',
  engineering: 'Engineering',
  orgAdmins: 'app-acme-organization-admin',
  dsEditors: 'app-acme-data-science-editor',
  dsViewers: 'app-acme-data-science-viewer',
  engAdmins: 'app-acme-engineering-admin',
  everyone: 'Everyone',
  /** A display name that a spreadsheet would run as a formula. */
  formula: '=HYPERLINK("http://evil.test","open")',
};

export interface AuditFixture {
  engine: Engine;
  clock: ManualClock;
  dataDir: string;
  users: { ada: string; grace: string; linus: string; mallory: string };
  groups: { orgAdmins: string; dsEditors: string; dsViewers: string; engAdmins: string; everyone: string };
  workspaces: { dataScience: string; engineering: string };
  connectionId: string;
  /** Sends SCIM requests with the connection's token. */
  scim: ReturnType<typeof createScimCaller>;
  close(): void;
}

/**
 * Builds the directory on a fresh data directory:
 * - 09:00 Jan 10: Ada, Grace, Linus and Mallory, four app-acme-… groups and Everyone;
 * - 10:00 Jan 10: the four app-acme groups mapped (organization admin, Data Science editor and viewer, Engineering admin);
 * - Feb 1: Linus deactivated; Mar 15: Grace removed from the editors, so she drops to viewer.
 */
export function buildAuditFixture(): AuditFixture {
  const clock = createManualClock(TIMES.provisioned);
  const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-audit-'));
  const engine = Engine.open(dataDir, { clock });

  const dataScience = engine.createWorkspace(NAMES.dataScience, 'test').id;
  const engineering = engine.createWorkspace(NAMES.engineering, 'test').id;
  const { connection, token } = engine.createConnection('okta', NAMES.connection, 'test');
  const scim = createScimCaller(engine, token);

  const createUser = (userName: string, displayName: string): string =>
    scim('POST', '/Users', { schemas: [USER_SCHEMA], userName, displayName, active: true, emails: [{ value: userName, primary: true }] }, 201).id as string;
  const ada = createUser('ada@example.com', 'Ada Lovelace');
  const grace = createUser('grace@example.com', 'Grace Hopper');
  const linus = createUser('linus@example.com', 'Linus Torvalds');
  const mallory = createUser('mallory@example.com', NAMES.formula);

  const createGroup = (displayName: string, members: string[]): string =>
    scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) }, 201).id as string;
  const groups = {
    orgAdmins: createGroup(NAMES.orgAdmins, [ada]),
    dsEditors: createGroup(NAMES.dsEditors, [ada, grace]),
    dsViewers: createGroup(NAMES.dsViewers, [grace, linus]),
    engAdmins: createGroup(NAMES.engAdmins, [linus]),
    everyone: createGroup(NAMES.everyone, [ada, grace, linus, mallory]),
  };

  clock.set(TIMES.mapped);
  engine.addMapping(groups.orgAdmins, { kind: 'organization-admin' }, 'test');
  engine.addMapping(groups.dsEditors, { kind: 'workspace', workspaceId: dataScience, role: 'editor' }, 'test');
  engine.addMapping(groups.dsViewers, { kind: 'workspace', workspaceId: dataScience, role: 'viewer' }, 'test');
  engine.addMapping(groups.engAdmins, { kind: 'workspace', workspaceId: engineering, role: 'admin' }, 'test');

  clock.set(TIMES.deactivated);
  scim('PATCH', `/Users/${linus}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] }, 200);

  clock.set(TIMES.moved);
  scim('PATCH', `/Groups/${groups.dsEditors}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq "${grace}"]` }] }, 204);

  clock.set(TIMES.report);
  return {
    engine,
    clock,
    dataDir,
    users: { ada, grace, linus, mallory },
    groups,
    workspaces: { dataScience, engineering },
    connectionId: connection.id,
    scim,
    close: () => {
      engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
