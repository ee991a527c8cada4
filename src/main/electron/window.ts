import { join } from 'node:path';
import { BrowserWindow, session, shell } from 'electron';

/** Content-Security-Policy of the console window, sent as a header (meta tags cannot set frame-ancestors). */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Opens the console window: context isolation, the sandbox and web security on,
 * Node integration off, a strict CSP, navigation away from the console and new
 * windows blocked (links to the web open in the system browser instead).
 */
export function createConsoleWindow(outDir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'ScimDesk',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });

  const consoleUrl = new URL(`file://${join(outDir, 'renderer', 'index.html')}`);
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).pathname !== consoleUrl.pathname) {
      event.preventDefault();
    }
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) {
      void shell.openExternal(url);
    }
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(consoleUrl.href);
  return window;
}

/** True when an IPC call comes from the console page this process loaded. */
export function isConsoleFrame(frameUrl: string, outDir: string): boolean {
  try {
    return new URL(frameUrl).pathname === new URL(`file://${join(outDir, 'renderer', 'index.html')}`).pathname;
  } catch {
    return false;
  }
}
