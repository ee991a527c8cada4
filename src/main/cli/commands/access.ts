import type { Command } from 'commander';
import { Option } from 'commander';
import type { Mapping, RoleDiff, Suggestion } from '../../../shared/api.ts';
import { WORKSPACE_ROLES, type Grant, type WorkspaceRole } from '../../../shared/model.ts';
import { DraftStore } from '../../engine/drafts/store.ts';
import type { Engine } from '../../engine/engine.ts';
import { previewGuardedChange } from '../../engine/guardrails/preview.ts';
import { loadRecordedGroups, type RecordedGroup } from '../../engine/history/group-names.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines, quoteArgument } from '../output.ts';
import { describeCounts, EXIT_NEEDS_CONFIRMATION, formatDiffTable, runGuarded } from './access-guard.ts';
import { anySlugNotice, registerMappingConvention } from './convention.ts';

type GrantOptions = { orgAdmin?: boolean; workspace?: string; role?: WorkspaceRole };
type GroupOptions = { group?: string; groupId?: string; connection?: string };
type MappingOptions = GlobalOptions & GrantOptions & GroupOptions & { id?: string; draft?: string; yes?: boolean };

/** `scimdesk workspace …` and `scimdesk mapping …`: the admin side of the access model. */
export function registerAccess(program: Command): void {
  registerWorkspace(program);
  const mapping = program.command('mapping').description('Map identity provider groups to roles, live or in a draft.');
  registerMappingList(mapping);
  registerMappingAdd(mapping);
  registerMappingRemove(mapping);
  registerMappingSuggest(mapping);
  registerMappingConvention(mapping);
}

function registerWorkspace(program: Command): void {
  const workspace = program.command('workspace').description('Manage workspaces, which only the admin creates (never SCIM).');
  workspace
    .command('create')
    .description('Create a workspace.')
    .argument('<name>', 'the workspace name, e.g. "Data Science"')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const created = engine.createWorkspace(name, CLI_ACTOR);
        options.json ? printJson(created) : printLines(`Created the workspace "${created.name}" (slug ${created.slug}).`);
      }, { createStore: true });
    });

  workspace
    .command('list')
    .description('List the workspaces, archived ones included.')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const workspaces = engine.workspaces.list();
        if (options.json) {
          printJson(workspaces);
          return;
        }
        const rows = workspaces.map((item) => [item.name, item.slug, item.archivedAt === null ? 'active' : `archived ${item.archivedAt}`]);
        printLines(workspaces.length === 0 ? 'No workspaces yet. Create one with "scimdesk workspace create NAME".' : formatTable(['NAME', 'SLUG', 'STATE'], rows));
      });
    });

  workspace
    .command('rename')
    .description('Rename a workspace; its mappings, the roles it grants and its slug stay.')
    .argument('<name>', 'the current name or slug')
    .argument('<new-name>', 'the new name')
    .option('--change-slug', 'also give it the new name\'s slug; groups named after the old slug are then no longer suggested')
    .action(async (name: string, newName: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { changeSlug?: boolean }>();
      await withEngine(options, (engine) => {
        const id = engine.workspaces.getByName(name).id;
        const renamed = engine.renameWorkspace(id, newName, CLI_ACTOR, options.changeSlug === true);
        options.json ? printJson(renamed) : printLines(`Renamed the workspace to "${renamed.name}" (slug ${renamed.slug}).`);
      });
    });

  workspace
    .command('archive')
    .description('Archive a workspace: everyone loses their role in it. Lists who loses access and needs --yes when anyone does.')
    .argument('<name>', 'the name or slug of the workspace')
    .option('--yes', 'archive even though users lose access')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { yes?: boolean }>();
      await withEngine(options, (engine) => archiveWorkspace(engine, name, options));
    });
}

