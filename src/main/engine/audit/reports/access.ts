import { WORKSPACE_ROLES } from '../../../../shared/model.ts';
import { checkCurrentAccessNow, describeCurrentAccessCheck } from '../access-consistency.ts';
import { column, type Chart, type ReportColumn, type ReportPlan, type ReportRow, type ReportSection } from '../report-model.ts';
import { countCurrentAccess, currentAccessRows, pastAccessRows, type AccessCounts, type AccessRow } from './access-rows.ts';
import { ORGANIZATION_LABEL, scopeName, type ReportContext } from './context.ts';

/** Label of the header detail with the comparison of current access and the event log. */
export const CURRENT_ACCESS_LABEL = 'Current access check';

/** Bars drawn in a chart; the totals section lists every workspace. */
export const MAX_CHART_BARS = 20;

/** Columns of the access section, shared with the access review. */
export const ACCESS_COLUMNS: ReportColumn[] = [
  column('userName', 'User', 'text', 2.2),
  column('displayName', 'Display name', 'text', 1.6),
  column('connection', 'Connection', 'text', 1.2),
  column('active', 'Active', 'boolean', 0.6),
  column('scope', 'Scope', 'text', 1.4),
  column('role', 'Role', 'text', 0.8),
  column('grantedBy', 'Granted by', 'list', 2.4),
  column('viaOrganizationAdmin', 'Org admin rule', 'boolean', 0.8),
  column('since', 'Since', 'time', 1.6),
  column('userId', 'User id', 'text', 0),
  column('scopeId', 'Scope id', 'text', 0),
];

/** Turns an access row into report cells. */
export function accessCells(row: AccessRow): ReportRow {
  return {
    userName: row.userName,
    displayName: row.displayName,
    connection: row.connectionName,
    active: row.active,
    scope: row.scopeName,
    role: row.role,
    grantedBy: row.grantedBy,
    viaOrganizationAdmin: row.viaOrganizationAdmin,
    since: row.since,
    userId: row.userId,
    scopeId: row.scope,
  };
}

/**
 * Plans the access report: every user with their organization role and their
 * role per workspace, the granting groups and since when, then the totals per
 * workspace and role. Without `asOf` it streams the current access and compares
 * it with the access rebuilt from the event log, because the chain check does
 * not cover the tables it reads. With `asOf`, access is rebuilt from the event
 * log as of that instant.
 */
export function planAccessReport(context: ReportContext, asOf: string | undefined): ReportPlan {
  const past = asOf === undefined ? undefined : pastAccessRows(context, asOf);
  const counts = past?.counts ?? countCurrentAccess(context);
  const rows = past ? () => past.rows : () => currentAccessRows(context);
  const totals = totalsRows(context, counts, asOf);
  const currentAccess = asOf === undefined ? checkCurrentAccessNow(context) : undefined;

  const access: ReportSection = {
    id: 'access',
    title: asOf === undefined ? 'Access now' : `Access as of ${asOf}`,
    columns: ACCESS_COLUMNS,
    rowCount: counts.rowCount,
    emptyText: 'No users were provisioned at this moment.',
    rows: function* () {
      for (const row of rows()) {
        yield accessCells(row);
      }
    },
  };
  const totalsSection: ReportSection = {
    id: 'totals',
    title: 'Totals per scope and role',
    columns: [column('scope', 'Scope', 'text', 3), column('role', 'Role', 'text', 1), column('users', 'Users', 'number', 1)],
    rowCount: totals.length,
    emptyText: 'There are no roles to count.',
    rows: () => totals,
  };

  return {
    header: {
      kind: 'access',
      title: 'Access report',
      generatedAt: context.generatedAt,
      dataDirectoryId: context.dataDirectoryId,
      filters: { asOf: asOf ?? null },
      scope: asOf === undefined ? `Access at the time of generation, ${context.generatedAt}` : `Access as of ${asOf}, rebuilt from the event log`,
      log: context.log,
      details: currentAccess === undefined ? [] : [{ label: CURRENT_ACCESS_LABEL, value: describeCurrentAccessCheck(currentAccess) }],
      ...(currentAccess === undefined ? {} : { currentAccess }),
    },
    summary: {
      figures: [
        { label: 'Users', value: counts.users },
        { label: 'Active users', value: counts.activeUsers },
        { label: 'Organization admins', value: counts.organizationAdmins },
        { label: 'Workspace roles', value: counts.rowCount - counts.users },
      ],
      charts: [rolesChart(context, counts, asOf)],
    },
    sections: [access, totalsSection],
  };
}

/** Organization admins and members, then each workspace's users per role (zeros included). */
function totalsRows(context: ReportContext, counts: AccessCounts, asOf: string | undefined): ReportRow[] {
  const rows: ReportRow[] = [
    { scope: ORGANIZATION_LABEL, role: 'admin', users: counts.organizationAdmins },
    { scope: ORGANIZATION_LABEL, role: 'member', users: counts.users - counts.organizationAdmins },
  ];
  for (const { id, name } of workspacesByName(context, counts, asOf)) {
    const perRole = counts.workspaceRoles.get(id);
    for (const role of WORKSPACE_ROLES) {
      rows.push({ scope: name, role, users: perRole?.get(role) ?? 0 });
    }
  }
  return rows;
}

function rolesChart(context: ReportContext, counts: AccessCounts, asOf: string | undefined): Chart {
  const workspaces = workspacesByName(context, counts, asOf);
  const bars = workspaces.slice(0, MAX_CHART_BARS).map(({ id, name }) => ({
    label: name,
    values: WORKSPACE_ROLES.map((role) => counts.workspaceRoles.get(id)?.get(role) ?? 0),
  }));
  return { title: 'Users per workspace and role', series: [...WORKSPACE_ROLES], bars, omittedBars: workspaces.length - bars.length };
}

/**
 * Lists every workspace that exists (at `asOf` when given: created by then and not archived yet)
 * or has roles in the counts, with its name at `asOf` (now without it), sorted by name.
 */
function workspacesByName(context: ReportContext, counts: AccessCounts, asOf: string | undefined): { id: string; name: string }[] {
  const existing =
    asOf === undefined
      ? context.workspaceNames.ids()
      : (context.db
          .prepare('SELECT id FROM workspaces WHERE created_at <= ? AND (archived_at IS NULL OR archived_at > ?)')
          .pluck()
          .all(asOf, asOf) as string[]);
  const ids = new Set([...existing, ...counts.workspaceRoles.keys()]);
  return [...ids]
    .map((id) => ({ id, name: scopeName(context, id, asOf) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
