import { nowIso } from '../clock.ts';
import { parseBasicCredentials } from '../connections/basic-credentials.ts';
import type { Engine } from '../engine.ts';
import { redactHeaders } from '../events/redact.ts';
import { createLogger } from '../log/logger.ts';
import { SIMULATOR_CREDENTIAL } from '../connections/tokens.ts';
import { authenticateClient, isSimulatorClient, issueAccessToken, OAUTH_TOKEN_PATH, type OAuthClientRow } from './clients.ts';

const log = createLogger('oauth');

/** Error codes of a token error response (RFC 6749 §5.2). */
export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

/** A request to the token endpoint, free of any HTTP framework. */
export interface TokenEndpointRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string | undefined;
}

/** The token endpoint's response: JSON body, status and headers. */
export interface TokenEndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A failed token request. Its status is 400, 401 for a failed client authentication (RFC 6749
 * §5.2), or 405 for a method other than POST.
 */
class TokenError extends Error {
  readonly status: number;
  readonly code: TokenErrorCode;
  /** Set when the client authenticated, so that the failure's event names its connection. */
  connectionId: string | null = null;

  constructor(status: number, code: TokenErrorCode, description: string) {
    super(description);
    this.status = status;
    this.code = code;
  }
}

/** Headers every token response carries, because it may contain a credential (RFC 6749 §5.1). */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache', 'Content-Type': 'application/json; charset=utf-8' };

/**
 * Handles `POST /oauth/token` with the client credentials grant (RFC 6749 §4.4): authenticates
 * the client with HTTP Basic (§2.3.1) or with `client_id` and `client_secret` in the form body,
 * and issues a short-lived bearer token for the client's connection. Every request becomes an
 * `oauth.token` event that carries neither the secret nor the issued token.
 */
export function handleTokenRequest(engine: Engine, request: TokenEndpointRequest): TokenEndpointResponse {
  const started = performance.now();
  let form: URLSearchParams | undefined;
  let response: TokenEndpointResponse;
  let connectionId: string | null = null;
  let clientId: string | null = null;
  let fromSimulator = false;

  try {
    form = parseForm(request);
    const client = authenticate(engine, request, form);
    clientId = client.client_id;
    connectionId = client.connection_id;
    fromSimulator = isSimulatorClient(client);
    response = engine.db.transaction(() => grant(engine, client, form!)).immediate();
  } catch (error) {
    if (error instanceof TokenError) {
      connectionId ??= error.connectionId;
    } else {
      log.error({ err: error }, 'token request failed');
    }
    response = toErrorResponse(error, request);
  }

  recordTokenEvent(engine, request, form, { response, connectionId, clientId, fromSimulator, durationMs: performance.now() - started });
  return response;
}

function parseForm(request: TokenEndpointRequest): URLSearchParams {
  if (request.method !== 'POST') {
    throw new TokenError(405, 'invalid_request', `The token endpoint accepts only POST, not ${request.method}.`);
  }
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
    throw new TokenError(400, 'invalid_request', `Send the token request as application/x-www-form-urlencoded, not "${contentType || 'no content type'}".`);
  }
  const form = new URLSearchParams(request.body ?? '');
  const names = [...form.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new TokenError(400, 'invalid_request', `The parameter "${repeated}" appears more than once; send each parameter once.`);
  }
  return form;
}

/** Reads the client credentials from the Authorization header or the form and checks them. */
function authenticate(engine: Engine, request: TokenEndpointRequest, form: URLSearchParams): OAuthClientRow {
  const header = request.headers.authorization;
  const inBody = form.has('client_id') || form.has('client_secret');
  if (header !== undefined && inBody) {
    throw new TokenError(400, 'invalid_request', 'Send the client credentials either with HTTP Basic or in the form body, not both.');
  }

  let credentials: { clientId: string; clientSecret: string } | undefined;
  if (header !== undefined) {
    credentials = readBasicClientCredentials(header);
  } else if (inBody) {
    credentials = { clientId: form.get('client_id') ?? '', clientSecret: form.get('client_secret') ?? '' };
  }
  if (!credentials || credentials.clientId === '' || credentials.clientSecret === '') {
    throw new TokenError(401, 'invalid_client', 'Client authentication is required: send the client id and secret with HTTP Basic or as client_id and client_secret.');
  }

  const client = authenticateClient(engine, credentials.clientId, credentials.clientSecret);
  if (!client) {
    throw new TokenError(401, 'invalid_client', 'The client id or client secret is not valid.');
  }
  if (client.revoked_at !== null) {
    const failure = new TokenError(401, 'invalid_client', 'This OAuth client was revoked in ScimDesk. Create a new client for the connection and enter it in the identity provider.');
    failure.connectionId = client.connection_id;
    throw failure;
  }
  if (engine.connections.get(client.connection_id).disabled) {
    const failure = new TokenError(401, 'invalid_client', 'The connection of this client is disabled in ScimDesk.');
    failure.connectionId = client.connection_id;
    throw failure;
  }
  return client;
}

