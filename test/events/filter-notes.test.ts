import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { countEvents, describeUnknownFilterValues } from '../../src/main/engine/events/query.ts';
import { sendScim } from './in-process.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('describeUnknownFilterValues', () => {
  let dataDir: string;
  let engine: Engine;
  let deletedUserId: string;
  let deletedGroupId: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-filter-notes-'));
    engine = Engine.open(dataDir);
    engine.createWorkspace('Data Science', 'test');
    const token = engine.createConnection('okta', 'Okta', 'test').token;
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
    const gone = sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'gone@example.com', active: true });
    deletedUserId = (gone.body as { id: string }).id;
    sendScim(engine, token, 'DELETE', `/Users/${deletedUserId}`);
    const group = sendScim(engine, token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Old team' });
    deletedGroupId = (group.body as { id: string }).id;
    sendScim(engine, token, 'DELETE', `/Groups/${deletedGroupId}`);
  });

  afterEach(async () => {
    engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names a workspace that does not exist', () => {
    const notes = describeUnknownFilterValues(engine.db, { workspace: 'No such' });

    expect(notes).toEqual(['No workspace is named "No such" or has that id. Workspaces: "Data Science".']);
  });

  it('names an unknown user, group and type', () => {
    const notes = describeUnknownFilterValues(engine.db, { user: 'nobody@example.com', group: 'Nobody', type: 'bogus' });

    expect(notes).toHaveLength(3);
    expect(notes[0]).toBe('No user has the userName or id "nobody@example.com", now or in the event log.');
    expect(notes[1]).toBe('No group has the displayName or id "Nobody", now or in the event log.');
    expect(notes[2]).toMatch(/^No event in the log has the type "bogus"\. Types in the log: .*user\.created/);
  });

  it('accepts current names in any case', () => {
    expect(describeUnknownFilterValues(engine.db, { user: 'ADA@example.com', workspace: 'data science', type: 'user.created' })).toEqual([]);
  });

  it('accepts users and groups deleted since', () => {
    expect(countEvents(engine.db, { user: 'gone@example.com' })).toBeGreaterThan(0);
    expect(describeUnknownFilterValues(engine.db, { user: 'gone@example.com' })).toEqual([]);
    expect(describeUnknownFilterValues(engine.db, { user: deletedUserId })).toEqual([]);
    expect(describeUnknownFilterValues(engine.db, { group: 'old team' })).toEqual([]);
    expect(describeUnknownFilterValues(engine.db, { group: deletedGroupId })).toEqual([]);
  });
});
