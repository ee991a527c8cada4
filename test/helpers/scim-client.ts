/**
 * A SCIM client for tests: sends one request over real HTTP and returns the
 * status, the response headers and the parsed JSON body.
 */
import { request, type Dispatcher } from 'undici';

/**
 * A parsed response body. It is typed loosely on purpose, because tests check
 * its shape with `expect` instead of narrowing it by hand.
 */
export type Json = any;

/** A response as tests read it. Header names are lower-case. */
export interface ScimReply {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body; undefined for an empty body, the raw text when it is not JSON. */
  json: Json;
}

/**
 * Headers of one request. A header set to undefined is not sent, which removes
 * a default such as Authorization.
 */
export type RequestHeaders = Record<string, string | undefined>;

/** Sends one SCIM request and returns its reply. */
export type ScimSend = (method: string, path: string, body?: unknown, headers?: RequestHeaders) => Promise<ScimReply>;

/**
 * Sends `method path` below `baseUrl` with exactly the given headers. A string
 * body is sent as it is; any other body is serialized as JSON.
 */
export async function sendRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: RequestHeaders,
): Promise<ScimReply> {
  const sentHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      sentHeaders[name.toLowerCase()] = value;
    }
  }
  let payload: string | undefined;
  if (typeof body === 'string') {
    payload = body;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
  }

  const response = await request(`${baseUrl}${path}`, { method: method as Dispatcher.HttpMethod, headers: sentHeaders, body: payload });
  const text = await response.body.text();

  const replyHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) {
      replyHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return { status: response.statusCode, headers: replyHeaders, json: parseJson(text) };
}

/**
 * Returns a client that sends every request with `Authorization: Bearer <token>`
 * and `Content-Type: application/scim+json`; `headers` override or remove them.
 */
export function createScimClient(baseUrl: string, token: string): ScimSend {
  return (method, path, body, headers = {}) => {
    const merged: RequestHeaders = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/scim+json',
    };
    for (const [name, value] of Object.entries(headers)) {
      merged[name.toLowerCase()] = value;
    }
    return sendRequest(baseUrl, method, path, body, merged);
  };
}

function parseJson(text: string): Json {
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
