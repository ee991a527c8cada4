import { ScimError, toErrorResponse } from './errors.ts';
import { BULK_RESPONSE_SCHEMA } from './schema/urns.ts';
import type { ScimRequest, ScimResponse } from './context.ts';
import { isObject } from './values.ts';

/** Most operations one Bulk request may carry, advertised as bulk.maxOperations. */
export const MAX_BULK_OPERATIONS = 1000;

/** Runs one operation of a Bulk request as its own SCIM request. */
export type OperationRunner = (request: ScimRequest) => ScimResponse;

interface BulkOperation {
  method: string;
  bulkId: string | undefined;
  version: string | undefined;
  path: string;
  data: unknown;
}

/**
 * Answers a Bulk request (RFC 7644 §3.7). Operations run in order, each in its
 * own transaction with its own event; `bulkId:<id>` anywhere in a later
 * operation's path or data becomes the id the earlier POST created; after
 * `failOnErrors` failures the rest are not run.
 */
export function handleBulk(request: ScimRequest, json: unknown, run: OperationRunner): ScimResponse {
  const { operations, failOnErrors } = readBulkRequest(json);
  const createdIds = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;

  for (const [index, operation] of operations.entries()) {
    if (failOnErrors !== undefined && errors >= failOnErrors) {
      break;
    }
    let response: ScimResponse;
    // Stays undefined when the path names a bulkId that no earlier operation created.
    let path: string | undefined;
    try {
      path = resolveBulkIds(operation.path, createdIds, index) as string;
      response = run({
        method: operation.method,
        path,
        query: new URLSearchParams(),
        headers: {
          ...request.headers,
          'content-type': 'application/scim+json',
          'if-match': operation.version,
          // An If-None-Match sent with the Bulk request does not apply to its operations.
          'if-none-match': undefined,
        },
        body: operation.data === undefined ? undefined : JSON.stringify(resolveBulkIds(operation.data, createdIds, index)),
        baseUrl: request.baseUrl,
      });
    } catch (error) {
      if (!(error instanceof ScimError)) {
        throw error;
      }
      response = { status: error.status, headers: {}, body: toErrorResponse(error) };
    }

    const body = response.body as { id?: string; meta?: { location?: string; version?: string } } | undefined;
    if (operation.method === 'POST' && response.status === 201 && operation.bulkId && body?.id) {
      createdIds.set(operation.bulkId, body.id);
    }
    if (response.status >= 400) {
      errors += 1;
    }
    // RFC 7644 §3.7.3 requires a location in every result except that of a failed POST.
    const location = operation.method === 'POST' || path === undefined ? body?.meta?.location : `${request.baseUrl}${path}`;
    // A 204 (Entra ID's group PATCH) has no body, but its ETag header names the new version.
    const version = body?.meta?.version ?? response.headers.ETag;
    results.push({
      method: operation.method,
      ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
      ...(location ? { location } : {}),
      ...(version ? { version } : {}),
      status: String(response.status),
      ...(response.status >= 400 ? { response: response.body } : {}),
    });
  }

  return { status: 200, headers: {}, body: { schemas: [BULK_RESPONSE_SCHEMA], Operations: results } };
}

function readBulkRequest(json: unknown): { operations: BulkOperation[]; failOnErrors: number | undefined } {
  if (!isObject(json) || !Array.isArray(json.Operations)) {
    throw new ScimError(400, 'invalidSyntax', "A BulkRequest needs an 'Operations' array.");
  }
  if (json.Operations.length > MAX_BULK_OPERATIONS) {
    throw new ScimError(413, 'tooMany', `A Bulk request may carry at most ${MAX_BULK_OPERATIONS} operations, this one has ${json.Operations.length}.`);
  }
  const failOnErrors = json.failOnErrors;
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw new ScimError(400, 'invalidValue', "'failOnErrors' must be a positive integer.");
  }

  const operations = json.Operations.map((raw, index): BulkOperation => {
    const where = `Bulk operation ${index + 1}`;
    if (!isObject(raw) || typeof raw.method !== 'string' || typeof raw.path !== 'string') {
      throw new ScimError(400, 'invalidSyntax', `${where}: needs a 'method' and a 'path'.`);
    }
    const method = raw.method.toUpperCase();
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      throw new ScimError(400, 'invalidValue', `${where}: method must be POST, PUT, PATCH or DELETE, got "${raw.method}".`);
    }
    if (method === 'POST' && typeof raw.bulkId !== 'string') {
      throw new ScimError(400, 'invalidValue', `${where}: a POST needs a 'bulkId'.`);
    }
    if (/^\/(Bulk|\.search)/i.test(raw.path) || !raw.path.startsWith('/')) {
      throw new ScimError(400, 'invalidPath', `${where}: "${raw.path}" is not a resource path such as /Users or /Groups/{id}.`);
    }
    return {
      method,
      bulkId: typeof raw.bulkId === 'string' ? raw.bulkId : undefined,
      version: typeof raw.version === 'string' ? raw.version : undefined,
      path: raw.path,
      data: raw.data,
    };
  });
  return { operations, failOnErrors: failOnErrors as number | undefined };
}

/** Replaces `bulkId:<id>` references with the ids created earlier in the same request. */
function resolveBulkIds(value: unknown, createdIds: Map<string, string>, index: number): unknown {
  if (typeof value === 'string') {
    return value.replace(/bulkId:([A-Za-z0-9._~-]+)/g, (_match, bulkId: string) => {
      const id = createdIds.get(bulkId);
      if (id === undefined) {
        throw new ScimError(409, 'invalidValue', `Bulk operation ${index + 1}: "bulkId:${bulkId}" refers to no resource created earlier in this request.`);
      }
      return id;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item) => resolveBulkIds(item, createdIds, index));
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveBulkIds(inner, createdIds, index)]));
  }
  return value;
}
