/**
 * Replay of a provider's request sequence against a SCIM server, to check that the server responds
 * to each request the way that provider expects.
 */

import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';

import type { ProviderId, ProviderProfile, ProviderStep } from '../../shared/providers/index.ts';
import { getProvider, PROVIDER_IDS } from '../../shared/providers/index.ts';
import type { Bindings } from './bindings.ts';
import {
  findBindingStep,
  isListCapture,
  readJsonPath,
  substituteBody,
  substitutePath,
  UnboundPlaceholderError,
} from './bindings.ts';
import { selectSteps } from './select-steps.ts';
import { joinUrl, parseBaseUrl } from './url.ts';
import { loadBindings, saveBindings, stateKey } from './state-file.ts';

/** Default time limit for one request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Reason reported for an OAuth token step run without client credentials. */
export const NEEDS_CLIENT_CREDENTIALS = 'needs OAuth client credentials';

/** Reason reported for a step whose method is null. */
export const NEVER_SENT = 'the provider never sends this request';

/** Options of replaySequence. */
export interface ReplayOptions {
  provider: ProviderId;
  /** SCIM base URL of the server, such as `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
  /** Bearer token sent with every SCIM request; never printed or stored. */
  token: string;
  /** First step to run: full name, number or name without number. */
  from?: string;
  /** Last step to run, named the same ways as `from`. */
  until?: string;
  /** JSON file that keeps bound ids between runs; without it, ids last for this run only. */
  statePath?: string;
  /** Called after each step, skipped steps included. */
  onStep?: (result: StepResult) => void;
  /** OAuth client id for an `oauth-token` step; the step is skipped unless both client fields are set. */
  clientId?: string;
  /** OAuth client secret for an `oauth-token` step; never printed or stored. */
  clientSecret?: string;
  /** Time limit for each request in milliseconds; defaults to DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Steps to send in place of the profile's sequence, such as a copy with other user names. */
  sequence?: readonly ProviderStep[];
  /** undici dispatcher for every request, such as an Agent that trusts the server's own certificate. */
  dispatcher?: Dispatcher;
}

/** Outcome of one replayed step. */
export interface StepResult {
  step: string;
  summary: string;
  method: string | null;
  /** Path as sent, relative to the base URL (or to the server origin for an OAuth token step). */
  path: string;
  /** Response status, or null when no response arrived or the step was skipped. */
  status: number | null;
  expected: number[];
  /** True when the status was expected and every capture was bound; false for a skipped step. */
  ok: boolean;
  /** Reason the step was not sent. */
  skipped?: string;
  error?: string;
  durationMs: number;
}

interface RunContext {
  profile: ProviderProfile;
  baseUrl: URL;
  bindings: Bindings;
  /** Bearer token for SCIM requests; an OAuth token step may replace it for the rest of the run. */
  bearer: string;
  options: ReplayOptions;
}

/**
 * Sends the selected part of a provider's sequence to `baseUrl` in order and reports each step.
 * Rejects before sending anything when the provider, a step name, the base URL or the state file
 * is invalid. Network errors, timeouts, unexpected statuses and unbound placeholders become failed
 * results. The promise also rejects when the state file cannot be written or `onStep` throws.
 * `ok` is true when every step that was not skipped got an expected status. `bindings` contains the ids
 * the server returned, by placeholder name (such as `user:ada`).
 */
export async function replaySequence(options: ReplayOptions): Promise<{ ok: boolean; results: StepResult[]; bindings: ReadonlyMap<string, string> }> {
  const profile = getProvider(options.provider);
  if (profile === undefined) {
    throw new Error(`Unknown provider "${options.provider}". Valid providers: ${PROVIDER_IDS.join(', ')}.`);
  }
  const steps = selectSteps(options.sequence ?? profile.sequence, options.from, options.until);
  const baseUrl = parseBaseUrl(options.baseUrl);
  const key = stateKey(profile.id, baseUrl.href, options.token);
  const bindings = options.statePath === undefined ? new Map<string, string>() : await loadBindings(options.statePath, key);

  const context: RunContext = { profile, baseUrl, bindings, bearer: options.token, options };
  const results: StepResult[] = [];
  for (const step of steps) {
    const bindingsBefore = JSON.stringify([...bindings]);
    const result = await runStep(step, context);
    results.push(result);

    // Saving after each step keeps the ids bound so far if a later step or the process fails.
    const changed = JSON.stringify([...bindings]) !== bindingsBefore;
    if (changed && options.statePath !== undefined) await saveBindings(options.statePath, key, bindings);
    options.onStep?.(result);

    const stopReason = fatalReason(result);
    if (stopReason !== undefined) {
      // Later steps would fail the same way, and could act on ids bound by an earlier run.
      for (const remaining of steps.slice(steps.indexOf(step) + 1)) {
        const skipped = skippedStep(remaining, stopReason);
        results.push(skipped);
        options.onStep?.(skipped);
      }
      return { ok: false, results, bindings };
    }
  }

  const ok = results.every((result) => result.skipped !== undefined || result.ok);
  return { ok, results, bindings };
}

/** Returns why a replay cannot go on after this result: rejected credentials or no server. */
function fatalReason(result: StepResult): string | undefined {
  if (result.status === 401) {
    return 'not sent: the server rejected the credentials (401); check the token and the connection';
  }
  if (result.status === null && result.skipped === undefined && result.error !== undefined) {
    return 'not sent: the server could not be reached; check the URL and that `scimdesk serve` is running';
  }
  return undefined;
}

