import { z } from 'zod';

/**
 * Domain values shared by the engine, the console API and the renderer.
 * The access model: an organization role (admin or member) and, per workspace,
 * viewer < editor < admin; the highest grant wins.
 */

export const PROVIDER_ID_VALUES = [
  'okta',
  'entra',
  'google',
  'cyberark',
  'jumpcloud',
  'onelogin',
  'pingfederate',
  'rippling',
] as const;
export const ProviderIdSchema = z.enum(PROVIDER_ID_VALUES);

/** Turns a workspace name into its slug: "Data Science" → "data-science". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A naming-convention slug: lower-case letters and digits in runs joined by single hyphens, as `slugify` produces. */
export const NAMING_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a naming-convention slug for `app-<slug>-…` group names. Returns null when it is valid,
 * else a sentence that names the value and a valid form of it. The empty slug (any app) is valid.
 */
export function namingSlugProblem(slug: string): string | null {
  if (slug === '' || NAMING_SLUG_PATTERN.test(slug)) {
    return null;
  }
  const fixed = slugify(slug);
  const example = fixed === '' ? '' : `, such as "${fixed}"`;
  return `"${slug}" is not a valid slug: use lower-case letters, digits and single hyphens between them${example}.`;
}

/** Minutes an alert's condition must stay clear before the alert resolves; until then it is "clearing". */
export const ALERT_RESOLVE_AFTER_MINUTES = 10;

export const WORKSPACE_ROLES = ['viewer', 'editor', 'admin'] as const;
export const WorkspaceRoleSchema = z.enum(WORKSPACE_ROLES);
export type WorkspaceRole = z.infer<typeof WorkspaceRoleSchema>;

export const OrganizationRoleSchema = z.enum(['admin', 'member']);
export type OrganizationRole = z.infer<typeof OrganizationRoleSchema>;

/** Converts the guardrail's loss share (0 to 1) to the percentage the console shows, rounded to one decimal: 0.005 becomes 0.5. */
export function lossShareToPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** Rank of each workspace role; a higher rank outranks a lower one. */
export const WORKSPACE_ROLE_RANK: Record<WorkspaceRole, number> = { viewer: 1, editor: 2, admin: 3 };

/**
 * What a mapping grants: the organization admin role, or a role in one workspace.
 */
export const GrantSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('organization-admin') }),
  z.object({ kind: z.literal('workspace'), workspaceId: z.string(), role: WorkspaceRoleSchema }),
]);
export type Grant = z.infer<typeof GrantSchema>;
