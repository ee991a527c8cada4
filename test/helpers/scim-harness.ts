/**
 * A running SCIM service provider for tests: an engine on a fresh data
 * directory, its SCIM endpoint on 127.0.0.1 with a free port, one connection
 * with its token, and readers of what the store contains.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SyncEvent } from '../../src/shared/api.ts';
import type { ConnectionRecord, ProviderId } from '../../src/main/engine/connections/connections.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { GroupRepository } from '../../src/main/engine/scim/resources/group-repository.ts';
import { UserRepository, type StoredUser } from '../../src/main/engine/scim/resources/user-repository.ts';
import { startScimServer, type ScimServer } from '../../src/main/http/scim-server.ts';
import { groupBody, userBody } from './scim-bodies.ts';
import { createScimClient, type Json, type ScimSend } from './scim-client.ts';

/** A connection with its bearer token and a client that sends that token. */
export interface TestConnection {
  connection: ConnectionRecord;
  token: string;
  scim: ScimSend;
}

/** An event with its stored detail (request, response, normalizations). */
export interface StoredEvent {
  event: SyncEvent;
  detail: Json;
}

export interface ScimHarness extends TestConnection {
  engine: Engine;
  server: ScimServer;
  /** Absolute SCIM base URL, such as http://127.0.0.1:40123/scim/v2. */
  baseUrl: string;
  dataDir: string;
  /** Creates another connection, whose client sends its own token. */
  addConnection(provider: ProviderId, name: string): TestConnection;
  /** Creates a user through POST /Users and returns its id; throws unless the status is 201. */
  createUser(userName: string, attributes?: Record<string, unknown>): Promise<string>;
  /** Creates a group through POST /Groups and returns its id; throws unless the status is 201. */
  createGroup(displayName: string, memberIds?: string[]): Promise<string>;
  /** Reads a user from the store by id, whatever its connection. */
  storedUser(id: string): StoredUser | undefined;
  /** Reads a group's member ids from the store, sorted. */
  storedMemberIds(groupId: string): string[];
  /** Reads a group's displayName from the store, or undefined when the group does not exist. */
  storedGroupName(groupId: string): string | undefined;
  /** Returns the newest event with its detail. */
  latestEvent(): StoredEvent;
  /** Returns the newest events, newest first. */
  recentEvents(limit?: number): SyncEvent[];
  close(): Promise<void>;
}

/** Opens an engine on a new temporary data directory and starts its SCIM endpoint. */
export async function startScimHarness(provider: ProviderId = 'okta'): Promise<ScimHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-test-'));
  const engine = Engine.open(dataDir);
  const server = await startScimServer(engine, { host: '127.0.0.1', port: 0 });
  const baseUrl = server.baseUrl;

  const addConnection = (connectionProvider: ProviderId, name: string): TestConnection => {
    const { connection, token } = engine.createConnection(connectionProvider, name, 'test');
    return { connection, token, scim: createScimClient(baseUrl, token) };
  };
  const first = addConnection(provider, 'Test');
  const users = new UserRepository(engine.db);
  const groups = new GroupRepository(engine.db);

  const createResource = async (path: string, body: Record<string, unknown>): Promise<string> => {
    const reply = await first.scim('POST', path, body);
    if (reply.status !== 201) {
      throw new Error(`POST ${path} returned ${reply.status}: ${JSON.stringify(reply.json)}`);
    }
    return reply.json.id as string;
  };

  return {
    ...first,
    engine,
    server,
    baseUrl,
    dataDir,
    addConnection,
    createUser: (userName, attributes) => createResource('/Users', userBody(userName, attributes)),
    createGroup: (displayName, memberIds) => createResource('/Groups', groupBody(displayName, memberIds)),
    storedUser: (id) => users.getById(id),
    storedMemberIds: (groupId) => groups.memberRefs(groupId).map((ref) => ref.id).sort(),
    storedGroupName: (groupId) => {
      const row = engine.db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck().get(groupId);
      return row === undefined ? undefined : String(row);
    },
    latestEvent: () => {
      const newest = engine.events.headId();
      const stored = engine.events.get(newest);
      if (!stored) {
        throw new Error('The event log is empty.');
      }
      return stored;
    },
    recentEvents: (limit = 50) => engine.events.list(undefined, limit).events,
    close: async () => {
      await server.close();
      engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