function archiveWorkspace(engine: Engine, name: string, options: GlobalOptions & { yes?: boolean }): void {
  const target = engine.workspaces.getByName(name);
  const preview = previewGuardedChange(engine, { kind: 'archiveWorkspace', id: target.id }, CLI_ACTOR);
  const losing = preview.diff.counts.usersLosingAccess;
  if (losing > 0 && !options.yes) {
    if (!options.json) {
      printLines(`Archiving "${target.name}" removes these roles:`, formatDiffTable(preview.diff.entries));
    }
    throw new CliError(
      `Archiving "${target.name}" removes access for ${losing} user${losing === 1 ? '' : 's'}, listed above; nothing was changed. Run the command again with --yes to archive it.`,
      EXIT_NEEDS_CONFIRMATION,
    );
  }
  const archived = runGuarded(options.yes, `"scimdesk workspace archive ${quoteArgument(target.name)}"`, (confirmation) =>
    engine.archiveWorkspace(target.id, CLI_ACTOR, confirmation),
  );
  if (options.json) {
    printJson({ workspace: archived, diff: preview.diff });
    return;
  }
  printLines(`Archived the workspace "${archived.name}". ${describeCounts(preview.diff)}`);
}

function registerMappingList(mapping: Command): void {
  mapping
    .command('list')
    .description('List the live mappings, or with --draft the mappings once that draft is applied.')
    .option('--draft <name>', 'show the mappings as the draft would leave them')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { draft?: string }>();
      await withEngine(options, (engine) => {
        const live = engine.mappings.list();
        const connections = describeGroups(engine, live);
        const rows = options.draft === undefined ? live.map((item) => ({ ...toRow(item, connections), change: '' })) : rowsWithDraft(engine, live, options.draft, connections);
        if (options.json) {
          printJson(rows);
          return;
        }
        if (rows.length === 0) {
          printLines('No mappings yet. Add one with "scimdesk mapping add", or accept suggestions with "scimdesk mapping suggest --apply".');
          return;
        }
        const header = options.draft === undefined ? ['GROUP', 'CONNECTION', 'GRANT', 'ID'] : ['DRAFT', 'GROUP', 'CONNECTION', 'GRANT', 'ID'];
        const cells = rows.map((row) => {
          const connection = row.connection ?? '-';
          return options.draft === undefined ? [row.group, connection, row.grant, row.id] : [row.change, row.group, connection, row.grant, row.id];
        });
        printLines(formatTable(header, cells));
      });
    });
}

/**
 * A line of "mapping list". `connection` is the name of the group's connection. For a deleted group
 * it is the name the event log recorded, or null when neither is known.
 */
type MappingRow = { id: string; groupId: string | null; group: string; connection: string | null; grant: string };

/** Connection names of live groups, and the last recorded names of deleted groups, by group id. */
interface GroupDescriptions {
  connections: Map<string, string>;
  deleted: Map<string, RecordedGroup>;
}

function toRow(item: Mapping, groups: GroupDescriptions = { connections: new Map(), deleted: new Map() }): MappingRow {
  const recorded = groups.deleted.get(item.groupId);
  const group = item.groupName ?? `${recorded?.displayName ?? item.groupId} (group deleted)`;
  const connection = groups.connections.get(item.groupId) ?? recorded?.connectionName ?? null;
  return { id: item.id, groupId: item.groupId, group, connection, grant: grantText(item.grant, item.workspaceName) };
}

/** Names a mapping's group with its connection, as "app-x-editor from Okta", so that groups of the same name differ. */
function groupWithConnection(row: MappingRow): string {
  return row.connection === null ? row.group : `${row.group} from ${row.connection}`;
}

/** Reads the connection of each live group, and what the event log recorded of the deleted groups that mappings name. */
function describeGroups(engine: Engine, mappings: Mapping[]): GroupDescriptions {
  const rows = engine.db.prepare('SELECT g.id, c.name FROM groups g JOIN connections c ON c.id = g.connection_id').all() as { id: string; name: string }[];
  const orphaned = new Set(mappings.filter((item) => item.groupName === null).map((item) => item.groupId));
  return { connections: new Map(rows.map((row) => [row.id, row.name])), deleted: loadRecordedGroups(engine.db, orphaned) };
}

