/** SCIM URNs as RFC 7643 and RFC 7644 spell them, and builders for request bodies. */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** One PatchOp operation as a client sends it; `op` is any case, as Entra ID sends `Replace`. */
export interface PatchOperationBody {
  op: string;
  path?: string;
  value?: unknown;
}

/** Builds a PatchOp request body (RFC 7644 §3.5.2). */
export function patchBody(...operations: PatchOperationBody[]): { schemas: string[]; Operations: PatchOperationBody[] } {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}

/** Builds a `members` value from member ids. */
export function memberValues(...ids: string[]): { value: string }[] {
  return ids.map((value) => ({ value }));
}

/** Builds a User create body with a work email equal to the userName. */
export function userBody(userName: string, attributes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName,
    active: true,
    emails: [{ type: 'work', value: userName, primary: true }],
    ...attributes,
  };
}

/** Builds a Group create body with the given member ids. */
export function groupBody(displayName: string, memberIds: string[] = []): Record<string, unknown> {
  return { schemas: [GROUP_SCHEMA], displayName, members: memberValues(...memberIds) };
}
