import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleHandlers } from '../engine/admin/console-handlers.ts';
import { dispatchConsoleCall } from '../engine/admin/dispatch.ts';
import type { Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { REPORT_DOWNLOAD_PREFIX, sendReportFile } from './report-download.ts';

const log = createLogger('console-http');

/** Folder of the built renderer (`npm run build` writes it). */
export const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer/', import.meta.url));

/**
 * Prefix of the session cookie's name. Browsers keep cookies per host, not per port, so each
 * console adds its port: two servers on 127.0.0.1 would otherwise overwrite each other's session.
 */
const SESSION_COOKIE_PREFIX = 'scimdesk_session_';
const MAX_API_BODY_BYTES = 1_048_576;
/** How often the event stream looks for events written by other processes, in milliseconds. */
const EVENT_POLL_MS = 500;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface ConsoleServer {
  server: Server;
  /** URL to open, carrying the per-run session secret; opening it sets the session cookie. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the browser console and its API on loopback only: the built renderer,
 * `POST /api/<method>` with JSON, and `GET /api/events/stream` as server-sent
 * events. Every request needs the per-run session secret, first as `?session=`
 * on the console URL, then as an HttpOnly cookie; the Host header must name
 * loopback, which keeps other sites out through DNS rebinding.
 */
export async function startConsoleServer(engine: Engine, handlers: ConsoleHandlers, port: number): Promise<ConsoleServer> {
  const secret = randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  const poll = setInterval(() => engine.events.announce(), EVENT_POLL_MS);
  const unsubscribe = engine.events.subscribe((event) => {
    // With no browser connected, every SCIM request would still pay for building an unread frame.
    if (streams.size === 0) {
      return;
    }
    const frame = `event: sync-event\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) {
      stream.write(frame);
    }
  });

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'console request failed');
      if (!response.headersSent) {
        sendJson(response, 500, { error: { code: 'internal', message: 'The console server failed; details are in the ScimDesk log.' } });
      }
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!isLoopbackHost(request.headers.host, boundPort())) {
      sendText(response, 421, 'The console answers only on 127.0.0.1 or localhost.');
      return;
    }
    const offered = url.searchParams.get('session');
    if (offered !== null && request.method === 'GET') {
      if (!secretMatches(offered, secret)) {
        sendText(response, 401, 'This console link is not valid for the running server. Use the console URL that `scimdesk serve` printed.');
        return;
      }
      response.writeHead(303, {
        'Set-Cookie': `${SESSION_COOKIE_PREFIX}${boundPort()}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
      });
      response.end();
      return;
    }
    if (!secretMatches(readCookie(request.headers.cookie, `${SESSION_COOKIE_PREFIX}${boundPort()}`) ?? '', secret)) {
      sendText(response, 401, 'Open the console with the URL that `scimdesk serve` printed; it carries this run\'s session secret.');
      return;
    }

    if (url.pathname === '/api/events/stream' && request.method === 'GET') {
      openEventStream(response, streams);
      return;
    }
    if (url.pathname.startsWith(REPORT_DOWNLOAD_PREFIX) && request.method === 'GET') {
      await sendReportFile(engine.dataDir, decodeURIComponent(url.pathname.slice(REPORT_DOWNLOAD_PREFIX.length)), response, SECURITY_HEADERS);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApiCall(request, response, handlers, url.pathname.slice('/api/'.length));
      return;
    }
    await serveStatic(url.pathname, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (): number => (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${boundPort()}/?session=${secret}`;
  log.info({ port: boundPort() }, 'console listening on loopback');

  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        unsubscribe();
        for (const stream of streams) {
          stream.end();
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleApiCall(request: IncomingMessage, response: ServerResponse, handlers: ConsoleHandlers, method: string): Promise<void> {
  if (request.method !== 'POST') {
    sendJson(response, 405, { error: { code: 'method-not-allowed', message: 'Console API calls use POST.' } });
    return;
  }
  const text = await readText(request, MAX_API_BODY_BYTES);
  if (text === undefined) {
    sendJson(response, 413, { error: { code: 'too-large', message: 'The request body is larger than 1 MiB.' } });
    return;
  }
  let input: unknown = {};
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      sendJson(response, 400, { error: { code: 'invalid', message: 'The request body is not valid JSON.' } });
      return;
    }
  }
  const result = dispatchConsoleCall(handlers, method, input);
  if (result.ok) {
    sendJson(response, 200, result.output);
  } else {
    sendJson(response, result.status, { error: result.error });
  }
}

function openEventStream(response: ServerResponse, streams: Set<ServerResponse>): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  streams.add(response);
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
  response.on('close', () => {
    clearInterval(heartbeat);
    streams.delete(response);
  });
}

async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(RENDERER_DIR, relative);
  if (!file.startsWith(RENDERER_DIR) || relative.split(sep).includes('..')) {
    sendText(response, 404, 'Not found.');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    // Client-side routes fall back to the single page.
    file = join(RENDERER_DIR, 'index.html');
  }
  const content = await readFile(file).catch(() => undefined);
  if (!content) {
    sendText(response, 503, 'The console is not built. Run `npm run build` in the ScimDesk folder, then reload.');
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': content.length,
  });
  response.end(content);
}

function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function secretMatches(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return value.join('=');
    }
  }
  return undefined;
}

function readText(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
