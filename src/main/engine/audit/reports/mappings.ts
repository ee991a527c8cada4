import { WORKSPACE_ROLES } from '../../../../shared/model.ts';
import { suggestGrant } from '../../access/naming.ts';
import { readSettings } from '../../access/settings.ts';
import { loadRecordedGroups, type RecordedGroup } from '../../history/group-names.ts';
import { column, type Chart, type ReportPlan, type ReportRow } from '../report-model.ts';
import { MAX_CHART_BARS } from './access.ts';
import { ORGANIZATION_LABEL, type ReportContext } from './context.ts';
import { groupConnectionNameSql } from './owner-connection.ts';

interface MappingRow {
  id: string;
  group_id: string;
  group_name: string | null;
  connection_name: string | null;
  workspace_id: string | null;
  role: string;
  created_at: string;
  created_by: string;
  member_count: number;
}

interface MappingChangeRow {
  event_id: number;
  at: string;
  actor: string | null;
  type: string;
  group_id: string | null;
  text: string;
  connection_name: string | null;
}

interface UnmappedGroupRow {
  id: string;
  display_name: string;
  connection_name: string;
  created_at: string;
  member_count: number;
}

const FROM_MAPPING_CHANGES = `FROM events e JOIN json_each(e.detail, '$.changes') ch
  WHERE e.detail LIKE '%"mapping.%' AND json_extract(ch.value, '$.type') IN ('mapping.added', 'mapping.removed')`;

const FROM_UNMAPPED_GROUPS = `FROM groups g JOIN connections c ON c.id = g.connection_id
  WHERE NOT EXISTS (SELECT 1 FROM mappings mp WHERE mp.group_id = g.id)`;

/**
 * Plans the mapping report: every mapping with who created it and when, every
 * mapping added or removed according to the event log, and the groups that no
 * mapping covers, with the grant the naming convention suggests for each.
 */
export function planMappingsReport(context: ReportContext): ReportPlan {
  const { db } = context;
  const mappings = db
    .prepare(
      `SELECT mp.id, mp.group_id, g.display_name AS group_name, c.name AS connection_name, mp.workspace_id, mp.role,
         mp.created_at, mp.created_by, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = mp.group_id) AS member_count
       FROM mappings mp LEFT JOIN groups g ON g.id = mp.group_id LEFT JOIN connections c ON c.id = g.connection_id
       ORDER BY lower(COALESCE(g.display_name, mp.group_id)), mp.workspace_id IS NOT NULL, mp.role`,
    )
    .all() as MappingRow[];
  const changeCount = db.prepare(`SELECT COUNT(*) ${FROM_MAPPING_CHANGES}`).pluck().get() as number;
  const unmappedCount = db.prepare(`SELECT COUNT(*) ${FROM_UNMAPPED_GROUPS}`).pluck().get() as number;
  const orphaned = mappings.filter((mapping) => mapping.group_name === null).length;
  const deletedGroups = loadRecordedGroups(db, new Set(mappings.filter((mapping) => mapping.group_name === null).map((mapping) => mapping.group_id)));

  return {
    header: {
      kind: 'mappings',
      title: 'Mapping report',
      generatedAt: context.generatedAt,
      dataDirectoryId: context.dataDirectoryId,
      filters: {},
      scope: `Mappings at the time of generation, ${context.generatedAt}, with every mapping change in the event log`,
      log: context.log,
      details: [],
    },
    summary: {
      figures: [
        { label: 'Mappings', value: mappings.length },
        { label: 'Mappings of deleted groups', value: orphaned },
        { label: 'Mapping changes', value: changeCount },
        { label: 'Unmapped groups', value: unmappedCount },
      ],
      charts: [mappingsChart(context, mappings)],
    },
    sections: [
      {
        id: 'mappings',
        title: 'Mappings',
        columns: [
          column('group', 'Group', 'text', 2.4),
          column('connection', 'Connection', 'text', 1.2),
          column('scope', 'Scope', 'text', 1.4),
          column('role', 'Role', 'text', 0.8),
          column('members', 'Members', 'number', 0.7),
          column('groupExists', 'Group exists', 'boolean', 0.7),
          column('createdAt', 'Created', 'time', 1.6),
          column('createdBy', 'Created by', 'text', 0.9),
          column('mappingId', 'Mapping id', 'text', 0),
          column('groupId', 'Group id', 'text', 0),
        ],
        rowCount: mappings.length,
        emptyText: 'No group is mapped to a role.',
        rows: () => mappings.map((mapping) => mappingCells(context, mapping, deletedGroups.get(mapping.group_id))),
      },
      {
        id: 'mappingChanges',
        title: 'Mapping changes',
        columns: [
          column('eventId', 'Event', 'number', 0.6),
          column('at', 'Time', 'time', 1.6),
          column('change', 'Change', 'text', 0.8),
          column('description', 'Description', 'text', 4),
          column('changedBy', 'Changed by', 'text', 1),
          column('groupId', 'Group id', 'text', 0),
          // Last, so that CSV readers of the earlier columns see them where they were.
          column('connection', 'Connection', 'text', 1.2),
        ],
        rowCount: changeCount,
        emptyText: 'The event log records no mapping changes.',
        rows: () => mappingChangeRows(context),
      },
      {
        id: 'unmappedGroups',
        title: 'Unmapped groups',
        columns: [
          column('group', 'Group', 'text', 2.4),
          column('connection', 'Connection', 'text', 1.2),
          column('members', 'Members', 'number', 0.7),
          column('suggestedGrant', 'Naming convention suggests', 'text', 2),
          column('createdAt', 'Provisioned', 'time', 1.6),
          column('groupId', 'Group id', 'text', 0),
        ],
        rowCount: unmappedCount,
        emptyText: 'Every group is mapped.',
        rows: () => unmappedGroupRows(context),
      },
    ],
  };
}

