import type { Change } from '../../../shared/api.ts';
import type { ConnectionRecord } from '../connections/connections.ts';
import type { Normalizations } from './values.ts';

/** A SCIM request as the engine receives it, independent of the HTTP server that read it. */
export interface ScimRequest {
  method: string;
  /** Path below the SCIM base path, e.g. `/Users/5f1c…`; never empty. */
  path: string;
  query: URLSearchParams;
  /** The query string as sent, without '?', for events; defaults to `query` re-encoded. */
  rawQuery?: string;
  headers: Record<string, string | undefined>;
  /** Raw request body text; undefined when there was none. */
  body: string | undefined;
  /** Set by the HTTP layer when the body exceeded the size limit and was not read. */
  bodyTooLarge?: boolean;
  /** Absolute SCIM base URL as the client reached it, for `Location` and `meta.location`. */
  baseUrl: string;
}

/** A SCIM response; `body` is serialized as application/scim+json. */
export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** `body` as JSON text, kept by `bodyText` so that the event and the HTTP response share one serialization. */
  text?: string;
}

/** State of one request while it runs inside its transaction. */
export interface RequestContext {
  request: ScimRequest;
  connection: ConnectionRecord;
  /** True when the request authenticated with a temporary credential of the built-in simulator. */
  fromSimulator: boolean;
  now: string;
  /** The parsed JSON body; undefined when there was none. */
  json: unknown;
  notes: Normalizations;
  changes: Change[];
  /** Users whose effective access must be recomputed before the transaction commits. */
  affectedUsers: Set<string>;
}

/**
 * Returns the response body as JSON text, serializing it on the first call only; undefined without a body.
 * The body must not change after this is called.
 */
export function bodyText(response: ScimResponse): string | undefined {
  if (response.body === undefined) {
    return undefined;
  }
  response.text ??= JSON.stringify(response.body);
  return response.text;
}

/** Builds a response with SCIM's content type. */
export function scimResponse(status: number, body?: unknown, headers: Record<string, string> = {}): ScimResponse {
  return { status, body, headers };
}
