import type { Command } from 'commander';
import { Option } from 'commander';
import type { UserPermissions } from '../../../shared/api.ts';
import { loadLiveWorld } from '../../engine/access/live-world.ts';
import { parseAsOf } from '../../engine/audit/time.ts';
import type { AccessWorld } from '../../engine/access/world.ts';
import { DraftStore } from '../../engine/drafts/store.ts';
import { loadWorkspaceNames, rulesFor } from '../../engine/drafts/what-if.ts';
import type { Engine } from '../../engine/engine.ts';
import { PastAccess } from '../../engine/explorer/past-views.ts';
import { permissionsOfWorld } from '../../engine/explorer/world-permissions.ts';
import { loadDeactivationTime } from '../../engine/history/deactivation.ts';
import { SnapshotStore } from '../../engine/snapshots/store.ts';
import { loadSnapshotWorld } from '../../engine/snapshots/world.ts';
import { CliError, withEngine, type GlobalOptions } from '../context.ts';
import { csvField, formatTable, printJson, printLines } from '../output.ts';
import { describeAmbiguity } from './snapshots.ts';

type PermissionsFormat = 'table' | 'json' | 'csv';
type PermissionsOptions = GlobalOptions & { user?: string; format: PermissionsFormat; asOf?: string; snapshot?: string; draft?: string };

/** `scimdesk permissions`: effective permissions with the reason for each role. */
export function registerPermissions(program: Command): void {
  program
    .command('permissions')
    .description('Print effective permissions: organization role and role per workspace, with the groups that grant them.')
    .option('--user <userName>', 'only this user (userName or id); a userName lists that user\'s account in each connection')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--as-of <time>', 'as of this past time, rebuilt from the event log: ISO 8601 (a date alone means the end of that UTC day, or now for today) or an age such as 7d')
    .option('--snapshot <name>', 'evaluate the mappings against an imported snapshot instead of the live directory')
    .option('--draft <name>', 'evaluate with a draft\'s mappings instead of the live ones')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<PermissionsOptions>();
      await withEngine(options, (engine) => {
        const permissions = collectPermissions(engine, options);
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

/** Explains the users the options select: live, as of a past moment, or under a snapshot or a draft. */
function collectPermissions(engine: Engine, options: PermissionsOptions): UserPermissions[] {
  if (options.asOf !== undefined) {
    if (options.snapshot !== undefined || options.draft !== undefined) {
      throw new CliError('--as-of reads the event log, so it cannot be combined with --snapshot or --draft. Choose one.');
    }
    const past = new PastAccess(engine.db, parseAsOf(options.asOf, '--as-of', engine.clock.now()));
    if (options.user !== undefined) {
      const accounts = past.allUserPermissions().filter((entry) => isUser(entry, options.user!));
      // With no account, userPermissions throws the not-found error that names the moment.
      return accounts.length > 0 ? accounts : [past.userPermissions(options.user)];
    }
    return past.allUserPermissions();
  }

  if (options.snapshot !== undefined || options.draft !== undefined) {
    const draft = options.draft === undefined ? undefined : new DraftStore(engine.db, engine.workspaces).getByName(options.draft);
    const rules = rulesFor(engine.db, draft);
    const snapshot = options.snapshot === undefined ? undefined : new SnapshotStore(engine.db).getByName(options.snapshot);
    let world: AccessWorld;
    if (snapshot === undefined) {
      world = loadLiveWorld(engine.db, rules);
    } else {
      const loaded = loadSnapshotWorld(engine.db, new SnapshotStore(engine.db).loadDirectory(snapshot.id), rules);
      world = loaded.world;
      // On standard error, so that the JSON and CSV on standard output stay parseable.
      if (loaded.ambiguousGroups.length > 0) {
        process.stderr.write(`${describeAmbiguity(loaded.ambiguousGroups, snapshot.name).join('\n')}\n`);
      }
    }
    const sourceName = snapshot === undefined ? 'live directory' : `snapshot ${snapshot.name}`;
    const connectionNames = new Map(engine.connections.list().map((connection) => [connection.id, connection.name]));
    // The event log records when live users were deactivated, but a snapshot has no such time.
    const deactivationTimeOf = snapshot === undefined ? (userId: string) => loadDeactivationTime(engine.db, userId) : undefined;
    const all = permissionsOfWorld(world, loadWorkspaceNames(engine.db), sourceName, connectionNames, deactivationTimeOf);
    return options.user === undefined ? all : all.filter((entry) => isUser(entry, options.user!));
  }

  const users = options.user ? engine.directory.findUsers(options.user) : engine.directory.listUsers(undefined, Number.MAX_SAFE_INTEGER);
  return users.map((user) => engine.directory.getUserPermissions(user.id));
}

/** Returns whether an entry is the user that --user names, by id or by userName (case-insensitive). */
function isUser(entry: UserPermissions, idOrUserName: string): boolean {
  return entry.user.id === idOrUserName || entry.user.userName.toLowerCase() === idOrUserName.toLowerCase();
}

/** Builds one row per user and workspace (one row for a user without workspace access), header first. */
function toRows(permissions: UserPermissions[], machine: boolean): string[][] {
  const header = machine
    ? ['userName', 'connection', 'active', 'organizationRole', 'workspace', 'role', 'grantedBy', 'reason', 'since']
    : ['USER', 'CONNECTION', 'ACTIVE', 'ORG ROLE', 'WORKSPACE', 'ROLE', 'WHY', 'SINCE'];
  const rows: string[][] = [header];
  for (const entry of permissions) {
    const base = [entry.user.userName, entry.user.connectionName, String(entry.user.active), entry.organization.role];
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