function skippedStep(step: ProviderStep, reason: string): StepResult {
  return {
    step: step.name,
    summary: step.summary,
    method: step.method,
    path: step.path,
    status: null,
    expected: [...step.expectStatus],
    ok: false,
    skipped: reason,
    durationMs: 0,
  };
}

async function runStep(step: ProviderStep, context: RunContext): Promise<StepResult> {
  const started = performance.now();
  const result: StepResult = {
    step: step.name,
    summary: step.summary,
    method: step.method,
    path: step.path,
    status: null,
    expected: [...step.expectStatus],
    ok: false,
    durationMs: 0,
  };
  const finish = (fields: Partial<StepResult>): StepResult => {
    Object.assign(result, fields);
    result.durationMs = Math.round(performance.now() - started);
    return result;
  };

  if (step.method === null) return finish({ skipped: NEVER_SENT });
  const isTokenStep = step.kind === 'oauth-token';
  const { clientId, clientSecret } = context.options;
  if (isTokenStep && (clientId === undefined || clientSecret === undefined)) {
    return finish({ skipped: NEEDS_CLIENT_CREDENTIALS });
  }

  const prepared = prepareRequest(step, context);
  if ('error' in prepared) return finish({ error: prepared.error });
  result.path = prepared.path;

  const timeoutMs = context.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let status: number;
  let responseText: string;
  try {
    const response = await request(prepared.url, {
      method: step.method,
      headers: prepared.headers,
      body: prepared.payload,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: context.options.dispatcher,
    });
    status = response.statusCode;
    responseText = await response.body.text();
  } catch (error) {
    return finish({ error: describeRequestError(error, timeoutMs) });
  }

  const responseBody = parseJson(responseText);
  if (!step.expectStatus.includes(status)) {
    return finish({ status, error: describeUnexpectedStatus(step.expectStatus, status, responseBody) });
  }

  const captureError = applyCaptures(step, responseBody, context.bindings);
  if (captureError !== undefined) return finish({ status, error: captureError });

  if (isTokenStep) {
    const accessToken = readJsonPath(responseBody, 'access_token');
    if (typeof accessToken !== 'string' || accessToken === '') {
      return finish({ status, error: 'Token response has no access_token.' });
    }
    context.bearer = accessToken;
  }
  return finish({ status, ok: true });
}

interface PreparedRequest {
  /** Path with ids substituted, for the step result. */
  path: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
}

/** Substitutes the step's placeholders and builds its URL, headers and payload; returns an error for an unbound placeholder. */
function prepareRequest(step: ProviderStep, context: RunContext): PreparedRequest | { error: string } {
  let path: string;
  let body: unknown;
  try {
    const describeMissing = (name: string): string => describeUnbound(context.profile, step, name);
    path = substitutePath(step.path, context.bindings, describeMissing);
    body = step.body === undefined ? undefined : substituteBody(step.body, context.bindings, describeMissing);
  } catch (error) {
    if (error instanceof UnboundPlaceholderError) return { error: error.message };
    throw error;
  }

  const headers: Record<string, string> = { ...step.headers };
  let payload: string | undefined;
  let url: string;
  if (step.kind === 'oauth-token') {
    // The client credentials go in the form body. Ping's docs do not say whether its connector
    // sends them there or with Basic authentication.
    const { clientId = '', clientSecret = '' } = context.options;
    const credentials = `client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(clientSecret)}`;
    payload = typeof body === 'string' && body !== '' ? `${body}&${credentials}` : credentials;
    url = new URL(path, context.baseUrl.origin).href;
  } else {
    headers.Authorization = `Bearer ${context.bearer}`;
    payload = body === undefined ? undefined : JSON.stringify(body);
    url = joinUrl(context.baseUrl, path);
  }
  if (payload !== undefined && !hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/scim+json';

  return { path, url, headers, payload };
}

/** Binds each capture of the step from the response body; returns an error message when a required value is missing. */
function applyCaptures(step: ProviderStep, responseBody: unknown, bindings: Bindings): string | undefined {
  for (const [placeholder, capturePath] of Object.entries(step.captures ?? {})) {
    const value = readJsonPath(responseBody, capturePath);
    if (typeof value === 'string' && value !== '') {
      bindings.set(placeholder, value);
    } else if (typeof value === 'number') {
      bindings.set(placeholder, String(value));
    } else if (!isListCapture(capturePath)) {
      // A lookup that finds nothing binds nothing; any other step must return the id.
      return `Response has no "${capturePath}" to bind {{${placeholder}}}.`;
    }
  }
  return undefined;
}

function describeUnbound(profile: ProviderProfile, step: ProviderStep, placeholder: string): string {
  const binder = findBindingStep(profile.sequence, placeholder);
  const hint =
    binder === undefined
      ? `No step of the ${profile.displayName} sequence binds it.`
      : `Run step ${binder.name} first, in this run or in an earlier run with the same state file.`;
  return `Step ${step.name} needs {{${placeholder}}}, which has no id yet. ${hint}`;
}

function describeUnexpectedStatus(expected: number[], status: number, responseBody: unknown): string {
  const detail = readJsonPath(responseBody, 'detail');
  const suffix = typeof detail === 'string' && detail !== '' ? `: ${detail}` : '.';
  return `Expected status ${expected.join(' or ')}, got ${status}${suffix}`;
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    const name = error.name;
    const code = (error as { code?: unknown }).code;
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return `Request timed out after ${timeoutMs} ms.`;
    }
    return `Request failed: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  return `Request failed: ${String(error)}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((header) => header.toLowerCase() === name);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
