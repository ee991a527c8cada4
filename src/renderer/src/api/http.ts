import {
  ApiErrorSchema,
  CONSOLE_METHODS,
  SyncEventSchema,
  type ConsoleClient,
  type ConsoleInput,
  type ConsoleMethod,
  type ConsoleOutput,
  type SyncEvent,
} from '../../../shared/api.ts';
import { EngineResponseError, ErrorWithNextStep } from '../lib/errors.ts';

/** Name of the server-sent event that carries one SyncEvent as JSON. */
const SYNC_EVENT_NAME = 'sync-event';
const EVENT_STREAM_URL = '/api/events/stream';

/**
 * Calls one console API method on the `scimdesk serve` host. The host authenticates the
 * request with the session cookie it set when the admin opened the console URL.
 */
async function callMethod<M extends ConsoleMethod>(
  method: M,
  input: ConsoleInput<M>,
): Promise<ConsoleOutput<M>> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    throw new ErrorWithNextStep(
      `The ScimDesk server did not respond to ${method}.`,
      'Check that "scimdesk serve" is still running, then try again.',
    );
  }

  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw describeFailure(method, response.status, body);
  }
  // Development builds check the body against the output schema in client.ts.
  return body as ConsoleOutput<M>;
}

function describeFailure(method: string, status: number, body: unknown): Error {
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    return new EngineResponseError(parsed.data.error.message, parsed.data.error.code);
  }
  if (status === 401 || status === 403) {
    return new ErrorWithNextStep(
      'The console session has expired or is not valid.',
      'Open the console URL that "scimdesk serve" printed to start a new session.',
    );
  }
  return new ErrorWithNextStep(
    `The ScimDesk server failed on ${method} with HTTP status ${status}.`,
    'Check the server log, then try again.',
  );
}

/** Opens the server-sent event stream. EventSource reconnects on its own after a drop. */
function subscribeEvents(listener: (event: SyncEvent) => void): () => void {
  const source = new EventSource(EVENT_STREAM_URL);
  const onMessage = (message: MessageEvent<string>): void => {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      console.warn('Ignored a sync event stream message that is not valid JSON.');
      return;
    }
    const parsed = SyncEventSchema.safeParse(data);
    if (parsed.success) {
      listener(parsed.data);
    } else {
      console.warn('Ignored a sync event stream message that does not match the SyncEvent schema.');
    }
  };
  source.addEventListener(SYNC_EVENT_NAME, onMessage);
  return () => {
    source.removeEventListener(SYNC_EVENT_NAME, onMessage);
    source.close();
  };
}

/** Builds a ConsoleClient that talks to the `scimdesk serve` host over HTTP. */
export function createHttpClient(): ConsoleClient {
  const methods = Object.fromEntries(
    CONSOLE_METHODS.map((method) => [
      method,
      (input: ConsoleInput<typeof method>) => callMethod(method, input),
    ]),
  );
  // Object.fromEntries loses the per-method types, but each entry forwards its own method name.
  return { ...(methods as Omit<ConsoleClient, 'subscribeEvents'>), subscribeEvents };
}
