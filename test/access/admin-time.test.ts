/**
 * One instant per admin change: the roles it stores and its event carry the same time, so
 * that a role's "since" in live views equals the one rebuilt from the event log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/main/engine/clock.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { Explorer } from '../../src/main/engine/explorer/explorer.ts';
import { sendScim } from '../events/in-process.ts';

/** Returns a clock that moves one millisecond forward each time it is read, like a busy machine's. */
function tickingClock(start: string): Clock {
  let current = Date.parse(start);
  return {
    now: () => {
      current += 1;
      return new Date(current);
    },
  };
}

let engine: Engine;
let adaId: string;
let groupId: string;

beforeEach(() => {
  engine = Engine.openInMemory({ clock: tickingClock('2025-03-01T09:00:00.000Z') });
  const { token } = engine.createConnection('okta', 'Okta', 'test');
  adaId = (sendScim(engine, token, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' }).body as { id: string }).id;
  groupId = (
    sendScim(engine, token, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Admins',
      members: [{ value: adaId }],
    }).body as { id: string }
  ).id;
});

afterEach(() => engine.close());

describe('admin change time', () => {
  it('stores roles at the time of their event', () => {
    engine.addMapping(groupId, { kind: 'organization-admin' }, 'test');

    const event = engine.events.list(undefined, 1).events[0]!;
    const live = engine.directory.getUserPermissions(adaId).organization.since;
    const rebuilt = new Explorer(engine).userPermissionsAsOf(adaId, event.at).organization.since;

    expect(live).toBe(event.at);
    expect(rebuilt).toBe(event.at);
  });

  it('moves on after the change', () => {
    engine.addMapping(groupId, { kind: 'organization-admin' }, 'test');
    const first = engine.events.list(undefined, 1).events[0]!.at;

    engine.createWorkspace('Finance', 'test');

    expect(engine.events.list(undefined, 1).events[0]!.at > first).toBe(true);
  });
});