/** Decodes client_secret_basic: Basic credentials whose parts are form-urlencoded (RFC 6749 §2.3.1). */
function readBasicClientCredentials(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header);
  const decoded = match ? parseBasicCredentials(match[1]!) : undefined;
  if (!decoded) {
    return undefined;
  }
  const formDecode = (value: string): string => new URLSearchParams(`v=${value}`).get('v') ?? '';
  return { clientId: formDecode(decoded.username), clientSecret: formDecode(decoded.password) };
}

function grant(engine: Engine, client: OAuthClientRow, form: URLSearchParams): TokenEndpointResponse {
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') {
    throw new TokenError(400, 'invalid_request', 'The parameter grant_type is missing; send grant_type=client_credentials.');
  }
  if (grantType !== 'client_credentials') {
    throw new TokenError(400, 'unsupported_grant_type', `The grant type "${grantType}" is not supported; ScimDesk issues tokens only for client_credentials.`);
  }

  const { token, expiresIn } = issueAccessToken(engine, client);
  const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  // Every token grants the connection's full SCIM access, so a requested scope is granted as asked.
  const scope = form.get('scope');
  if (scope !== null && scope !== '') {
    body.scope = scope;
  }
  return { status: 200, headers: { ...NO_STORE }, body };
}

function toErrorResponse(error: unknown, request: TokenEndpointRequest): TokenEndpointResponse {
  if (!(error instanceof TokenError)) {
    return { status: 500, headers: { ...NO_STORE }, body: { error: 'server_error', error_description: 'The token endpoint failed; the error is in the ScimDesk log.' } };
  }
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.status === 401) {
    headers['WWW-Authenticate'] = 'Basic realm="ScimDesk OAuth"';
  }
  if (error.status === 405) {
    headers.Allow = 'POST';
  }
  log.debug({ status: error.status, code: error.code, basic: request.headers.authorization !== undefined }, error.message);
  return { status: error.status, headers, body: { error: error.code, error_description: error.message } };
}

interface TokenOutcome {
  response: TokenEndpointResponse;
  connectionId: string | null;
  clientId: string | null;
  /** True for a temporary client of the built-in simulator. */
  fromSimulator: boolean;
  durationMs: number;
}

/** Appends the request's event: the grant type, client id and scope, never the secret or the issued token. */
function recordTokenEvent(engine: Engine, request: TokenEndpointRequest, form: URLSearchParams | undefined, outcome: TokenOutcome): void {
  const { response, clientId, durationMs } = outcome;
  const connectionId = outcome.connectionId;
  const summary =
    response.status === 200
      ? `Issued an access token to the OAuth client ${clientId}, valid for ${String(response.body.expires_in)} seconds`
      : `POST ${OAUTH_TOKEN_PATH} answered ${response.status}: ${String(response.body.error_description ?? response.body.error)}`;
  const requestBody = form
    ? { grant_type: form.get('grant_type'), client_id: form.get('client_id') ?? clientId, scope: form.get('scope') }
    : undefined;
  const responseBody = response.status === 200 ? { token_type: 'Bearer', expires_in: response.body.expires_in } : response.body;

  try {
    engine.db
      .transaction(() => {
        engine.events.append(
          {
            kind: 'oauth.token',
            connectionId,
            method: request.method,
            path: OAUTH_TOKEN_PATH,
            status: response.status,
            durationMs,
            summary,
            changes: [],
            extra: {
              request: { method: request.method, path: OAUTH_TOKEN_PATH, headers: redactHeaders(request.headers), body: requestBody },
              response: { status: response.status, headers: response.headers, body: responseBody },
              ...(outcome.fromSimulator ? { credential: SIMULATOR_CREDENTIAL } : {}),
            },
          },
          nowIso(engine.clock),
        );
      })
      .immediate();
    engine.events.announce();
  } catch (error) {
    log.error({ err: error }, 'could not record the event of a token request');
  }
}