/** Turns a mapping into report cells; `deleted` is what the event log recorded of its group once that group is gone. */
function mappingCells(context: ReportContext, mapping: MappingRow, deleted: RecordedGroup | undefined): ReportRow {
  return {
    group: mapping.group_name ?? `${deleted?.displayName ?? mapping.group_id} (group deleted)`,
    connection: mapping.connection_name ?? deleted?.connectionName ?? null,
    scope: mapping.workspace_id === null ? ORGANIZATION_LABEL : (context.workspaceNames.nameAt(mapping.workspace_id) ?? mapping.workspace_id),
    role: mapping.role,
    members: mapping.member_count,
    groupExists: mapping.group_name !== null,
    createdAt: mapping.created_at,
    createdBy: mapping.created_by,
    mappingId: mapping.id,
    groupId: mapping.group_id,
  };
}

function* mappingChangeRows(context: ReportContext): Generator<ReportRow> {
  const rows = context.db
    .prepare(
      `SELECT e.id AS event_id, e.at, json_extract(e.detail, '$.actor') AS actor, json_extract(ch.value, '$.type') AS type,
         json_extract(ch.value, '$.groupId') AS group_id, json_extract(ch.value, '$.text') AS text,
         ${groupConnectionNameSql("json_extract(ch.value, '$.groupId')")} AS connection_name
       ${FROM_MAPPING_CHANGES} ORDER BY e.id, ch.key`,
    )
    .iterate() as IterableIterator<MappingChangeRow>;
  for (const row of rows) {
    yield {
      eventId: row.event_id,
      at: row.at,
      change: row.type === 'mapping.added' ? 'added' : 'removed',
      description: row.text,
      changedBy: row.actor,
      groupId: row.group_id,
      connection: row.connection_name,
    };
  }
}

function* unmappedGroupRows(context: ReportContext): Generator<ReportRow> {
  const settings = readSettings(context.db);
  const workspaces = (context.db.prepare('SELECT id, name, slug, created_at AS createdAt, archived_at AS archivedAt FROM workspaces WHERE archived_at IS NULL').all()) as {
    id: string;
    name: string;
    slug: string;
    createdAt: string;
    archivedAt: string | null;
  }[];
  const rows = context.db
    .prepare(
      `SELECT g.id, g.display_name, c.name AS connection_name, g.created_at,
         (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS member_count
       ${FROM_UNMAPPED_GROUPS} ORDER BY g.display_name_key, g.id`,
    )
    .iterate() as IterableIterator<UnmappedGroupRow>;
  for (const row of rows) {
    const suggestion = suggestGrant(row.display_name, settings.namingSlug, workspaces);
    yield {
      group: row.display_name,
      connection: row.connection_name,
      members: row.member_count,
      suggestedGrant: suggestion ? describeSuggestion(context, suggestion.grant) : null,
      createdAt: row.created_at,
      groupId: row.id,
    };
  }
}

function describeSuggestion(context: ReportContext, grant: { kind: string; workspaceId?: string; role?: string }): string {
  if (grant.kind === 'organization-admin' || grant.workspaceId === undefined) {
    return 'organization admin';
  }
  return `${grant.role} in ${context.workspaceNames.nameAt(grant.workspaceId) ?? grant.workspaceId}`;
}

function mappingsChart(context: ReportContext, mappings: MappingRow[]): Chart {
  const perScope = new Map<string, number[]>();
  for (const mapping of mappings) {
    if (mapping.workspace_id === null) {
      continue;
    }
    const label = context.workspaceNames.nameAt(mapping.workspace_id) ?? mapping.workspace_id;
    const values = perScope.get(label) ?? WORKSPACE_ROLES.map(() => 0);
    const index = WORKSPACE_ROLES.indexOf(mapping.role as (typeof WORKSPACE_ROLES)[number]);
    values[index] = (values[index] ?? 0) + 1;
    perScope.set(label, values);
  }
  const all = [...perScope.entries()].sort(([a], [b]) => a.localeCompare(b));
  const bars = all.slice(0, MAX_CHART_BARS).map(([label, values]) => ({ label, values }));
  return { title: 'Mappings per workspace and role', series: [...WORKSPACE_ROLES], bars, omittedBars: all.length - bars.length };
}
