import type { ConsoleClient } from '../../../shared/api.ts';

declare global {
  interface Window {
    /** The console API that the Electron preload script exposes. Absent in a browser. */
    scimdesk?: ConsoleClient;
  }
}

/** Returns the client that the Electron preload exposes, or null outside Electron. */
export function getIpcClient(): ConsoleClient | null {
  return window.scimdesk ?? null;
}
