import type { Command } from 'commander';
import { Option } from 'commander';
import type { UserPermissions } from '../../../shared/api.ts';
import { withEngine, type GlobalOptions } from '../context.ts';
import { csvField, formatTable, printJson, printLines } from '../output.ts';

type PermissionsFormat = 'table' | 'json' | 'csv';

/** `scimdesk permissions`: effective permissions with the reason for each role. */
export function registerPermissions(program: Command): void {
  program
    .command('permissions')
    .description('Print effective permissions: organization role and role per workspace, with the groups that grant them.')
    .option('--user <userName>', 'only this user (userName or id)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { user?: string; format: PermissionsFormat }>();
      await withEngine(options, (engine) => {
        const users = options.user ? [engine.directory.findUser(options.user)] : engine.directory.listUsers(undefined, Number.MAX_SAFE_INTEGER);
        const permissions = users.map((user) => engine.directory.getUserPermissions(user.id));
        const format = options.json ? 'json' : options.format;
        if (format === 'json') {
          printJson(permissions);
        } else if (format === 'csv') {
          printLines(...toRows(permissions, true).map((row) => row.map(csvField).join(',')));
        } else if (permissions.length === 0) {
          printLines('No users have been provisioned yet.');
        } else {
          const [header, ...rows] = toRows(permissions, false);
          printLines(formatTable(header!, rows));
        }
      });
    });
}

/** One row per user and workspace (one row for a user without workspace access), header first. */
function toRows(permissions: UserPermissions[], machine: boolean): string[][] {
  const header = machine
    ? ['userName', 'active', 'organizationRole', 'workspace', 'role', 'grantedBy', 'reason', 'since']
    : ['USER', 'ACTIVE', 'ORG ROLE', 'WORKSPACE', 'ROLE', 'WHY', 'SINCE'];
  const rows: string[][] = [header];
  for (const entry of permissions) {
    const base = [entry.user.userName, String(entry.user.active), entry.organization.role];
    if (entry.workspaces.length === 0) {
      const reason = entry.noAccessReason ?? 'no mapped group';
      rows.push(machine ? [...base, '', '', '', reason, ''] : [...base, '-', '-', reason, '']);
      continue;
    }
    for (const access of entry.workspaces) {
      const groups = access.grantedBy.map((grant) => grant.groupName).join('; ');
      const reason = [
        access.viaOrganizationAdmin ? 'organization admin' : '',
        groups ? `via ${groups}` : '',
        access.outranked.length > 0 ? `outranks ${access.outranked.map((grant) => `${grant.role} from ${grant.groupName}`).join('; ')}` : '',
      ]
        .filter((part) => part !== '')
        .join(', ');
      rows.push(
        machine
          ? [...base, access.workspaceName, access.role, groups, reason, access.since ?? '']
          : [...base, access.workspaceName, access.role, reason, access.since ?? ''],
      );
    }
  }
  return rows;
}
