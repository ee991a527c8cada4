import { PROVIDERS } from '../../../shared/providers/index.ts';
import { ORGANIZATION_SCOPE } from '../access/recompute.ts';
import type { ConnectionRecord } from '../connections/connections.ts';
import type { Engine } from '../engine.ts';
import type { Db } from '../store/database.ts';
import type { AlertCondition } from './rules.ts';

/**
 * The rule "the organization has no admin". Guardrails reject an admin change that removes the
 * last organization admin, but SCIM changes from the identity provider are always applied, so a
 * provider can remove that admin. This rule reports it until a user has the role again.
 *
 * It is raised only once the organization had an admin, which the event log shows by an
 * organization-admin role lost. A new store, or one whose organization-admin group has not been
 * pushed members yet, has never had one, so it raises nothing while the admin sets it up.
 */

/** The latest event in which a user lost the organization admin role. */
interface AdminLoss {
  eventId: number;
  at: string;
  kind: string;
  summary: string;
  connectionId: string | null;
  actor: string | null;
  userNames: string[];
}

/** Per store: the highest event id already searched for admin losses, and the latest loss found up to it. */
interface LossSearch {
  searchedThrough: number;
  latest: AdminLoss | undefined;
}

// Events never change once appended, so each evaluation searches only the events appended since the last one.
const searches = new WeakMap<Db, LossSearch>();

/** Returns the condition "the organization has no admin" when no user has the role but one had it before. */
export function noOrganizationAdminConditions(engine: Engine): AlertCondition[] {
  const admins = engine.db.prepare('SELECT COUNT(*) FROM effective_roles WHERE scope = ?').pluck().get(ORGANIZATION_SCOPE) as number;
  if (admins > 0) {
    return [];
  }
  const loss = latestAdminLoss(engine.db);
  if (loss === undefined) {
    return [];
  }

  return [{
    rule: 'no-organization-admin',
    subject: ORGANIZATION_SCOPE,
    connectionId: null,
    severity: 'critical',
    title: 'The organization has no admin.',
    message: `${describeLoss(engine, loss)} ${describeMappedGroups(engine)} ${describeNextStep(engine, loss)}`,
  }];
}

function latestAdminLoss(db: Db): AdminLoss | undefined {
  const search = searches.get(db) ?? { searchedThrough: 0, latest: undefined };
  const lastEventId = (db.prepare('SELECT MAX(id) FROM events').pluck().get() as number | null) ?? 0;
  const rows = db
    .prepare(
      `SELECT e.id, e.at, e.kind, e.summary, e.connection_id AS connectionId, json_extract(e.detail, '$.actor') AS actor,
         json_extract(c.value, '$.userName') AS userName
       FROM event_refs r CROSS JOIN events e ON e.id = r.event_id, json_each(e.detail, '$.changes') c
       WHERE r.ref_type = 'change' AND r.ref_key = 'role.lost' AND r.event_id > ? AND r.event_id <= ?
         AND json_extract(c.value, '$.type') = 'role.lost' AND json_extract(c.value, '$.scope') = ?
       ORDER BY e.id DESC`,
    )
    .all(search.searchedThrough, lastEventId, ORGANIZATION_SCOPE) as {
    id: number;
    at: string;
    kind: string;
    summary: string;
    connectionId: string | null;
    actor: string | null;
    userName: string | null;
  }[];

  const newest = rows[0];
  if (newest !== undefined) {
    const sameEvent = rows.filter((row) => row.id === newest.id);
    search.latest = {
      eventId: newest.id,
      at: newest.at,
      kind: newest.kind,
      summary: newest.summary,
      connectionId: newest.connectionId,
      actor: newest.actor,
      userNames: sameEvent.map((row) => row.userName ?? 'a user'),
    };
  }
  search.searchedThrough = lastEventId;
  searches.set(db, search);
  return search.latest;
}

/** Names who lost the role, when, and through which request or change. */
function describeLoss(engine: Engine, loss: AdminLoss): string {
  const losers = loss.userNames.join(', ');
  const connection = connectionOf(engine, loss.connectionId);
  let cause = `event ${loss.eventId} ("${loss.summary}")`;
  if (loss.kind === 'scim.request') {
    cause = `a SCIM request from ${connection?.name ?? 'a deleted connection'} (event ${loss.eventId}: "${loss.summary}")`;
  } else if (loss.actor !== null) {
    cause = `an admin change by ${loss.actor} (event ${loss.eventId}: "${loss.summary}")`;
  }
  return `${losers} lost the organization admin role at ${loss.at} through ${cause}, and no user has it now.`;
}

/** Names the groups mapped to organization admin, whose members would be admins. */
function describeMappedGroups(engine: Engine): string {
  const groups = engine.db
    .prepare(
      `SELECT g.display_name AS name, c.name AS connection FROM mappings m
       JOIN groups g ON g.id = m.group_id JOIN connections c ON c.id = g.connection_id
       WHERE m.workspace_id IS NULL ORDER BY g.display_name_key`,
    )
    .all() as { name: string; connection: string }[];
  if (groups.length === 0) {
    return 'No existing group is mapped to organization admin.';
  }
  const listed = groups.map((group) => `${group.name} from ${group.connection}`).join(', ');
  return `The groups mapped to organization admin (${listed}) have no active member.`;
}

function describeNextStep(engine: Engine, loss: AdminLoss): string {
  const connection = connectionOf(engine, loss.connectionId);
  const provider = connection === undefined ? 'the identity provider' : PROVIDERS[connection.provider].displayName;
  return (
    `If that was not intended, restore the membership or the user in ${provider}. ` +
    'Otherwise map another group to organization admin on the Mappings screen or with "scimdesk mapping add --group NAME --org-admin".'
  );
}

function connectionOf(engine: Engine, connectionId: string | null): ConnectionRecord | undefined {
  if (connectionId === null) {
    return undefined;
  }
  return engine.connections.list().find((connection) => connection.id === connectionId);
}