/** Live mappings marked "-" when the draft removes them, followed by its additions marked "+". */
function rowsWithDraft(engine: Engine, live: Mapping[], draftName: string, connections: GroupDescriptions): (MappingRow & { change: string })[] {
  const draft = new DraftStore(engine.db, engine.workspaces).getByName(draftName);
  const removed = new Set(draft.changes.filter((change) => change.action === 'remove' && change.problem === null).map((change) => change.mappingId));
  const rows = live.map((item) => ({ ...toRow(item, connections), change: removed.has(item.id) ? '-' : '' }));
  for (const change of draft.changes.filter((item) => item.action === 'add' && item.problem === null)) {
    rows.push({
      id: `(draft change ${change.id})`,
      groupId: change.groupId,
      group: change.groupName,
      connection: change.groupId === null ? null : (connections.connections.get(change.groupId) ?? null),
      grant: grantText(change.grant, change.workspaceName),
      change: '+',
    });
  }
  return rows;
}

function registerMappingAdd(mapping: Command): void {
  grantOptions(
    mapping
      .command('add')
      .description('Map a group to the organization admin role or to a role in a workspace, live or in a draft.')
      .option('--group <name>', 'the group as the identity provider names it (displayName); in a draft, also a group known only from a snapshot'),
  ).action(async (_options: unknown, command: Command) => {
    const options = command.optsWithGlobals<MappingOptions>();
    await withEngine(options, (engine) => {
      const grant = readGrant(engine, options);
      if (options.draft !== undefined) {
        // A name that no live group has stays a name, for a group known only from a snapshot.
        const groupId = findGroup(engine, options, { allowUnknownName: true });
        const change = groupId === null ? { groupName: options.group!.trim() } : { groupId };
        const store = new DraftStore(engine.db, engine.workspaces);
        const draft = store.addChange(store.getByName(options.draft).id, { action: 'add', ...change, grant }, engine.clock.now().toISOString());
        const added = draft.changes.at(-1);
        const groupName = added?.groupId ? engine.mappings.describeGroup(added.groupId, added.groupName) : (added?.groupName ?? options.group);
        options.json ? printJson(draft) : printLines(`Added to the draft "${draft.name}": map ${groupName} to ${describeGrantOf(engine, grant)}. Nothing changed yet; review it with "scimdesk draft diff ${quoteArgument(draft.name)}".`);
        return;
      }
      const groupId = findGroup(engine, options, { allowUnknownName: false })!;
      const preview = previewGuardedChange(engine, { kind: 'addMapping', groupId, grant }, CLI_ACTOR);
      const created = runGuarded(options.yes, 'a draft ("scimdesk mapping add --draft NAME", then "scimdesk draft diff NAME")', (confirmation) =>
        engine.addMapping(groupId, grant, CLI_ACTOR, confirmation),
      );
      const described = toRow(created, describeGroups(engine, [created]));
      printChange(options, `Mapped ${groupWithConnection(described)} to ${described.grant}.`, { mapping: created, diff: preview.diff });
    });
  });
}

function registerMappingRemove(mapping: Command): void {
  grantOptions(
    mapping
      .command('remove')
      .description('Remove a mapping, by --id or by its group (--group or --group-id) with its grant, live or in a draft.')
      .option('--id <id>', 'the mapping id, as "scimdesk mapping list" prints it')
      .option('--group <name>', 'the group whose mapping to remove, with --org-admin or --workspace and --role'),
  ).action(async (_options: unknown, command: Command) => {
    const options = command.optsWithGlobals<MappingOptions>();
    await withEngine(options, (engine) => {
      const target = findMapping(engine, options);
      const described = toRow(target, describeGroups(engine, [target]));
      if (options.draft !== undefined) {
        const store = new DraftStore(engine.db, engine.workspaces);
        const draft = store.addChange(store.getByName(options.draft).id, { action: 'remove', mappingId: target.id }, engine.clock.now().toISOString());
        options.json ? printJson(draft) : printLines(`Added to the draft "${draft.name}": remove the mapping of ${groupWithConnection(described)} to ${described.grant}. Nothing changed yet; review it with "scimdesk draft diff ${quoteArgument(draft.name)}".`);
        return;
      }
      const preview = previewGuardedChange(engine, { kind: 'removeMapping', id: target.id }, CLI_ACTOR);
      runGuarded(options.yes, 'a draft ("scimdesk mapping remove --draft NAME", then "scimdesk draft diff NAME")', (confirmation) =>
        engine.removeMapping(target.id, CLI_ACTOR, confirmation),
      );
      printChange(options, `Removed the mapping of ${groupWithConnection(described)} to ${described.grant}.`, { mapping: target, diff: preview.diff });
    });
  });
}

