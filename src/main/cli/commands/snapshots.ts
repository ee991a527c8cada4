import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { SNAPSHOT_FORMATS, type AmbiguousGroup, type SnapshotComparison, type SnapshotFormat } from '../../../shared/api.ts';
import { compareSnapshot } from '../../engine/snapshots/compare.ts';
import { deleteSnapshot, importSnapshot } from '../../engine/snapshots/import.ts';
import { SnapshotStore } from '../../engine/snapshots/store.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** Largest export file the CLI reads, in bytes (200 MiB). */
const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Most problems printed; the count names the rest. */
const MAX_PRINTED_PROBLEMS = 50;
/** Most rows printed per list of `snapshot diff`; --json prints them all. */
const MAX_PRINTED_ROWS = 100;

/** `scimdesk snapshot …`: group membership exports imported for offline review. */
export function registerSnapshots(program: Command): void {
  const snapshot = program
    .command('snapshot')
    .description('Import group membership exports (CSV or JSON) to review mappings and drafts without a live connection.');

  snapshot
    .command('import')
    .description('Import an export as a named snapshot; a file with any bad row is not imported at all.')
    .argument('<file>', 'the CSV or JSON export')
    .addOption(new Option('--format <format>', 'the export layout (see docs/snapshot-formats.md)').choices(SNAPSHOT_FORMATS).makeOptionMandatory())
    .option('--name <name>', 'the snapshot name (default: the file name without its extension)')
    .option('--group <name>', 'the group of a one-group export that does not name it (Entra ID "Download members")')
    .option('--connection <name>', 'the connection the export came from; its groups are then matched with that connection\'s groups only')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { format: SnapshotFormat; name?: string; group?: string; connection?: string }>();
      const content = readExport(file);
      await withEngine(options, (engine) => {
        const name = options.name ?? basename(file, extname(file));
        const connectionId = options.connection === undefined ? undefined : engine.connections.getByName(options.connection).id;
        const result = importSnapshot(
          engine,
          { name, format: options.format, content, fileName: basename(file), groupName: options.group, connectionId },
          CLI_ACTOR,
        );
        if (result.snapshot === null) {
          if (options.json) {
            printJson(result);
          } else {
            process.stderr.write(`${result.problems.slice(0, MAX_PRINTED_PROBLEMS).map((problem) => `${file}:${problem.line === null ? '' : `${problem.line}:`} ${problem.message}`).join('\n')}\n`);
          }
          const more = result.problemCount > MAX_PRINTED_PROBLEMS ? ` (${MAX_PRINTED_PROBLEMS} shown)` : '';
          throw new CliError(`${result.problemCount} problem${result.problemCount === 1 ? '' : 's'} found${more}, so nothing was imported. Fix the rows listed, or check --format, then import again.`);
        }
        const saved = result.snapshot;
        options.json
          ? printJson(saved)
          : printLines(`Imported the snapshot "${saved.name}"${saved.connectionName === null ? '' : ` of the connection "${saved.connectionName}"`}: ${countOf(saved.userCount, 'user')}, ${countOf(saved.groupCount, 'group')}, ${countOf(saved.membershipCount, 'membership')}.`);
      }, { createStore: true });
    });

  snapshot
    .command('list')
    .description('List the imported snapshots.')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const list = new SnapshotStore(engine.db).list();
        if (options.json) {
          printJson(list);
          return;
        }
        const rows = list.map((item) => [
          item.name,
          item.format,
          item.connectionName ?? '-',
          String(item.userCount),
          String(item.groupCount),
          String(item.membershipCount),
          item.importedAt,
        ]);
        const header = ['NAME', 'FORMAT', 'CONNECTION', 'USERS', 'GROUPS', 'MEMBERSHIPS', 'IMPORTED'];
        printLines(list.length === 0 ? 'No snapshots yet. Import one with "scimdesk snapshot import FILE --format FORMAT".' : formatTable(header, rows));
      });
    });

  snapshot
    .command('diff')
    .description('Compare a snapshot with the live directory: users, groups and memberships in one and not the other.')
    .argument('<name>', 'the snapshot name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const store = new SnapshotStore(engine.db);
        const comparison = compareSnapshot(engine.db, store.loadDirectory(store.getByName(name).id));
        options.json ? printJson(comparison) : printLines(...describeComparison(comparison));
      });
    });

  snapshot
    .command('delete')
    .description('Delete an imported snapshot.')
    .argument('<name>', 'the snapshot name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const deleted = deleteSnapshot(engine, new SnapshotStore(engine.db).getByName(name).id, CLI_ACTOR);
        options.json ? printJson(deleted) : printLines(`Deleted the snapshot "${deleted.name}".`);
      });
    });
}

