import type { GrantReason } from '../../access/role-reasons.ts';
import { deletedConnectionNameSql } from '../../history/connection-names.ts';
import { column, type Chart, type ReportPlan, type ReportRow } from '../report-model.ts';
import { MAX_CHART_BARS } from './access.ts';
import { scopeName, sortedNames, type ReportContext } from './context.ts';
import { userConnectionNameSql } from './owner-connection.ts';

/** Change types that gain, lose or change access, as `recomputeAccess` records them. */
const ACCESS_CHANGE_TYPES = ['role.gained', 'role.lost', 'role.changed'] as const;
const CHANGE_WORDS: Record<string, string> = { 'role.gained': 'gained', 'role.lost': 'lost', 'role.changed': 'changed' };

interface ChangeRow {
  event_id: number;
  at: string;
  kind: string;
  method: string | null;
  path: string | null;
  summary: string;
  connection_name: string | null;
  actor: string | null;
  type: string;
  user_id: string | null;
  user_name: string | null;
  scope: string | null;
  role: string | null;
  previous_role: string | null;
  via: string | null;
  /** The grants behind the role as JSON (GrantReason[]); for a lost role, the grants that had given it. Absent in older events. */
  granted_by: string | null;
  /** 1 when the organization-admin rule gave the role (or, for a lost role, had given it), 0 or null otherwise. */
  via_organization_admin: number | null;
  /** The connection of the user's account, read only for an event from no connection (an admin change). */
  account_connection_name: string | null;
}

// The LIKE test skips events without role changes before SQLite parses their JSON.
const FROM_CHANGES = `FROM events e
  JOIN json_each(e.detail, '$.changes') ch
  LEFT JOIN connections c ON c.id = e.connection_id
  WHERE e.at >= @from AND e.at <= @to AND e.detail LIKE '%"role.%'
    AND json_extract(ch.value, '$.type') IN (${ACCESS_CHANGE_TYPES.map((type) => `'${type}'`).join(', ')})`;

/**
 * Plans the change report: every access gained, lost or changed in the period
 * (both ends included), in event order, with the time, the connection of the
 * user's account, the request or admin that caused it and the event's summary as the cause.
 */
export function planChangesReport(context: ReportContext, from: string | undefined, to: string | undefined): ReportPlan {
  const period = { from: from ?? '0000-01-01T00:00:00.000Z', to: to ?? '9999-12-31T23:59:59.999Z' };
  const counts = context.db
    .prepare(`SELECT json_extract(ch.value, '$.type') AS type, json_extract(ch.value, '$.scope') AS scope, COUNT(*) AS n ${FROM_CHANGES} GROUP BY 1, 2`)
    .all(period) as { type: string; scope: string | null; n: number }[];
  const total = counts.reduce((sum, row) => sum + row.n, 0);
  const perType = (type: string): number => counts.filter((row) => row.type === type).reduce((sum, row) => sum + row.n, 0);

  return {
    header: {
      kind: 'changes',
      title: 'Access change report',
      generatedAt: context.generatedAt,
      dataDirectoryId: context.dataDirectoryId,
      filters: { from: from ?? null, to: to ?? null },
      scope: `Access changes from ${from ?? 'the first event'} to ${to ?? 'the last event'}`,
      log: context.log,
      details: [],
    },
    summary: {
      figures: [
        { label: 'Changes', value: total },
        { label: 'Access gained', value: perType('role.gained') },
        { label: 'Access lost', value: perType('role.lost') },
        { label: 'Role changed', value: perType('role.changed') },
      ],
      charts: [changesChart(context, counts, period.to)],
    },
    sections: [
      {
        id: 'changes',
        title: 'Access gained, lost and changed',
        columns: [
          column('eventId', 'Event', 'number', 0.6),
          column('at', 'Time', 'time', 1.6),
          column('userName', 'User', 'text', 2),
          column('scope', 'Scope', 'text', 1.3),
          column('change', 'Change', 'text', 0.8),
          column('role', 'Role', 'text', 0.7),
          column('previousRole', 'Before', 'text', 0.7),
          column('grantedBy', 'Granted by', 'list', 1.8),
          column('connection', 'Connection', 'text', 1.2),
          column('trigger', 'Trigger', 'text', 1.6),
          column('cause', 'Cause', 'text', 2.6),
          column('userId', 'User id', 'text', 0),
          column('scopeId', 'Scope id', 'text', 0),
          // Last, so that the columns before it keep their positions for readers of older reports.
          column('viaOrganizationAdmin', 'Org admin rule', 'boolean', 0.8),
        ],
        rowCount: total,
        emptyText: 'No access was gained, lost or changed in this period.',
        rows: () => changeRows(context, period),
      },
    ],
  };
}

