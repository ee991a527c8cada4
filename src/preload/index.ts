import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { SyncEvent } from '../shared/api.ts';
import { apiChannel, CONSOLE_METHOD_NAMES, SYNC_EVENT_CHANNEL, type IpcBridge, type IpcResult } from '../shared/ipc.ts';

/**
 * Exposes the console API to the sandboxed renderer as `window.scimdesk`: one
 * function per API method and `subscribeEvents`, never `ipcRenderer` itself.
 */
function buildBridge(): IpcBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of CONSOLE_METHOD_NAMES) {
    bridge[method] = (input: unknown) => ipcRenderer.invoke(apiChannel(method), input ?? {}) as Promise<IpcResult>;
  }
  bridge.subscribeEvents = (listener: (event: SyncEvent) => void) => {
    const handler = (_event: IpcRendererEvent, syncEvent: SyncEvent): void => listener(syncEvent);
    ipcRenderer.on(SYNC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.off(SYNC_EVENT_CHANNEL, handler);
    };
  };
  return bridge as IpcBridge;
}

contextBridge.exposeInMainWorld('scimdesk', buildBridge());
