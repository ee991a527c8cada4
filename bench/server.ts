/**
 * The benchmarked server: ScimDesk's engine with its SCIM endpoint on
 * 127.0.0.1 and a free port, on a fresh data directory that is deleted on stop.
 * bench/run.ts starts it with child_process.fork; it prints one ReadyLine on
 * stdout and then replies to the driver's IPC messages (see child-ipc.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/main/engine/engine.ts';
import { DATABASE_FILE } from '../src/main/engine/store/database.ts';
import { startScimServer } from '../src/main/http/scim-server.ts';
import { serveDriverMessages, type ReadyLine } from './child-ipc.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-bench-'));
const engine = Engine.open(dataDir, { backgroundCheckpoints: true });
const { token } = engine.createConnection('entra', 'Bench', 'bench');
const scim = await startScimServer(engine, { host: '127.0.0.1', port: 0 });

const ready: ReadyLine = { baseUrl: scim.baseUrl, token };
process.stdout.write(`${JSON.stringify(ready)}\n`);

serveDriverMessages(async () => {
  await scim.close();
  // Measured before close, because closing checkpoints the write-ahead log into the main file.
  const storeBytes = fileSize(join(dataDir, DATABASE_FILE)) + fileSize(join(dataDir, `${DATABASE_FILE}-wal`));
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { storeBytes };
});

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
