import type { Command } from 'commander';
import { Option } from 'commander';
import type { Connection, TokenListing } from '../../../shared/api.ts';
import { describeHealth } from '../../../shared/health-label.ts';
import { PROVIDER_ID_VALUES } from '../../../shared/model.ts';
import { PROVIDERS } from '../../../shared/providers/index.ts';
import { describeConnection } from '../../engine/admin/console-handlers.ts';
import { describeBasicCredentials } from '../../engine/connections/basic-credentials.ts';
import type { ProviderId } from '../../engine/connections/connections.ts';
import { tokenEndpointUrl } from '../../engine/connections/handlers.ts';
import { deleteConnection, describeConnectionRemoval, setConnectionDisabled, type ConnectionRemoval } from '../../engine/connections/lifecycle.ts';
import { getSetupProgress } from '../../engine/connections/setup-progress.ts';
import { listTokenStates } from '../../engine/connections/token-lifecycle.ts';
import type { Engine } from '../../engine/engine.ts';
import { computeConnectionHealth } from '../../engine/health/health.ts';
import { listOAuthClients } from '../../engine/oauth/clients.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import { formatTokens, registerCredentialCommands, registerTokenCommands } from './connection-credentials.ts';

/** `scimdesk connection …`: connections of identity providers, their tokens and credentials. */
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
          `Created the ${PROVIDERS[created.provider].displayName} connection "${created.name}".`,
          `SCIM base URL: ${scimBaseUrl}`,
          `Bearer token:  ${token}`,
          'Copy the token now: ScimDesk stores only its hash and cannot show it again.',
        );
      }, { createStore: true });
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

  registerShow(connection);
  registerDisableEnable(connection);
  registerDelete(connection);
  registerTokenCommands(connection);
  registerCredentialCommands(connection);
}

function registerShow(connection: Command): void {
  connection
    .command('show')
    .description('Show one connection: health, traffic, tokens (ids only), Basic user name, OAuth clients and setup progress.')
    .argument('<name>', 'name of the connection')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const details = describeDetails(engine, name);
        if (options.json) {
          printJson(details);
          return;
        }
        printLines(...formatDetails(details));
      });
    });
}

function registerDisableEnable(connection: Command): void {
  for (const disabled of [true, false]) {
    const verb = disabled ? 'disable' : 'enable';
    connection
      .command(verb)
      .description(
        disabled
          ? 'Disable a connection: its credentials get 401 at once; users and groups stay.'
          : 'Enable a disabled connection: its credentials work again.',
      )
      .argument('<name>', 'name of the connection')
      .action(async (name: string, _options: unknown, command: Command) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        await withEngine(options, (engine) => {
          const record = setConnectionDisabled(engine, engine.connections.getByName(name).id, disabled, CLI_ACTOR);
          if (options.json) {
            printJson(describeConnection(engine, record));
            return;
          }
          printLines(`The connection "${record.name}" is ${disabled ? 'disabled' : 'enabled'}.`);
        });
      });
  }
}

function registerDelete(connection: Command): void {
  connection
    .command('delete')
    .description('Delete a connection with its users, groups, memberships, tokens and credentials; the event log keeps its history.')
    .argument('<name>', 'name of the connection')
    .option('--yes', 'confirm the deletion; without it, the command only lists what it would remove')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { yes?: boolean }>();
      await withEngine(options, (engine) => {
        const record = engine.connections.getByName(name);
        if (!options.yes) {
          const removal = describeConnectionRemoval(engine, record.id);
          throw new CliError(`${describeRemoval(removal, 'would remove')} Nothing was deleted; run again with --yes to delete it.`);
        }
        const removed = deleteConnection(engine, record.id, record.name, CLI_ACTOR);
        if (options.json) {
          printJson(removed);
          return;
        }
        printLines(describeRemoval(removed, 'removed'));
      });
    });
}

interface ConnectionDetails {
  connection: Connection;
  health: ReturnType<typeof computeConnectionHealth>;
  tokens: TokenListing[];
  basic: ReturnType<typeof describeBasicCredentials>;
  oauthClients: ReturnType<typeof listOAuthClients>;
  tokenUrl: string;
  setupStep: string;
}

function describeDetails(engine: Engine, name: string): ConnectionDetails {
  const record = engine.connections.getByName(name);
  return {
    connection: describeConnection(engine, record),
    health: computeConnectionHealth(engine, record.id, engine.clock.now()),
    tokens: listTokenStates(engine, record.id),
    basic: describeBasicCredentials(engine, record.id),
    oauthClients: listOAuthClients(engine, record.id),
    tokenUrl: tokenEndpointUrl(engine),
    setupStep: getSetupProgress(engine, record.id).step,
  };
}

function formatDetails(details: ConnectionDetails): string[] {
  const { connection, health } = details;
  const lines = [
    `${connection.name} (${PROVIDERS[connection.provider].displayName}), ${connection.disabled ? 'disabled' : 'enabled'}`,
    `Health:        ${describeHealth(health).label.toLowerCase()}. ${health.reason}`,
    `Created:       ${connection.createdAt}`,
    `SCIM base URL: ${connection.scimBaseUrl}`,
    `Requests:      ${connection.requestCount} (${connection.errorCount} failed)`,
    `Last request:  ${connection.lastRequestAt === null ? 'never' : `${connection.lastRequestAt}: ${connection.lastRequestSummary ?? ''}`}`,
    `Directory:     ${connection.userCount} users, ${connection.groupCount} groups`,
    `Setup step:    ${details.setupStep}`,
    `Basic auth:    ${details.basic === null ? 'none' : `${details.basic.username}, last used ${details.basic.lastUsedAt ?? 'never'}`}`,
    `OAuth clients: ${details.oauthClients.length === 0 ? 'none' : details.oauthClients.map((client) => client.clientId).join(', ')} (token URL ${details.tokenUrl})`,
    '',
    formatTokens(details.tokens),
  ];
  return lines;
}

function describeRemoval(removal: ConnectionRemoval, verb: string): string {
  const count = (value: number, noun: string, plural = `${noun}s`): string => `${value} ${value === 1 ? noun : plural}`;
  const orphanNote = removal.mappingsKept > 0 ? ` Mappings of its groups stay and show as orphaned: ${removal.mappingsKept}.` : '';
  return (
    `Deleting "${removal.name}" ${verb} ${count(removal.users, 'user')}, ${count(removal.groups, 'group')}, ` +
    `${count(removal.memberships, 'membership')}, ${count(removal.tokens, 'token')}, ` +
    `${count(removal.basicCredentials, 'Basic credential pair', 'Basic credential pairs')} and ${count(removal.oauthClients, 'OAuth client')}; ` +
    `the event log keeps its history.${orphanNote}`
  );
}
