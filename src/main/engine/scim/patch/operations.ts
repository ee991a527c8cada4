import { ScimError } from '../errors.ts';
import { PATCH_OP_SCHEMA } from '../schema/urns.ts';
import { isObject, type Normalizations } from '../values.ts';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One operation of a PatchOp request, with its op name read case-insensitively. */
export interface PatchOperation {
  /** Position in the request, 1-based, as error messages name it. */
  index: number;
  op: PatchOpName;
  path: string | undefined;
  value: unknown;
  hasValue: boolean;
}

const OP_NAMES: readonly PatchOpName[] = ['add', 'replace', 'remove'];

/**
 * Reads a PatchOp body (RFC 7644 §3.5.2). Op names are matched case-insensitively
 * because Entra ID sends `Replace`; each such reading is noted for the sync event.
 */
export function readPatchRequest(body: unknown, notes: Normalizations): PatchOperation[] {
  if (!isObject(body)) {
    throw new ScimError(400, 'invalidSyntax', 'The PatchOp request body must be a JSON object.');
  }
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_SCHEMA)) {
    notes.push(`PatchOp request without the schema "${PATCH_OP_SCHEMA}" read as a PatchOp`);
  }

  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimError(400, 'invalidSyntax', "A PatchOp request needs a non-empty 'Operations' array.");
  }

  return operations.map((raw, position) => readOperation(raw, position + 1, notes));
}

function readOperation(raw: unknown, index: number, notes: Normalizations): PatchOperation {
  if (!isObject(raw)) {
    throw new ScimError(400, 'invalidSyntax', `PatchOp operation ${index}: must be a JSON object.`);
  }

  const opText = raw.op;
  const op = typeof opText === 'string' ? (opText.toLowerCase() as PatchOpName) : undefined;
  if (op === undefined || !OP_NAMES.includes(op)) {
    throw new ScimError(
      400,
      'invalidSyntax',
      `PatchOp operation ${index}: 'op' must be "add", "replace" or "remove", got ${JSON.stringify(opText)}.`,
    );
  }
  if (opText !== op) {
    notes.push(`operation ${index}: op '${String(opText)}' read as '${op}'`);
  }

  const path = raw.path;
  if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) {
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: 'path' must be a non-empty string.`);
  }
  const hasValue = 'value' in raw && raw.value !== undefined;
  if (op !== 'remove' && !hasValue) {
    throw new ScimError(400, 'invalidSyntax', `PatchOp operation ${index}: '${op}' needs a 'value'.`);
  }
  if (op === 'remove' && (path === undefined || path === null)) {
    throw new ScimError(400, 'noTarget', `PatchOp operation ${index}: 'remove' needs a 'path'.`);
  }

  return { index, op, path: typeof path === 'string' ? path.trim() : undefined, value: raw.value, hasValue };
}
