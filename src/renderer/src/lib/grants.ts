import type { Grant } from '../../../shared/model.ts';

/** Describes a grant for display, e.g. "organization admin" or "editor in Data Science". */
export function describeGrant(grant: Grant, workspaceName: string | null): string {
  if (grant.kind === 'organization-admin') {
    return 'organization admin';
  }
  const workspace = workspaceName ?? 'a deleted workspace';
  return `${grant.role} in ${workspace}`;
}
