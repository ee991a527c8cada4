import { ERROR_SCHEMA } from './schema/urns.ts';

/** Values of `scimType` defined by RFC 7644 §3.12 (Table 9). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/**
 * A failure that the SCIM layer turns into an ErrorResponse (RFC 7644 §3.12).
 * Throw it anywhere below the router; `toErrorResponse` is the one place that
 * renders it.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;

  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
  }
}

/**
 * Builds the 409 for a name that another resource of the connection has. The
 * detail names the stored value, and when the requested one differs from it only
 * in case, it adds that the comparison ignores case.
 */
export function nameTakenError(resource: 'user' | 'group', attribute: string, requested: string, stored: string, id: string): ScimError {
  const detail = `A ${resource} with ${attribute} "${stored}" already exists (id ${id}).`;
  if (requested === stored) {
    return new ScimError(409, 'uniqueness', detail);
  }
  return new ScimError(409, 'uniqueness', `${detail} ScimDesk compares ${attribute} without regard to case, so "${requested}" is the same ${attribute}.`);
}

/** A 405 error carrying the methods the resource accepts, for the `Allow` header (RFC 7231 §6.5.5). */
export class MethodNotAllowedError extends ScimError {
  readonly allowed: string[];

  constructor(allowed: string[], detail: string) {
    super(405, undefined, detail);
    this.name = 'MethodNotAllowedError';
    this.allowed = allowed;
  }
}

/** Body of a SCIM ErrorResponse; `status` is a string as RFC 7644 §3.12 shows it. */
export interface ErrorResponse {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** Renders a ScimError as the JSON body of an ErrorResponse. */
export function toErrorResponse(error: ScimError): ErrorResponse {
  const body: ErrorResponse = {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    detail: error.message,
  };
  if (error.scimType !== undefined) {
    body.scimType = error.scimType;
  }
  return body;
}
