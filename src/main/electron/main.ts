import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { apiChannel, CONSOLE_METHOD_NAMES, SYNC_EVENT_CHANNEL, type IpcResult } from '../../shared/ipc.ts';
import { createConsoleHandlers } from '../engine/admin/console-handlers.ts';
import { dispatchConsoleCall } from '../engine/admin/dispatch.ts';
import { DEFAULT_SCIM_PORT, Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { startScimServer, type ScimServer } from '../http/scim-server.ts';
import { createConsoleWindow, isConsoleFrame } from './window.ts';

const log = createLogger('electron');

/** `out/` of the electron-vite build; this file is bundled to out/main/index.js. */
const OUT_DIR = join(import.meta.dirname, '..');
const VERSION = app.getVersion();
const EVENT_POLL_MS = 500;

/**
 * The desktop host: opens the engine on the app's data folder, serves SCIM on
 * loopback, answers the console over IPC (each payload validated against the
 * shared schema) and pushes sync events to the window.
 */
async function start(): Promise<void> {
  const dataDir = process.env.SCIMDESK_DATA ?? app.getPath('userData');
  const engine = Engine.open(dataDir);
  const handlers = createConsoleHandlers(engine, { version: VERSION, transport: 'ipc', actor: 'console' });

  const scim = await startScimOnDefaultPort(engine);
  engine.announceScimBaseUrl(scim.baseUrl);

  for (const method of CONSOLE_METHOD_NAMES) {
    ipcMain.handle(apiChannel(method), (event, input: unknown): IpcResult => {
      if (!event.senderFrame || !isConsoleFrame(event.senderFrame.url, OUT_DIR)) {
        return { ok: false, error: { code: 'forbidden', message: 'Only the ScimDesk console may call the engine.' } };
      }
      const result = dispatchConsoleCall(handlers, method, input);
      return result.ok ? result : { ok: false, error: result.error };
    });
  }

  const window = createConsoleWindow(OUT_DIR);
  const unsubscribe = engine.events.subscribe((syncEvent) => {
    if (!window.isDestroyed()) {
      window.webContents.send(SYNC_EVENT_CHANNEL, syncEvent);
    }
  });
  const poll = setInterval(() => engine.events.announce(), EVENT_POLL_MS);

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    clearInterval(poll);
    unsubscribe();
    void scim.close().then(() => engine.close());
  });
  log.info({ dataDir, scimBaseUrl: scim.baseUrl }, 'desktop app started');
}

/** Binds SCIM to the default port on loopback, or to a free port when another program holds it. */
async function startScimOnDefaultPort(engine: Engine): Promise<ScimServer> {
  try {
    return await startScimServer(engine, { host: '127.0.0.1', port: DEFAULT_SCIM_PORT });
  } catch (error) {
    log.warn({ err: error, port: DEFAULT_SCIM_PORT }, 'default SCIM port is taken; using a free port');
    return startScimServer(engine, { host: '127.0.0.1', port: 0 });
  }
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(start).catch((error: unknown) => {
  log.error({ err: error }, 'desktop app failed to start');
  app.exit(1);
});

