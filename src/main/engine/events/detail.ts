import type { EventDetail } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { Engine } from '../engine.ts';
import { payloadState } from './payloads.ts';
import { collectRefs } from './refs.ts';

/**
 * Builds the detail of one event for the console: the redacted request and
 * response (while retention keeps them), the normalizations, the changes, and
 * the users, groups and workspaces it concerns with their current names.
 * Throws a not-found AdminError for an unknown id.
 */
export function describeEvent(engine: Engine, id: number): EventDetail {
  const stored = engine.events.get(id);
  if (!stored) {
    throw new AdminError('not-found', `No event has the id ${id}. It may belong to another data directory; reload the events.`);
  }
  const { event, detail } = stored;
  const hasPayloadRow = engine.db.prepare('SELECT 1 FROM event_payloads WHERE event_id = ?').get(id) !== undefined;

  const refs = [...collectRefs(engine.db, { path: event.path, changes: event.changes })].map((ref) => ref.split('\u0000') as [string, string]);
  const idsOf = (type: string): string[] => refs.filter(([refType]) => refType === type).map(([, key]) => key);
  const userName = engine.db.prepare('SELECT user_name FROM users WHERE id = ?').pluck();
  const groupName = engine.db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck();
  const workspaceName = engine.db.prepare('SELECT name FROM workspaces WHERE id = ?').pluck();

  return {
    event,
    request: asRecord(detail.request),
    response: asRecord(detail.response),
    payload: payloadState(detail, hasPayloadRow),
    normalizations: Array.isArray(detail.normalizations) ? detail.normalizations.map(String) : [],
    actor: typeof detail.actor === 'string' ? detail.actor : null,
    users: idsOf('user').map((userId) => ({ id: userId, userName: (userName.get(userId) as string | undefined) ?? null })),
    groups: idsOf('group').map((groupId) => ({ id: groupId, displayName: (groupName.get(groupId) as string | undefined) ?? null })),
    workspaces: idsOf('workspace').map((workspaceId) => ({ id: workspaceId, name: (workspaceName.get(workspaceId) as string | undefined) ?? null })),
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
