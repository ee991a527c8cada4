import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../schema/urns.ts';
import type { StoredGroup } from './group-repository.ts';
import type { StoredUser } from './user-repository.ts';

/** Weak entity tag of a resource version (RFC 7644 §3.14). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** Renders a stored user as a SCIM User resource (RFC 7643 §4.1). */
export function renderUser(
  user: StoredUser,
  baseUrl: string,
  groups: { value: string; display: string; type: string }[] | undefined,
): Record<string, unknown> {
  const schemas = [USER_SCHEMA];
  if (user.doc[ENTERPRISE_USER_SCHEMA] !== undefined) {
    schemas.push(ENTERPRISE_USER_SCHEMA);
  }
  const resource: Record<string, unknown> = { schemas, id: user.id, ...user.doc };
  if (groups !== undefined && groups.length > 0) {
    resource.groups = groups.map((group) => ({ ...group, $ref: `${baseUrl}/Groups/${group.value}` }));
  }
  resource.meta = {
    resourceType: 'User',
    created: user.createdAt,
    lastModified: user.modifiedAt,
    location: `${baseUrl}/Users/${user.id}`,
    version: etagOf(user.version),
  };
  return resource;
}

/** Renders a stored group as a SCIM Group resource (RFC 7643 §4.2). */
export function renderGroup(
  group: StoredGroup,
  baseUrl: string,
  members: { value: string; display?: string; type: string }[] | undefined,
): Record<string, unknown> {
  const resource: Record<string, unknown> = { schemas: [GROUP_SCHEMA], id: group.id, ...group.doc };
  if (members !== undefined) {
    resource.members = members.map((member) => ({
      ...member,
      $ref: `${baseUrl}/${member.type === 'Group' ? 'Groups' : 'Users'}/${member.value}`,
    }));
  }
  resource.meta = {
    resourceType: 'Group',
    created: group.createdAt,
    lastModified: group.modifiedAt,
    location: `${baseUrl}/Groups/${group.id}`,
    version: etagOf(group.version),
  };
  return resource;
}
