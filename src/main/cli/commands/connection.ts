import type { Command } from 'commander';
import { Option } from 'commander';
import { PROVIDER_ID_VALUES } from '../../../shared/model.ts';
import { describeConnection } from '../../engine/admin/console-handlers.ts';
import type { ProviderId } from '../../engine/connections/connections.ts';
import { CLI_ACTOR, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** `scimdesk connection …`: connections of identity providers and their tokens. */
export function registerConnection(program: Command): void {
  const connection = program.command('connection').description('Manage the connections identity providers push to.');

  connection
    .command('create')
    .description('Create a connection and print its SCIM base URL and a new bearer token (shown once).')
    .addOption(new Option('--provider <provider>', 'the identity provider that will push to this connection').choices(PROVIDER_ID_VALUES).makeOptionMandatory())
    .requiredOption('--name <name>', 'a name for the connection, unique in this data directory')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { provider: ProviderId; name: string }>();
      await withEngine(options, (engine) => {
        const { connection: created, token } = engine.createConnection(options.provider, options.name, CLI_ACTOR);
        const scimBaseUrl = engine.scimBaseUrl();
        if (options.json) {
          printJson({ id: created.id, name: created.name, provider: created.provider, scimBaseUrl, token });
          return;
        }
        printLines(
          `Created the ${created.provider} connection "${created.name}".`,
          `SCIM base URL: ${scimBaseUrl}`,
          `Bearer token:  ${token}`,
          'Copy the token now: ScimDesk stores only its hash and cannot show it again.',
        );
      });
    });

  connection
    .command('list')
    .description('List connections with their request counts and last request.')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const connections = engine.connections.list().map((record) => describeConnection(engine, record));
        if (options.json) {
          printJson(connections);
          return;
        }
        const rows = connections.map((item) => [
          item.name,
          item.provider,
          item.disabled ? 'disabled' : 'enabled',
          String(item.userCount),
          String(item.groupCount),
          String(item.requestCount),
          String(item.errorCount),
          item.lastRequestAt ?? 'never',
        ]);
        printLines(formatTable(['NAME', 'PROVIDER', 'STATE', 'USERS', 'GROUPS', 'REQUESTS', 'ERRORS', 'LAST REQUEST'], rows));
      });
    });
}
