import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.ts';
import { SCIM_BASE_PATH } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { OAUTH_TOKEN_PATH } from '../engine/oauth/clients.ts';
import { handleTokenRequest } from '../engine/oauth/token-endpoint.ts';
import { MAX_PAYLOAD_BYTES } from '../engine/scim/discovery.ts';
import { ScimError, toErrorResponse } from '../engine/scim/errors.ts';

const log = createLogger('scim-http');

export interface ScimServerOptions {
  host: string;
  port: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** A running SCIM listener. */
export interface ScimServer {
  server: Server;
  /** Absolute SCIM base URL, e.g. http://127.0.0.1:8417/scim/v2. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the engine's SCIM endpoint under /scim/v2 on node:http (or node:https
 * with a certificate). The listener reads the body up to MAX_PAYLOAD_BYTES and
 * hands everything else to the engine.
 */
export async function startScimServer(engine: Engine, options: ScimServerOptions): Promise<ScimServer> {
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    handleRequest(engine, request, response, Boolean(options.tls)).catch((error: unknown) => {
      log.error({ err: error, method: request.method, url: request.url }, 'SCIM request failed before it reached the engine');
      if (!response.headersSent) {
        send(response, 500, toErrorResponse(new ScimError(500, undefined, 'The server failed to handle the request; it was not applied. The error is in the ScimDesk log.')), {});
      } else {
        response.destroy();
      }
    });
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `${options.tls ? 'https' : 'http'}://${host}:${address.port}${SCIM_BASE_PATH}`;
  log.info({ baseUrl }, 'SCIM endpoint listening');

  return {
    server,
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleRequest(engine: Engine, request: IncomingMessage, response: ServerResponse, secure: boolean): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === OAUTH_TOKEN_PATH) {
    await handleTokenEndpoint(engine, request, response);
    return;
  }
  if (url.pathname !== SCIM_BASE_PATH && !url.pathname.startsWith(`${SCIM_BASE_PATH}/`)) {
    send(response, 404, toErrorResponse(new ScimError(404, undefined, `Nothing is served at ${url.pathname}; the SCIM base path is ${SCIM_BASE_PATH}.`)), {});
    return;
  }

  const { body, tooLarge } = await readBody(request);
  const hostHeader = request.headers.host ?? 'localhost';
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  const answer = await engine.handleScimBatched({
    method: (request.method ?? 'GET').toUpperCase(),
    path: url.pathname.slice(SCIM_BASE_PATH.length) || '/',
    query: url.searchParams,
    rawQuery: url.search.slice(1),
    headers,
    body,
    bodyTooLarge: tooLarge,
    baseUrl: `${secure ? 'https' : 'http'}://${hostHeader}${SCIM_BASE_PATH}`,
  });
  send(response, answer.status, answer.body, answer.headers, answer.text);
}

/** Serves the OAuth 2.0 token endpoint (client credentials grant) on the SCIM listener's origin. */
async function handleTokenEndpoint(engine: Engine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { body, tooLarge } = await readBody(request);
  if (tooLarge) {
    send(response, 413, { error: 'invalid_request', error_description: `The token request is larger than ${MAX_PAYLOAD_BYTES} bytes.` }, { 'Content-Type': 'application/json; charset=utf-8' });
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const answer = handleTokenRequest(engine, { method: (request.method ?? 'GET').toUpperCase(), headers, body });
  send(response, answer.status, answer.body, answer.headers);
}

/** Writes the response with `body` as JSON; `serialized` is that JSON when the engine already made it. */
function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>, serialized?: string): void {
  if (status === 204 || status === 304) {
    // These responses have no content, so they carry no content headers either (RFC 9110 §8.6, §15.4.5).
    const { 'Content-Type': _contentType, ...kept } = headers;
    response.writeHead(status, kept);
    response.end();
    return;
  }
  const text = body === undefined ? '' : (serialized ?? JSON.stringify(body));
  response.writeHead(status, {
    'Content-Type': 'application/scim+json; charset=utf-8',
    ...headers,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Reads the request body as UTF-8; past MAX_PAYLOAD_BYTES it stops keeping data and reports tooLarge. */
function readBody(request: IncomingMessage): Promise<{ body: string | undefined; tooLarge: boolean }> {
  // Without either header HTTP/1.1 has no body (RFC 9112 §6.3), as for most GETs, so there is nothing to wait for.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    request.resume();
    return Promise.resolve({ body: undefined, tooLarge: false });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve({ body: chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge });
    });
    request.on('error', reject);
  });
}
