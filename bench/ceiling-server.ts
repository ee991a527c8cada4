/**
 * The ceiling server: a bare node:http listener on 127.0.0.1 that reads each
 * request body and responds to every request with the same small SCIM ListResponse.
 * Driven like the engine, it shows the request rate this machine's HTTP stack and
 * the benchmark client reach with no SCIM work at all.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveDriverMessages, type ReadyLine } from './child-ipc.ts';

const BODY = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  startIndex: 1,
  itemsPerPage: 1,
  Resources: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '2819c223-7f76-453a-919d-413861904646', userName: 'bjensen@example.com' }],
});
const BODY_BYTES = Buffer.byteLength(BODY);

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/scim+json; charset=utf-8', 'Content-Length': BODY_BYTES });
    response.end(BODY);
  });
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

const { port } = server.address() as AddressInfo;
const ready: ReadyLine = { baseUrl: `http://127.0.0.1:${port}/scim/v2`, token: 'unused' };
process.stdout.write(`${JSON.stringify(ready)}\n`);

serveDriverMessages(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return {};
});
