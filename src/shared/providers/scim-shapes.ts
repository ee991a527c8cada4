/**
 * SCIM constants and small builders shared by the provider profiles, so that each profile
 * file contains only what differs between providers.
 */

/** Core User schema URN (RFC 7643). */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Core Group schema URN (RFC 7643). */
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Enterprise User extension URN (RFC 7643). */
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** PatchOp message URN (RFC 7644). */
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Group that the sequences create; ScimDesk's naming convention maps it to editor in the "Data Science" workspace. */
export const EDITORS_GROUP = 'app-kolena-data-science-editor';

/** Query that looks up Ada by userName, URL-encoded as the providers send it. */
export const ADA_FILTER = 'filter=userName%20eq%20%22ada%40example.com%22';

/** Captures that bind Ada's id from a lookup that found her. */
export const CAPTURE_ADA_FROM_LIST = { 'user:ada': 'Resources.0.id' };

/** Captures that bind Ada's id from her create response. */
export const CAPTURE_ADA = { 'user:ada': 'id' };

/** Captures that bind Grace's id from her create response. */
export const CAPTURE_GRACE = { 'user:grace': 'id' };

/** Captures that bind the editors group's id from its create response. */
export const CAPTURE_EDITORS = { 'group:editors': 'id' };

/** Builds a PatchOp request body from its operations. */
export function patchBody(operations: unknown[]): { schemas: string[]; Operations: unknown[] } {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** Builds a core Group create body with no members. */
export function groupBody(displayName: string): { schemas: string[]; displayName: string; members: unknown[] } {
  return { schemas: [CORE_GROUP], displayName, members: [] };
}
