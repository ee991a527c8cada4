/**
 * A stand-in for the electron module, so that the desktop app's main bundle runs under
 * plain Node where the Electron binary is missing. It covers only what the main process
 * calls. The test drives it over Node's IPC channel: a message calls a console method as
 * the window would, or quits the app.
 */
import { EventEmitter } from 'node:events';

const handlers = new Map();
const appEvents = new EventEmitter();

export const app = {
  getVersion: () => '0.0.0-test',
  getPath: () => process.env.SCIMDESK_DATA,
  whenReady: () => Promise.resolve(),
  on(name, listener) {
    appEvents.on(name, listener);
    return app;
  },
  quit() {
    appEvents.emit('before-quit');
    // The host closes its listener and store asynchronously in before-quit, so this waits a moment before exiting.
    setTimeout(() => process.exit(0), 1_000);
  },
  exit: (code) => process.exit(code),
};

export const ipcMain = {
  handle: (channel, handler) => handlers.set(channel, handler),
};

export const shell = {
  showItemInFolder() {},
  openExternal: async () => {},
};

export class Notification {
  static isSupported() {
    return false;
  }

  show() {}
}

export const session = { defaultSession: { webRequest: { onHeadersReceived() {} } } };

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    // What the main process sends to the window goes to the test, which hands it to the page.
    const send = (windowChannel, ...args) => process.send({ windowChannel, args });
    this.webContents = Object.assign(new EventEmitter(), { send, setWindowOpenHandler() {} });
  }

  isDestroyed() {
    return false;
  }

  show() {}

  async loadURL(url) {
    this.url = url;
  }
}

export default { app, ipcMain, shell, Notification, session, BrowserWindow };

process.on('message', async (message) => {
  if (message.quit) {
    app.quit();
    return;
  }
  const handler = handlers.get(message.channel);
  const result =
    handler === undefined
      ? { ok: false, error: { code: 'missing', message: `No handler for ${message.channel}.` } }
      : await handler({ senderFrame: { url: message.frameUrl } }, message.input);
  process.send({ id: message.id, result });
});
