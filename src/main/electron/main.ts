import { join } from 'node:path';
import { app, ipcMain, Notification, shell } from 'electron';
import { apiChannel, CONSOLE_METHOD_NAMES, SYNC_EVENT_CHANNEL, type IpcResult } from '../../shared/ipc.ts';
import { createConsoleHandlers, type HostInfo } from '../engine/admin/console-handlers.ts';
import { dispatchConsoleCall } from '../engine/admin/dispatch.ts';
import { DEFAULT_SCIM_PORT, Engine } from '../engine/engine.ts';
import { startHealthMonitor } from '../engine/health/monitor.ts';
import { verifyLogOnStart } from '../engine/audit/verifications.ts';
import { createLogger } from '../engine/log/logger.ts';
import { resolveStartupListener } from '../engine/tls/startup.ts';
import { hostActor } from '../host-actor.ts';
import { validateListenerSettings, DEFAULT_LISTENER_SETTINGS } from '../engine/tls/listener-settings.ts';
import { ScimListener } from '../http/scim-listener.ts';
import { SequenceSimulator } from '../simulate/sequence-simulator.ts';
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
  // NOTE: the checkpointer thread loads better-sqlite3 in a worker; this has run under Node, never under Electron.
  const engine = Engine.open(dataDir, { backgroundCheckpoints: true });
  // The desktop app's window belongs to the person logged in, so the actor names that user.
  const host: HostInfo = { version: VERSION, transport: 'ipc', actor: hostActor('console'), revealFile: (path) => shell.showItemInFolder(path) };
  const handlers = createConsoleHandlers(engine, host);
  verifyLogOnStart(engine);

  const scim = await startScimListener(engine);
  host.listener = scim;
  host.simulator = new SequenceSimulator(engine, () => scim.localTarget());

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
  // Each alert raises one desktop notification when it opens; repeats of an open alert raise none.
  const monitor = startHealthMonitor(engine, {
    onAlertOpened: (alert) => {
      if (Notification.isSupported()) {
        new Notification({ title: `ScimDesk: ${alert.title}`, body: alert.message }).show();
      }
    },
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    clearInterval(poll);
    monitor.stop();
    unsubscribe();
    void scim.close().then(() => engine.close());
  });
  log.info({ dataDir, scimBaseUrl: scim.current().baseUrl }, 'desktop app started');
}

/**
 * Binds SCIM with the settings stored from the setup wizard, or on loopback at the default port.
 * When that bind fails, for example because another program holds the port, it falls back to
 * a free port on loopback.
 */
async function startScimListener(engine: Engine): Promise<ScimListener> {
  const startup = resolveStartupListener(engine, {}, DEFAULT_SCIM_PORT);
  if (startup.warning !== null) {
    log.warn(startup.warning);
  }
  try {
    return await ScimListener.start(engine, startup.listener);
  } catch (error) {
    log.warn({ err: error, host: startup.listener.settings.host, port: startup.listener.settings.port }, 'binding the SCIM listener failed; using a free port on loopback');
    const fallback = validateListenerSettings({ ...DEFAULT_LISTENER_SETTINGS, port: 0 }, engine.clock.now());
    return ScimListener.start(engine, fallback);
  }
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(start).catch((error: unknown) => {
  log.error({ err: error }, 'desktop app failed to start');
  app.exit(1);
});

