import type { Grant } from '../../../shared/model.ts';

/** Returns whether two grants give the same role in the same place. */
export function sameGrant(a: Grant, b: Grant): boolean {
  if (a.kind === 'organization-admin' || b.kind === 'organization-admin') {
    return a.kind === b.kind;
  }
  return a.workspaceId === b.workspaceId && a.role === b.role;
}

/** Describes a grant for display, e.g. "organization admin" or "editor in Data Science". */
export function describeGrant(grant: Grant, workspaceName: string | null): string {
  if (grant.kind === 'organization-admin') {
    return 'organization admin';
  }
  const workspace = workspaceName ?? 'a deleted workspace';
  return `${grant.role} in ${workspace}`;
}