function registerMappingSuggest(mapping: Command): void {
  mapping
    .command('suggest')
    .description('List the mappings the naming convention suggests; --apply accepts them all, except organization admin while any app slug is accepted.')
    .option('--apply', 'accept every suggestion; while the slug is empty (any app), organization-admin suggestions are skipped and listed')
    .option('--yes', 'confirm when accepting lowers access for more than the allowed share of users')
    .option('--dismiss [group]', 'stop suggesting a mapping for this group (its displayName or id; without a value, the group --group-id names)')
    .option('--restore [group]', 'suggest a dismissed mapping for this group again (its displayName or id; without a value, the group --group-id names)')
    .option('--group-id <id>', 'with --dismiss or --restore: the group by its id, in place of its name')
    .option('--connection <name>', 'with --dismiss or --restore: the connection whose group of that name is meant, when several connections have one')
    .option('--dismissed', 'list the dismissed suggestions instead')
    .action(async (_options: unknown, command: Command) => {
      type SuggestOptions = { apply?: boolean; yes?: boolean; dismiss?: string | true; restore?: string | true; dismissed?: boolean; groupId?: string; connection?: string };
      const options = command.optsWithGlobals<GlobalOptions & SuggestOptions>();
      await withEngine(options, (engine) => {
        const choice = options.restore ?? options.dismiss;
        if (choice === undefined && (options.groupId !== undefined || options.connection !== undefined)) {
          throw new CliError('--group-id and --connection choose the group of --dismiss or --restore. Add one of them, or remove those options.');
        }
        if (choice !== undefined) {
          const restoring = options.restore !== undefined;
          const nameOption = restoring ? '--restore' : '--dismiss';
          const group = { group: choice === true ? undefined : choice, groupId: options.groupId, connection: options.connection };
          const groupId = findGroup(engine, group, { allowUnknownName: false, nameOption })!;
          const suggestion = restoring ? engine.restoreSuggestion(groupId, CLI_ACTOR) : engine.dismissSuggestion(groupId, CLI_ACTOR);
          const verb = restoring ? 'Restored' : 'Dismissed';
          options.json ? printJson(suggestion) : printLines(`${verb} the suggestion ${suggestion.groupName} → ${grantText(suggestion.grant, suggestion.workspaceName)}.`);
          return;
        }
        if (options.dismissed) {
          const dismissed = engine.mappings.listDismissedSuggestions();
          if (options.json) {
            printJson(dismissed);
            return;
          }
          const rows = dismissed.map((item) => [item.groupName, item.connectionName, grantText(item.grant, item.workspaceName), item.cause, item.dismissedBy, item.dismissedAt]);
          printLines(dismissed.length === 0 ? 'No dismissed suggestions.' : formatTable(['GROUP', 'CONNECTION', 'SUGGESTED GRANT', 'CAUSE', 'BY', 'AT'], rows));
          return;
        }
        const anySlug = engine.settings().namingSlug === '';
        if (options.apply) {
          const created = runGuarded(options.yes, '"scimdesk mapping suggest"', (confirmation) => engine.applySuggestions(undefined, CLI_ACTOR, confirmation));
          const skipped = engine.mappings.listSuggestions().filter((item) => item.excludedFromAcceptAll);
          if (options.json) {
            printJson(created);
            return;
          }
          printLines(
            `Accepted ${created.length} suggested mapping${created.length === 1 ? '' : 's'}.`,
            ...created.map((item) => `  ${item.groupName} → ${grantText(item.grant, item.workspaceName)}`),
            ...describeSkipped(skipped),
          );
          return;
        }
        const suggestions = engine.mappings.listSuggestions();
        if (options.json) {
          printJson(suggestions);
          return;
        }
        const dismissedCount = engine.mappings.listDismissedSuggestions().length;
        const dismissedNote = dismissedCount === 0 ? [] : [`${dismissedCount} dismissed suggestion${dismissedCount === 1 ? '' : 's'} not shown: list them with --dismissed.`];
        const slugNote = anySlug ? anySlugNotice() : [];
        if (suggestions.length === 0) {
          printLines('No suggestions: every group named by the convention is mapped, or no workspace matches.', ...dismissedNote, ...slugNote);
          return;
        }
        const rows = suggestions.map((item) => [
          item.groupName,
          item.connectionName,
          grantText(item.grant, item.workspaceName),
          item.excludedFromAcceptAll ? 'no: add it with "mapping add"' : 'yes',
        ]);
        printLines(formatTable(['GROUP', 'CONNECTION', 'SUGGESTED GRANT', 'BY --apply'], rows), ...dismissedNote, ...slugNote);
      });
    });
}

