import {
  consoleApi,
  CONSOLE_METHODS,
  type ConsoleClient,
  type ConsoleMethod,
} from '../../../shared/api.ts';
import { createHttpClient } from './http.ts';
import { getIpcClient } from './ipc.ts';

let client: ConsoleClient | null = null;

/**
 * Returns the console client: the Electron preload's IPC client when the console runs in
 * Electron, otherwise the HTTP client for a browser served by `scimdesk serve`.
 * Development builds also check every output against the API's zod output schema.
 */
export function getClient(): ConsoleClient {
  if (client === null) {
    const transport = getIpcClient() ?? createHttpClient();
    client = import.meta.env.DEV ? withOutputValidation(transport) : transport;
  }
  return client;
}

/** Replaces the client that getClient() returns, e.g. with a fake in tests. Null restores the default. */
export function setClient(replacement: ConsoleClient | null): void {
  client = replacement;
}

/** Wraps a client so that each output that breaks the API contract fails loudly. */
function withOutputValidation(inner: ConsoleClient): ConsoleClient {
  const validated: Record<string, unknown> = {};
  for (const method of CONSOLE_METHODS) {
    validated[method] = async (input: unknown) => {
      const call = inner[method] as (input: unknown) => Promise<unknown>;
      const output = await call(input);
      return validateOutput(method, output);
    };
  }
  // Each entry keeps its method's input and output types, which the loop cannot express.
  return {
    ...(validated as Omit<ConsoleClient, 'subscribeEvents'>),
    subscribeEvents: (listener) => inner.subscribeEvents(listener),
  };
}

function validateOutput(method: ConsoleMethod, output: unknown): unknown {
  const result = consoleApi[method].output.safeParse(output);
  if (!result.success) {
    console.error(`Output of ${method} does not match the console API schema.`, result.error.issues);
    throw new Error(
      `The engine returned an unexpected response to ${method}. The console and the engine may be from different versions. Rebuild both, then reload.`,
    );
  }
  return result.data;
}
