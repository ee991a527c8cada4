/**
 * An engine on an in-memory store with one SCIM connection, a clock the test moves,
 * and helpers that provision users and groups through the real SCIM router
 * (requests handled in-process) and make admin changes through the engine.
 */
import type { Clock } from '../../src/main/engine/clock.ts';
import type { ProviderId } from '../../src/main/engine/connections/connections.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { ScimResponse } from '../../src/main/engine/scim/context.ts';
import type { Grant } from '../../src/shared/model.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Clock that keeps its time until the test advances it. */
export class TestClock implements Clock {
  private time: number;

  constructor(start = '2025-03-01T09:00:00.000Z') {
    this.time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.time);
  }

  /** Moves the clock forward by `ms` milliseconds (default one second) and returns the new time as ISO 8601. */
  advance(ms = 1000): string {
    this.time += ms;
    return new Date(this.time).toISOString();
  }

  iso(): string {
    return new Date(this.time).toISOString();
  }
}

export class DirectoryFixture {
  readonly engine: Engine;
  readonly clock: TestClock;
  private readonly token: string;

  private constructor(engine: Engine, clock: TestClock, token: string) {
    this.engine = engine;
    this.clock = clock;
    this.token = token;
  }

  static open(clock = new TestClock()): DirectoryFixture {
    const engine = Engine.openInMemory({ clock });
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    return new DirectoryFixture(engine, clock, token);
  }

  close(): void {
    this.engine.close();
  }

  /** Creates another connection and returns a fixture that provisions through it into the same engine. */
  addConnection(provider: ProviderId, name: string): DirectoryFixture {
    const { token } = this.engine.createConnection(provider, name, 'test');
    return new DirectoryFixture(this.engine, this.clock, token);
  }

  /** Sends one SCIM request in-process and throws unless the status is 2xx. */
  scim(method: string, path: string, body?: unknown): ScimResponse {
    const response = this.engine.handleScim({
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      baseUrl: 'http://127.0.0.1:8417/scim/v2',
    });
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response;
  }

  createUser(userName: string, options: { active?: boolean; displayName?: string; externalId?: string } = {}): string {
    const body = {
      schemas: [USER_SCHEMA],
      userName,
      active: options.active ?? true,
      ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
      ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
    };
    return (this.scim('POST', '/Users', body).body as { id: string }).id;
  }

  createGroup(displayName: string, memberIds: string[] = [], externalId?: string): string {
    const body = { schemas: [GROUP_SCHEMA], displayName, members: memberIds.map((value) => ({ value })), ...(externalId === undefined ? {} : { externalId }) };
    return (this.scim('POST', '/Groups', body).body as { id: string }).id;
  }

  addMembers(groupId: string, userIds: string[]): void {
    this.scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: userIds.map((value) => ({ value })) }],
    });
  }

  removeMember(groupId: string, userId: string): void {
    this.scim('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
    });
  }

  setActive(userId: string, active: boolean): void {
    this.scim('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: active }] });
  }

  deleteUser(userId: string): void {
    this.scim('DELETE', `/Users/${userId}`);
  }

  deleteGroup(groupId: string): void {
    this.scim('DELETE', `/Groups/${groupId}`);
  }

  workspace(name: string): string {
    return this.engine.createWorkspace(name, 'test').id;
  }

  map(groupId: string, grant: Grant): string {
    return this.engine.addMapping(groupId, grant, 'test').id;
  }

  /** Stored effective roles of a user: scope → role. */
  storedRoles(userId: string): Record<string, string> {
    const rows = this.engine.db.prepare('SELECT scope, role FROM effective_roles WHERE user_id = ? ORDER BY scope').all(userId) as {
      scope: string;
      role: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.scope, row.role]));
  }
}

/** Grant of a workspace role, for brevity in tests. */
export function workspaceGrant(workspaceId: string, role: 'viewer' | 'editor' | 'admin'): Grant {
  return { kind: 'workspace', workspaceId, role };
}

export const ORGANIZATION_ADMIN: Grant = { kind: 'organization-admin' };
