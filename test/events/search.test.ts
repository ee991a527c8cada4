/**
 * The text search of Live events and `events --search`: besides summaries and paths, it
 * finds the events about a user or group whose name contains the text, such as a GET
 * by id, whose summary names neither.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { queryEvents } from '../../src/main/engine/events/query.ts';
import { createManualClock, sendScim } from './in-process.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let dataDir: string;
let engine: Engine;
let token: string;
let graceId: string;
let groupId: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-search-'));
  engine = Engine.open(dataDir, { clock: createManualClock('2025-03-01T09:00:00.000Z') });
  token = engine.createConnection('entra', 'Entra ID', 'test').token;
  const grace = sendScim(engine, token, 'POST', '/Users', {
    schemas: [USER_SCHEMA],
    userName: 'ghopper@example.com',
    displayName: 'Grace Hopper',
    active: true,
  });
  graceId = (grace.body as { id: string }).id;
  const group = sendScim(engine, token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Compiler Team' });
  groupId = (group.body as { id: string }).id;
});

afterEach(() => {
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Returns the summaries of the events the search text finds, oldest first. */
function search(text: string): string[] {
  return queryEvents(engine.db, { text }, { limit: 100 })
    .events.map((event) => event.summary)
    .reverse();
}

function readById(type: 'Users' | 'Groups', id: string): void {
  sendScim(engine, token, 'GET', `/${type}/${id}`);
}

describe('event text search', () => {
  it('finds a read by id through the userName', () => {
    readById('Users', graceId);

    expect(search('GHOPPER')).toEqual(['Created user ghopper@example.com', `GET /Users/${graceId} answered 200`]);
  });

  it('finds events through the display name', () => {
    readById('Users', graceId);

    expect(search('grace')).toEqual(['Created user ghopper@example.com', `GET /Users/${graceId} answered 200`]);
  });

  it('finds group events through the current group name', () => {
    sendScim(engine, token, 'PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'replace', value: { displayName: 'Compilers' } }],
    });
    readById('Groups', groupId);

    expect(search('compilers')).toEqual([
      'Created group Compiler Team',
      'Renamed group Compiler Team to Compilers',
      `GET /Groups/${groupId} answered 200`,
    ]);
  });

  it('treats LIKE wildcards in names literally', () => {
    readById('Users', graceId);

    expect(search('g_opper')).toEqual([]);
    expect(search('%')).toEqual([]);
  });
});