function readExport(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new CliError(`Cannot read "${file}": ${error instanceof Error ? error.message : String(error)}. Check the path.`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new CliError(`"${file}" is ${size} bytes, more than the ${MAX_FILE_BYTES} bytes an export may have. Export fewer groups at a time.`);
  }
  return readFileSync(file, 'utf8');
}

function describeComparison(comparison: SnapshotComparison): string[] {
  const { users, groups, memberships } = comparison;
  const connection = comparison.snapshot.connectionName;
  const live = connection === null ? 'the live directory' : `the live directory of the connection "${connection}"`;
  const ambiguous = groups.ambiguous.length > 0 ? `, ${groups.ambiguous.length} fit groups of several connections` : '';
  const lines = [
    `Snapshot "${comparison.snapshot.name}" against ${live}:`,
    `  users: ${users.inBoth} in both (${users.activeDiffers.length} active on one side only), ${users.onlyInSnapshot.length} only in the snapshot, ${users.onlyLive.length} only live`,
    `  groups: ${groups.matched.length} matched${ambiguous}, ${groups.onlyInSnapshot.length} only in the snapshot, ${groups.onlyLive.length} only live`,
    `  memberships in matched groups: ${memberships.inBoth} in both, ${memberships.onlyInSnapshot.length} only in the snapshot, ${memberships.onlyLive.length} only live`,
  ];
  const section = (title: string, header: string[], rows: string[][]) => {
    if (rows.length === 0) {
      return;
    }
    const more = rows.length > MAX_PRINTED_ROWS ? ` (first ${MAX_PRINTED_ROWS} of ${rows.length}; --json lists all)` : '';
    lines.push('', `${title}${more}:`, formatTable(header, rows.slice(0, MAX_PRINTED_ROWS)));
  };
  section('Users only in the snapshot', ['USER', 'DISPLAY NAME'], users.onlyInSnapshot.map((user) => [user.userName, user.displayName ?? '']));
  section('Users only live', ['USER', 'CONNECTION', 'DISPLAY NAME'], users.onlyLive.map((user) => [user.userName, user.connectionName, user.displayName ?? '']));
  const status = (active: boolean) => (active ? 'active' : 'deactivated');
  section(
    'Users active on one side only',
    ['USER', 'CONNECTION', 'IN THE SNAPSHOT', 'LIVE'],
    users.activeDiffers.map((user) => [user.userName, user.connectionName, status(user.activeInSnapshot), status(user.activeLive)]),
  );
  if (groups.ambiguous.length > 0) {
    lines.push('', ...describeAmbiguity(groups.ambiguous, comparison.snapshot.name));
  }
  section('Groups only in the snapshot (no live mapping applies to them)', ['GROUP'], groups.onlyInSnapshot.map((name) => [name]));
  const membershipHeader = ['USER', 'GROUP', 'CONNECTION'];
  section('Memberships only in the snapshot', membershipHeader, memberships.onlyInSnapshot.map((pair) => [pair.userName, pair.groupName, pair.connectionName]));
  section('Memberships only live', membershipHeader, memberships.onlyLive.map((pair) => [pair.userName, pair.groupName, pair.connectionName]));
  return lines;
}

/**
 * Lists the snapshot groups that fit several live groups, with the way to match them:
 * importing the file again with its connection, or, for groups that one connection has
 * twice, distinct names in the identity provider.
 */
export function describeAmbiguity(ambiguous: AmbiguousGroup[], snapshotName: string): string[] {
  const rows = ambiguous.map((group) => [group.snapshotName, group.candidates.map((candidate) => candidate.connectionName).join(', ')]);
  const more = rows.length > MAX_PRINTED_ROWS ? ` (first ${MAX_PRINTED_ROWS} of ${rows.length}; --json lists all)` : '';
  const lines = [`Groups that fit several live groups, so no live mapping applies to them${more}:`, formatTable(['GROUP', 'LIVE GROUPS IN'], rows.slice(0, MAX_PRINTED_ROWS))];
  if (ambiguous.some((group) => new Set(group.candidates.map((candidate) => candidate.connectionName)).size > 1)) {
    lines.push(
      `The snapshot "${snapshotName}" names no connection. Delete it and import the file again with --connection NAME, so that its groups are matched with that connection's groups only.`,
    );
  }
  if (ambiguous.some((group) => new Set(group.candidates.map((candidate) => candidate.connectionName)).size === 1)) {
    lines.push('A connection listed more than once has several groups with that name or id. Give them distinct names in the identity provider.');
  }
  return lines;
}

/** Writes a count with its noun: "1 user", "3 users". */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
