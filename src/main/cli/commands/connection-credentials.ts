/** Token and credential subcommands of `scimdesk connection`. */

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { TokenListing } from '../../../shared/api.ts';
import { issueBasicCredentials } from '../../engine/connections/basic-credentials.ts';
import { formatDuration, parseDuration } from '../../engine/connections/durations.ts';
import { tokenEndpointUrl } from '../../engine/connections/handlers.ts';
import { KIND_NAMES, listCredentials, revokeCredential, type CredentialListing } from '../../engine/connections/credentials.ts';
import { DEFAULT_ROTATION_OVERLAP_MS, listTokenStates, rotateToken } from '../../engine/connections/token-lifecycle.ts';
import { ACCESS_TOKEN_SECONDS_RANGE, createOAuthClient, DEFAULT_ACCESS_TOKEN_SECONDS } from '../../engine/oauth/clients.ts';
import { CLI_ACTOR, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** Adds `tokens`, `rotate-token`, `credentials` and `revoke` (also named `revoke-token`). */
export function registerTokenCommands(connection: Command): void {
  connection
    .command('tokens')
    .description('List the bearer tokens of a connection: ids, state, created, expiry and last-used times (never the tokens).')
    .argument('<name>', 'name of the connection')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const tokens = listTokenStates(engine, engine.connections.getByName(name).id);
        if (options.json) {
          printJson(tokens);
          return;
        }
        printLines(formatTokens(tokens));
      });
    });

  connection
    .command('rotate-token')
    .description('Issue a new bearer token (printed once); the previous tokens keep working for the overlap.')
    .argument('<name>', 'name of the connection')
    .option('--overlap <duration>', 'how long the previous tokens keep working, e.g. 24h, 90m, 7d or 0', parseOverlap, DEFAULT_ROTATION_OVERLAP_MS)
    .option('--expires <time>', 'ISO 8601 expiry of the new token; without it the token never expires')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { overlap: number; expires?: string }>();
      await withEngine(options, (engine) => {
        const record = engine.connections.getByName(name);
        const rotated = rotateToken(engine, record.id, { overlapMs: options.overlap, expiresAt: options.expires ?? null }, CLI_ACTOR);
        if (options.json) {
          printJson(rotated);
          return;
        }
        printLines(
          `Issued token ${rotated.tokenId} for "${record.name}"${rotated.expiresAt === null ? '; it never expires' : `; it expires at ${rotated.expiresAt}`}.`,
          `Bearer token:  ${rotated.token}`,
          'Copy the token now: ScimDesk stores only its hash and cannot show it again.',
          ...rotated.previous.map((token) => `Token ${token.tokenId} keeps working until ${token.expiresAt}.`),
          rotated.previous.length === 0 ? 'No earlier token was active, so no overlap applies.' : `Overlap: ${formatDuration(options.overlap)}.`,
        );
      });
    });

  connection
    .command('credentials')
    .description('List every credential of a connection that is not revoked: bearer tokens, the HTTP Basic user name and OAuth clients, with the id that `connection revoke` takes (never a secret).')
    .argument('<name>', 'name of the connection')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const credentials = listCredentials(engine, engine.connections.getByName(name).id);
        if (options.json) {
          printJson(credentials);
          return;
        }
        printLines(formatCredentials(credentials));
      });
    });

  connection
    .command('revoke')
    .alias('revoke-token')
    .description(
      'Revoke one credential of a connection: a bearer token, the HTTP Basic credentials or an OAuth client with every access token it was issued. ' +
        'Requests that send it get 401 from the next request on.',
    )
    .argument('<name>', 'name of the connection')
    .argument('<credential-id>', 'token id, Basic user name or OAuth client id, as `connection credentials` lists it')
    .action(async (name: string, credentialId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const record = engine.connections.getByName(name);
        const kind = revokeCredential(engine, record.id, credentialId, CLI_ACTOR);
        if (options.json) {
          printJson({ connection: record.name, credentialId, kind });
          return;
        }
        const left = listCredentials(engine, record.id).filter((credential) => credential.state !== 'expired').length;
        const warning =
          left === 0
            ? ` "${record.name}" has no working credential now; issue a token with \`scimdesk connection rotate-token "${record.name}"\` and enter it in the provider.`
            : '';
        printLines(`Revoked the ${KIND_NAMES[kind]} ${credentialId} of "${record.name}".${warning}`);
      });
    });
}

/** Adds `basic-credentials` and `oauth-client`. */
export function registerCredentialCommands(connection: Command): void {
  connection
    .command('basic-credentials')
    .description('Issue HTTP Basic credentials (printed once) for providers that send Basic auth; they replace any earlier ones.')
    .argument('<name>', 'name of the connection')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const issued = issueBasicCredentials(engine, engine.connections.getByName(name).id, CLI_ACTOR);
        if (options.json) {
          printJson(issued);
          return;
        }
        printLines(`User name: ${issued.username}`, `Password:  ${issued.password}`, 'Copy the password now: ScimDesk stores only its hash.');
      });
    });

  connection
    .command('oauth-client')
    .description('Create an OAuth 2.0 client for the client credentials grant and print its id and secret (once).')
    .argument('<name>', 'name of the connection')
    .option('--lifetime <seconds>', 'lifetime of each access token in seconds', parseLifetime, DEFAULT_ACCESS_TOKEN_SECONDS)
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { lifetime: number }>();
      await withEngine(options, (engine) => {
        const client = createOAuthClient(engine, engine.connections.getByName(name).id, CLI_ACTOR, options.lifetime);
        const tokenUrl = tokenEndpointUrl(engine);
        if (options.json) {
          printJson({ ...client, tokenUrl });
          return;
        }
        printLines(
          `Token URL:     ${tokenUrl}`,
          `Client ID:     ${client.clientId}`,
          `Client secret: ${client.clientSecret}`,
          `Access tokens last ${client.accessTokenSeconds} seconds. Copy the secret now: ScimDesk stores only its hash.`,
        );
      });
    });
}

/** Formats token metadata as a table; never shows a token. */
export function formatTokens(tokens: TokenListing[]): string {
  if (tokens.length === 0) {
    return 'No tokens. Issue one with `scimdesk connection rotate-token NAME`.';
  }
  const rows = tokens.map((token) => [token.id, token.state, token.createdAt, token.expiresAt ?? 'never', token.lastUsedAt ?? 'never']);
  const note = 'LAST USED is stored at most once a minute; the simulator uses a temporary token of its own.';
  return `${formatTable(['TOKEN ID', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'], rows)}\n${note}`;
}

/** Formats every kind of credential as a table; never shows a secret. */
function formatCredentials(credentials: CredentialListing[]): string {
  if (credentials.length === 0) {
    return 'No credentials. Issue a token with `scimdesk connection rotate-token NAME`.';
  }
  const rows = credentials.map((credential) => [
    KIND_NAMES[credential.kind],
    credential.id,
    credential.state,
    credential.createdAt,
    credential.expiresAt ?? 'never',
    credential.lastUsedAt ?? 'never',
  ]);
  return formatTable(['KIND', 'ID', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'], rows);
}

function parseOverlap(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseLifetime(value: string): number {
  const seconds = Number(value);
  const { min, max } = ACCESS_TOKEN_SECONDS_RANGE;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new InvalidArgumentError(`"${value}" is not a lifetime: use whole seconds from ${min} to ${max}.`);
  }
  return seconds;
}
