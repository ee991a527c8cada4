import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ConsoleClient, SyncEvent } from '../shared/api.ts';
import { apiChannel, CONSOLE_METHOD_NAMES, SYNC_EVENT_CHANNEL, type IpcResult } from '../shared/ipc.ts';

/**
 * Exposes the console API to the sandboxed renderer as `window.scimdesk`: one
 * function per API method and `subscribeEvents`, never `ipcRenderer` itself.
 */
function buildClient(): ConsoleClient {
  const client: Record<string, unknown> = {};
  for (const method of CONSOLE_METHOD_NAMES) {
    client[method] = async (input: unknown) => {
      const result = (await ipcRenderer.invoke(apiChannel(method), input ?? {})) as IpcResult;
      if (!result.ok) {
        throw new Error(result.error.message);
      }
      return result.output;
    };
  }
  client.subscribeEvents = (listener: (event: SyncEvent) => void) => {
    const handler = (_event: IpcRendererEvent, syncEvent: SyncEvent): void => listener(syncEvent);
    ipcRenderer.on(SYNC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.off(SYNC_EVENT_CHANNEL, handler);
    };
  };
  return client as ConsoleClient;
}

contextBridge.exposeInMainWorld('scimdesk', buildClient());
