import type { Command } from 'commander';
import { Option } from 'commander';
import { WORKSPACE_ROLES, type Grant, type WorkspaceRole } from '../../../shared/model.ts';
import type { Engine } from '../../engine/engine.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** `scimdesk workspace …` and `scimdesk mapping …`: the admin side of the access model. */
export function registerAccess(program: Command): void {
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
      });
    });

  const mapping = program.command('mapping').description('Map identity provider groups to roles.');
  mapping
    .command('add')
    .description('Map a group to the organization admin role or to a role in a workspace.')
    .requiredOption('--group <name>', 'the group as the identity provider names it (displayName)')
    .option('--org-admin', 'grant the organization admin role')
    .option('--workspace <name>', 'the workspace to grant a role in')
    .addOption(new Option('--role <role>', 'the workspace role to grant').choices(WORKSPACE_ROLES))
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { group: string; orgAdmin?: boolean; workspace?: string; role?: WorkspaceRole }>();
      await withEngine(options, (engine) => {
        const groupId = findGroupId(engine, options.group);
        const grant = readGrant(engine, options);
        const created = engine.addMapping(groupId, grant, CLI_ACTOR);
        options.json ? printJson(created) : printLines(`Mapped ${created.groupName} to ${grantText(created.grant, created.workspaceName)}.`);
      });
    });

  mapping
    .command('suggest')
    .description('List the mappings the naming convention suggests; --apply accepts them all.')
    .option('--apply', 'accept every suggestion')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { apply?: boolean }>();
      await withEngine(options, (engine) => {
        if (options.apply) {
          const created = engine.applySuggestions(undefined, CLI_ACTOR);
          options.json
            ? printJson(created)
            : printLines(
                `Accepted ${created.length} suggested mapping${created.length === 1 ? '' : 's'}.`,
                ...created.map((item) => `  ${item.groupName} → ${grantText(item.grant, item.workspaceName)}`),
              );
          return;
        }
        const suggestions = engine.mappings.listSuggestions();
        if (options.json) {
          printJson(suggestions);
          return;
        }
        if (suggestions.length === 0) {
          printLines('No suggestions: every group named by the convention is mapped, or no workspace matches.');
          return;
        }
        printLines(formatTable(['GROUP', 'SUGGESTED GRANT'], suggestions.map((item) => [item.groupName, grantText(item.grant, item.workspaceName)])));
      });
    });
}

function findGroupId(engine: Engine, name: string): string {
  const matches = engine.db
    .prepare('SELECT g.id, c.name AS connection FROM groups g JOIN connections c ON c.id = g.connection_id WHERE g.display_name_key = ?')
    .all(name.toLowerCase()) as { id: string; connection: string }[];
  if (matches.length === 0) {
    throw new CliError(`No group is named "${name}". Groups appear once an identity provider pushes them; check the name with the console's Mappings screen.`);
  }
  if (matches.length > 1) {
    throw new CliError(`Several connections have a group named "${name}" (${matches.map((match) => match.connection).join(', ')}); map it in the console instead.`);
  }
  return matches[0]!.id;
}

function readGrant(engine: Engine, options: { orgAdmin?: boolean; workspace?: string; role?: WorkspaceRole }): Grant {
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

/** Describes a grant for people: "organization admin" or "editor in Data Science". */
export function grantText(grant: Grant, workspaceName: string | null): string {
  return grant.kind === 'organization-admin' ? 'organization admin' : `${grant.role} in ${workspaceName ?? grant.workspaceId}`;
}