function* changeRows(context: ReportContext, period: { from: string; to: string }): Generator<ReportRow> {
  const rows = context.db
    .prepare(
      `SELECT e.id AS event_id, e.at, e.kind, e.method, e.path, e.summary,
         COALESCE(c.name, ${deletedConnectionNameSql('e.connection_id')}) AS connection_name,
         json_extract(e.detail, '$.actor') AS actor,
         json_extract(ch.value, '$.type') AS type, json_extract(ch.value, '$.userId') AS user_id,
         json_extract(ch.value, '$.userName') AS user_name, json_extract(ch.value, '$.scope') AS scope,
         json_extract(ch.value, '$.role') AS role, json_extract(ch.value, '$.previousRole') AS previous_role,
         json_extract(ch.value, '$.via') AS via, json_extract(ch.value, '$.grantedBy') AS granted_by,
         json_extract(ch.value, '$.viaOrganizationAdmin') AS via_organization_admin,
         CASE WHEN e.connection_id IS NULL THEN ${userConnectionNameSql("json_extract(ch.value, '$.userId')")} END AS account_connection_name
       ${FROM_CHANGES} ORDER BY e.id, ch.key`,
    )
    .iterate(period) as IterableIterator<ChangeRow>;
  for (const row of rows) {
    yield {
      eventId: row.event_id,
      at: row.at,
      userName: row.user_name ?? row.user_id,
      scope: row.scope === null ? null : scopeName(context, row.scope, row.at),
      change: CHANGE_WORDS[row.type] ?? row.type,
      role: row.role,
      previousRole: row.previous_role,
      grantedBy: grantingGroupNames(row),
      connection: row.connection_name ?? row.account_connection_name,
      trigger: describeTrigger(row),
      cause: row.summary,
      userId: row.user_id,
      scopeId: row.scope,
      viaOrganizationAdmin: row.via_organization_admin === 1,
    };
  }
}

/**
 * Names the groups behind a change: those that grant the new role, or for a lost role those that
 * had granted it. A lost role's `via` is empty, so its names come from the grants it recorded.
 */
function grantingGroupNames(row: ChangeRow): string[] {
  const via = row.via === null ? [] : (JSON.parse(row.via) as string[]);
  if (via.length > 0 || row.type !== 'role.lost' || row.granted_by === null) {
    return sortedNames(via);
  }
  return sortedNames((JSON.parse(row.granted_by) as GrantReason[]).map((grant) => grant.groupName));
}

/** Names what caused an event: the SCIM request line, or the admin host for console and CLI changes. */
function describeTrigger(row: ChangeRow): string {
  if (row.kind === 'admin.change') {
    return `admin change (${row.actor ?? 'unknown host'})`;
  }
  return [row.method, row.path].filter((part) => part !== null).join(' ');
}

/** Charts the period's changes per workspace, named as at the end of the period. */
function changesChart(context: ReportContext, counts: { type: string; scope: string | null; n: number }[], end: string): Chart {
  const perScope = new Map<string, number[]>();
  for (const row of counts) {
    const label = row.scope === null ? 'unknown scope' : scopeName(context, row.scope, end);
    const values = perScope.get(label) ?? ACCESS_CHANGE_TYPES.map(() => 0);
    const index = ACCESS_CHANGE_TYPES.indexOf(row.type as (typeof ACCESS_CHANGE_TYPES)[number]);
    values[index] = (values[index] ?? 0) + row.n;
    perScope.set(label, values);
  }
  const all = [...perScope.entries()].sort(([a], [b]) => a.localeCompare(b));
  const bars = all.slice(0, MAX_CHART_BARS).map(([label, values]) => ({ label, values }));
  return { title: 'Changes per scope', series: ['gained', 'lost', 'changed'], bars, omittedBars: all.length - bars.length };
}
