/**
 * SCIM request bodies shaped like those identity providers send (RFC 7643 §4,
 * RFC 7644 §3.5.2), generated deterministically from an index so that every run
 * sends the same data.
 */

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Extra schema URI Entra ID puts in its group bodies. */
const ENTRA_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

const GIVEN_NAMES = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kwame', 'Lucia'];
const FAMILY_NAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Haddad', 'Silva', 'Kowalski', 'Nguyen', 'Fischer', 'Rossi'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Customer Support', 'Marketing', 'Operations', 'Legal', 'People'];
const TITLES = ['Software Engineer', 'Account Executive', 'Financial Analyst', 'Support Specialist', 'Product Manager', 'Team Lead'];

/** Users per manager: user k·MANAGER_SPAN is the manager of the users after it. */
export const MANAGER_SPAN = 25;

function pick<T>(values: readonly T[], index: number): T {
  return values[index % values.length]!;
}

/** Returns the userName of user `index` under `prefix`, e.g. "ada.okafor.17@bench.example.com". */
export function userNameOf(prefix: string, index: number): string {
  const givenName = pick(GIVEN_NAMES, index).toLowerCase();
  const familyName = pick(FAMILY_NAMES, Math.floor(index / GIVEN_NAMES.length)).toLowerCase();
  return `${givenName}.${familyName}.${index}@${prefix}.example.com`;
}

/**
 * Builds a POST /Users body with the enterprise extension, as an HR-driven
 * identity provider sends it. `managerId` is the SCIM id of the manager, when
 * the manager exists already.
 */
export function userBody(prefix: string, index: number, managerId: string | undefined): Record<string, unknown> {
  const givenName = pick(GIVEN_NAMES, index);
  const familyName = pick(FAMILY_NAMES, Math.floor(index / GIVEN_NAMES.length));
  const userName = userNameOf(prefix, index);
  const enterprise: Record<string, unknown> = {
    employeeNumber: String(100_000 + index),
    department: pick(DEPARTMENTS, index),
  };
  if (managerId !== undefined) {
    enterprise.manager = { value: managerId };
  }

  return {
    schemas: [CORE_USER, ENTERPRISE_USER],
    externalId: `${prefix}-${index.toString(16).padStart(8, '0')}`,
    userName,
    active: true,
    name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
    displayName: `${givenName} ${familyName}`,
    emails: [{ value: userName, type: 'work', primary: true }],
    title: pick(TITLES, index),
    meta: { resourceType: 'User' },
    roles: [],
    [ENTERPRISE_USER]: enterprise,
  };
}

/** Builds a POST /Groups body as Entra ID sends it: no members, which follow by PATCH. */
export function groupBody(index: number): Record<string, unknown> {
  return {
    schemas: [CORE_GROUP, ENTRA_GROUP],
    externalId: `group-${index.toString(16).padStart(8, '0')}`,
    displayName: `app-bench-${pick(DEPARTMENTS, index).toLowerCase().replace(' ', '-')}-${index}`,
    meta: { resourceType: 'Group' },
  };
}

/** Builds a PatchOp body (RFC 7644 §3.5.2) from its operations. */
export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}

/**
 * Builds the operation that adds users to `members`, with Entra ID's `"$ref": null`.
 * `op` is 'add', or 'Add' as Entra ID's default job spells it.
 */
export function addMembersOperation(userIds: string[], op: 'add' | 'Add' = 'add'): Record<string, unknown> {
  return { op, path: 'members', value: userIds.map((id) => ({ $ref: null, value: id })) };
}

/** Builds the operation that removes one member through a value filter path. */
export function removeMemberOperation(userId: string): Record<string, unknown> {
  return { op: 'remove', path: `members[value eq "${userId}"]` };
}

/** Builds the operation that deactivates a user. */
export function deactivateOperation(): Record<string, unknown> {
  return { op: 'replace', path: 'active', value: false };
}

/** Returns the query path of a lookup by userName, as Okta and Entra ID send it. */
export function userNameLookupPath(userName: string): string {
  return `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
}
