import { CONSOLE_METHODS, type ConsoleClient } from '../../../shared/api.ts';
import { EngineResponseError } from '../lib/errors.ts';

declare global {
  interface Window {
    /** The console API that the Electron preload script exposes. Absent in a browser. */
    scimdesk?: ConsoleClient;
  }
}

/** Returns the client that the Electron preload exposes, or null outside Electron. */
export function getIpcClient(): ConsoleClient | null {
  const preload = window.scimdesk;
  return preload === undefined ? null : withEngineResponseErrors(preload);
}

/**
 * Wraps the preload's client so that its failures become EngineResponseError. The preload throws
 * only when the main process returned a failed IpcResult, so each failure is an error response.
 * NOTE: the error crosses the context bridge with its message only, so the code is unknown (null)
 * and an engine failure gets the next step of rejected input.
 */
function withEngineResponseErrors(inner: ConsoleClient): ConsoleClient {
  const wrapped: Record<string, unknown> = {};
  for (const method of CONSOLE_METHODS) {
    wrapped[method] = async (input: unknown) => {
      const call = inner[method] as (input: unknown) => Promise<unknown>;
      try {
        return await call(input);
      } catch (error) {
        throw new EngineResponseError(error instanceof Error ? error.message : String(error), null);
      }
    };
  }
  // Each entry keeps its method's input and output types, which the loop cannot express.
  return {
    ...(wrapped as Omit<ConsoleClient, 'subscribeEvents'>),
    subscribeEvents: (listener) => inner.subscribeEvents(listener),
  };
}
