import { ScimError } from '../errors.ts';
import { scimResponse, type ScimRequest, type ScimResponse } from '../context.ts';
import { etagOf } from './render.ts';

/**
 * Applies `If-Match` and then `If-None-Match` (RFC 7644 §3.14, RFC 7232 §3.1, §3.2, §6)
 * to a request on an existing resource, on reads and writes alike. An `If-Match` that
 * names no current version is 412. An `If-None-Match` that names the current version
 * (or is `*`) returns the 304 to send on a read and is 412 on a write.
 * Tags compare weakly, because SCIM sends the weak `meta.version` back in `If-Match`.
 */
export function checkPreconditions(request: ScimRequest, version: number, kind: 'read' | 'write'): ScimResponse | undefined {
  const current = etagOf(version);
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined && !tagListMatches(ifMatch, current)) {
    throw new ScimError(412, undefined, `The resource changed: its version is ${current}, not ${ifMatch}.`);
  }

  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch === undefined || !tagListMatches(ifNoneMatch, current)) {
    return undefined;
  }
  if (kind === 'read') {
    return scimResponse(304, undefined, { ETag: current });
  }
  throw new ScimError(412, undefined, `If-None-Match ${ifNoneMatch} matches the current version ${current}, so ${request.method} was not applied.`);
}

function tagListMatches(header: string, current: string): boolean {
  const weakValue = current.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === weakValue);
}
