import { ScimError } from '../errors.ts';
import { scimResponse, type ScimRequest, type ScimResponse } from '../context.ts';
import { etagOf } from './render.ts';

/**
 * Applies `If-Match` and `If-None-Match` (RFC 7644 §3.14, RFC 7232). On a write an
 * `If-Match` that names no current version is 412; on a read an `If-None-Match`
 * that names the current version returns the 304 to send.
 */
export function checkPreconditions(request: ScimRequest, version: number, kind: 'read' | 'write'): ScimResponse | undefined {
  const current = etagOf(version);
  const ifMatch = request.headers['if-match'];
  if (kind === 'write' && ifMatch !== undefined && !tagListMatches(ifMatch, current)) {
    throw new ScimError(412, undefined, `The resource changed: its version is ${current}, not ${ifMatch}.`);
  }
  const ifNoneMatch = request.headers['if-none-match'];
  if (kind === 'read' && ifNoneMatch !== undefined && tagListMatches(ifNoneMatch, current)) {
    return scimResponse(304, undefined, { ETag: current });
  }
  return undefined;
}

function tagListMatches(header: string, current: string): boolean {
  const weakValue = current.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === weakValue);
}