/** Lists the organization-admin suggestions that --apply skipped, each with the command that maps it. */
function describeSkipped(skipped: Suggestion[]): string[] {
  if (skipped.length === 0) {
    return [];
  }
  return [
    `Skipped ${skipped.length} organization-admin suggestion${skipped.length === 1 ? '' : 's'}, because the naming convention accepts any app slug and the group may belong to another app:`,
    ...skipped.map(
      (item) => `  ${item.groupName} from ${item.connectionName}: if it is this app's, run "scimdesk mapping add --group ${quoteArgument(item.groupName)} --connection ${quoteArgument(item.connectionName)} --org-admin"`,
    ),
    'Set this app\'s slug with "scimdesk mapping convention --slug SLUG" so that only its own group is suggested.',
  ];
}

/** Adds the options that choose the group, name a grant, a draft and the confirmation to a mapping command. */
function grantOptions(command: Command): Command {
  return command
    .option('--group-id <id>', 'the group by its id, in place of --group')
    .option('--connection <name>', 'with --group: the connection whose group of that name is meant, when several connections have one')
    .option('--org-admin', 'the organization admin role')
    .option('--workspace <name>', 'the workspace of the role')
    .addOption(new Option('--role <role>', 'the workspace role').choices(WORKSPACE_ROLES))
    .option('--draft <name>', 'change this draft instead of the live mappings')
    .option('--yes', 'confirm when the change lowers access for more than the allowed share of users');
}

function printChange(options: GlobalOptions, sentence: string, output: { mapping: Mapping; diff: RoleDiff }): void {
  if (options.json) {
    printJson(output);
    return;
  }
  const lines = [sentence, describeCounts(output.diff)];
  if (output.diff.entries.length > 0) {
    lines.push(formatDiffTable(output.diff.entries));
  }
  printLines(...lines);
}

/**
 * Finds the group that --group-id, or a name with an optional --connection, names. The name
 * comes from --group, or from the option `nameOption` names, and may also be an id. A name that
 * groups of several connections have is rejected with the options that choose one. With
 * `allowUnknownName`, a name that no live group has returns null instead of failing.
 */
