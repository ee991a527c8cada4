/** The session of the browser console over real HTTP on loopback. */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleHandlers } from '../../src/main/engine/admin/console-handlers.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { startConsoleServer, type ConsoleServer } from '../../src/main/http/console-server.ts';

const opened: { engine: Engine; server: ConsoleServer }[] = [];

async function openConsole(): Promise<ConsoleServer> {
  const engine = Engine.openInMemory();
  const server = await startConsoleServer(engine, createConsoleHandlers(engine, { version: 'test', transport: 'http', actor: 'console' }), 0);
  opened.push({ engine, server });
  return server;
}

/** Opens the console link and returns the cookie it sets, as "name=value". */
async function logIn(server: ConsoleServer): Promise<string> {
  const response = await request(server.url, { method: 'GET' });
  await response.body.dump();
  return String(response.headers['set-cookie']).split(';')[0]!;
}

async function listConnections(server: ConsoleServer, cookie: string): Promise<number> {
  const response = await request(`${new URL(server.url).origin}/api/listConnections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });
  await response.body.dump();
  return response.statusCode;
}

afterEach(async () => {
  for (const { engine, server } of opened.splice(0)) {
    await server.close();
    engine.close();
  }
});

describe('console session', () => {
  it('names its cookie after the port', async () => {
    const server = await openConsole();

    const cookie = await logIn(server);

    expect(cookie.startsWith(`scimdesk_session_${new URL(server.url).port}=`)).toBe(true);
  });

  it('survives a second console on 127.0.0.1', async () => {
    const first = await openConsole();
    const second = await openConsole();

    // A browser sends every cookie of 127.0.0.1 to both ports.
    const cookies = `${await logIn(first)}; ${await logIn(second)}`;

    expect(await listConnections(first, cookies)).toBe(200);
    expect(await listConnections(second, cookies)).toBe(200);
  });

  it("rejects the other console's cookie", async () => {
    const first = await openConsole();
    const second = await openConsole();

    const secondCookie = await logIn(second);

    expect(await listConnections(first, secondCookie)).toBe(401);
  });
});
