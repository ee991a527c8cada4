import { WORKSPACE_ROLES, type Grant, type WorkspaceRole } from '../../../shared/model.ts';

export { slugify } from '../../../shared/model.ts';

/** A grant suggested by a group's name. */
export interface NamedGrant {
  grant: Grant;
  reason: string;
}

/**
 * Reads the grant a group name suggests under the naming convention
 * `app-<slug>-organization-admin` or `app-<slug>-<workspace-slug>-<role>`.
 * `slug` empty accepts any slug. Returns undefined when the name does not follow
 * the convention or names no existing workspace.
 */
export function suggestGrant(
  groupName: string,
  slug: string,
  workspaces: { id: string; name: string; slug: string }[],
): NamedGrant | undefined {
  const name = groupName.trim().toLowerCase();
  const prefix = slug === '' ? 'app-' : `app-${slug.toLowerCase()}-`;
  if (!name.startsWith(prefix)) {
    return undefined;
  }

  if (isOrganizationAdminName(name, slug)) {
    return {
      grant: { kind: 'organization-admin' },
      reason: `"${groupName}" ends in "-organization-admin", the naming convention for organization admins.`,
    };
  }

  const role = WORKSPACE_ROLES.find((candidate) => name.endsWith(`-${candidate}`));
  if (!role) {
    return undefined;
  }
  const middle = name.slice(0, name.length - role.length - 1);
  const workspace = [...workspaces]
    .sort((a, b) => b.slug.length - a.slug.length)
    .find((candidate) => matchesWorkspace(middle, prefix, slug, candidate.slug));
  if (!workspace) {
    return undefined;
  }
  return {
    grant: { kind: 'workspace', workspaceId: workspace.id, role: role as WorkspaceRole },
    reason: `"${groupName}" follows the naming convention for ${role} in the workspace ${workspace.name}.`,
  };
}

/** True when a name follows the convention's shape, whether or not its workspace exists. */
export function followsConvention(groupName: string, slug: string): boolean {
  const name = groupName.trim().toLowerCase();
  const prefix = slug === '' ? 'app-' : `app-${slug.toLowerCase()}-`;
  if (!name.startsWith(prefix)) {
    return false;
  }
  return name.endsWith('-organization-admin') || WORKSPACE_ROLES.some((role) => name.endsWith(`-${role}`));
}

/**
 * With a slug, only `app-<slug>-organization-admin` itself names organization admins, so that the
 * group of an app whose slug merely starts with it ("app-acme-corp-…" for "acme") is not suggested.
 */
function isOrganizationAdminName(name: string, slug: string): boolean {
  if (slug !== '') {
    return name === `app-${slug.toLowerCase()}-organization-admin`;
  }
  // Any slug: "app-<something>-organization-admin" with a non-empty <something>.
  return name.endsWith('-organization-admin') && name.length > 'app--organization-admin'.length - 1;
}

function matchesWorkspace(middle: string, prefix: string, slug: string, workspaceSlug: string): boolean {
  if (slug !== '') {
    return middle === `${prefix}${workspaceSlug}`;
  }
  // Any slug: "app-<something>-<workspace-slug>" with a non-empty <something>.
  return middle.endsWith(`-${workspaceSlug}`) && middle.length > prefix.length + workspaceSlug.length;
}
