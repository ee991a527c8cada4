import { CONSOLE_METHODS, type ConsoleClient } from '../../../shared/api.ts';
import type { IpcBridge } from '../../../shared/ipc.ts';
import { EngineResponseError } from '../lib/errors.ts';

declare global {
  interface Window {
    /** The console API that the Electron preload script exposes. Absent in a browser. */
    scimdesk?: IpcBridge;
  }
}

/** Returns a client over the bridge that the Electron preload exposes, or null outside Electron. */
export function getIpcClient(): ConsoleClient | null {
  const bridge = window.scimdesk;
  return bridge === undefined ? null : clientOver(bridge);
}

/** Builds a ConsoleClient whose methods return each call's output, or throw an EngineResponseError with its code. */
function clientOver(bridge: IpcBridge): ConsoleClient {
  const client: Record<string, unknown> = {};
  for (const method of CONSOLE_METHODS) {
    client[method] = async (input: unknown) => {
      const result = await bridge[method](input);
      if (!result.ok) {
        throw new EngineResponseError(result.error.message, result.error.code);
      }
      return result.output;
    };
  }
  // Each entry keeps its method's input and output types, which the loop cannot express.
  return {
    ...(client as Omit<ConsoleClient, 'subscribeEvents'>),
    subscribeEvents: (listener) => bridge.subscribeEvents(listener),
  };
}