function findGroup(
  engine: Engine,
  options: GroupOptions,
  { allowUnknownName, nameOption = '--group' }: { allowUnknownName: boolean; nameOption?: string },
): string | null {
  if (options.groupId !== undefined) {
    if (options.group !== undefined || options.connection !== undefined) {
      throw new CliError(`--group-id names the group on its own. Use either --group-id ID, or ${nameOption} NAME with an optional --connection NAME.`);
    }
    const found = engine.db.prepare('SELECT id FROM groups WHERE id = ?').pluck().get(options.groupId) as string | undefined;
    if (found === undefined) {
      throw new CliError(`No group has the id "${options.groupId}". "scimdesk mapping list --json" prints the groupId of each mapped group.`);
    }
    return found;
  }
  if (options.group === undefined || options.group.trim() === '') {
    throw new CliError(`Name the group: ${nameOption} NAME (with --connection NAME when several connections have it), or --group-id ID.`);
  }
  const name = options.group.trim();
  const connectionId = options.connection === undefined ? undefined : engine.connections.getByName(options.connection).id;
  const byId = engine.db.prepare('SELECT id, connection_id FROM groups WHERE id = ?').get(name) as { id: string; connection_id: string } | undefined;
  if (byId !== undefined && (connectionId === undefined || byId.connection_id === connectionId)) {
    return byId.id;
  }

  const matches = (
    engine.db
      .prepare('SELECT g.id, g.connection_id, c.name AS connection FROM groups g JOIN connections c ON c.id = g.connection_id WHERE g.display_name_key = ? ORDER BY c.name')
      .all(name.toLowerCase()) as { id: string; connection_id: string; connection: string }[]
  ).filter((match) => connectionId === undefined || match.connection_id === connectionId);
  if (matches.length === 0) {
    if (allowUnknownName && connectionId === undefined) {
      return null;
    }
    const where = options.connection === undefined ? '' : ` in the connection "${options.connection}"`;
    throw new CliError(`No group is named "${name}"${where}. Groups appear once an identity provider pushes them; check the name with the console's Mappings screen.`);
  }
  if (matches.length > 1) {
    const listed = matches.map((match) => `${match.id} in ${match.connection}`).join(', ');
    const advice = connectionId === undefined ? 'Choose one with --connection NAME, or give its id with --group-id ID.' : 'Give its id with --group-id ID.';
    throw new CliError(`${matches.length} groups are named "${name}" (${listed}). ${advice}`);
  }
  return matches[0]!.id;
}

/** Finds the live mapping named by --id, or by its group (--group or --group-id) with its grant. */
function findMapping(engine: Engine, options: MappingOptions): Mapping {
  if (options.id !== undefined) {
    return engine.mappings.get(options.id);
  }
  if (options.group === undefined && options.groupId === undefined) {
    throw new CliError('Name the mapping to remove: --id ID, or --group NAME (or --group-id ID) with --org-admin or --workspace NAME --role ROLE.');
  }
  const grant = readGrant(engine, options);
  const groupId = findGroup(engine, options, { allowUnknownName: false })!;
  const match = engine.mappings
    .list()
    .find((item) => item.groupId === groupId && grantText(item.grant, item.workspaceName) === grantText(grant, workspaceNameOf(engine, grant)));
  if (match === undefined) {
    const group = options.group ?? options.groupId;
    throw new CliError(`${group} is not mapped to ${describeGrantOf(engine, grant)}. List the mappings with "scimdesk mapping list".`);
  }
  return match;
}

function readGrant(engine: Engine, options: GrantOptions): Grant {
  if (options.orgAdmin && (options.workspace || options.role)) {
    throw new CliError('Use either --org-admin or --workspace with --role, not both.');
  }
  if (options.orgAdmin) {
    return { kind: 'organization-admin' };
  }
  if (!options.workspace || !options.role) {
    throw new CliError('Say what the group grants: --org-admin, or --workspace NAME --role admin|editor|viewer.');
  }
  return { kind: 'workspace', workspaceId: engine.workspaces.getByName(options.workspace).id, role: options.role };
}

function workspaceNameOf(engine: Engine, grant: Grant): string | null {
  return grant.kind === 'workspace' ? engine.workspaces.get(grant.workspaceId).name : null;
}

function describeGrantOf(engine: Engine, grant: Grant): string {
  return grantText(grant, workspaceNameOf(engine, grant));
}

/** Describes a grant for people: "organization admin" or "editor in Data Science". */
export function grantText(grant: Grant, workspaceName: string | null): string {
  return grant.kind === 'organization-admin' ? 'organization admin' : `${grant.role} in ${workspaceName ?? grant.workspaceId}`;
}
