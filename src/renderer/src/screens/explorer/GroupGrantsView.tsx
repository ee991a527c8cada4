import type { GroupGrants } from '../../../../shared/api.ts';
import { describeGrant } from '../../lib/grants.ts';
import { useExplorerStore } from '../../stores/explorer.ts';

type GrantUser = GroupGrants['grants'][number]['users'][number];

const STATUS_TEXT = { granting: 'gets this role from the group', outranked: 'has a higher role from elsewhere', 'no-access': 'deactivated: no access' } as const;

function describeStatus(user: GrantUser): string {
  return user.outrankedByThisGroup ? 'has a higher role from this group' : STATUS_TEXT[user.status];
}

/** Describes the members a grant lists, with the number of deactivated ones, because the grant gives those nothing. */
function describeMembers(users: GrantUser[]): string {
  const members = `${users.length} member${users.length === 1 ? '' : 's'}`;
  const deactivated = users.filter((user) => user.status === 'no-access').length;
  if (deactivated === 0) {
    return members;
  }
  if (deactivated === users.length) {
    return users.length === 1 ? `${members}, who is deactivated` : `${members}, all deactivated`;
  }
  return `${members}, ${deactivated} of them deactivated`;
}

/** Renders what one group grants and to whom: each of its grants with every member and whether the grant decides their role. */
export function GroupGrantsView() {
  const { groups, groupId, groupGrants, showGroup, source } = useExplorerStore();
  const unsupported = source.mode === 'snapshot' || (source.mode === 'live' && source.draftId !== null);

  return (
    <section aria-label="Group grants" data-testid="group-grants">
      <div className="inline-form">
        <label>
          Group
          <select value={groupId ?? ''} data-testid="grants-group" onChange={(event) => void showGroup(event.target.value)}>
            <option value="" disabled>
              choose…
            </option>
            {groups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.displayName} ({group.memberCount}{group.deletedSince === true ? ', deleted since' : ''})
              </option>
            ))}
          </select>
        </label>
      </div>
      {unsupported && <p className="muted">A group's grants are shown for the live mappings, now or as of a past moment. Choose one of those above.</p>}
      {groupGrants !== null && !unsupported && (
        <>
          {groupGrants.grants.length === 0 && (
            <p className="empty">{groupGrants.asOf === null ? 'This group is mapped to nothing, so it grants no access.' : 'No member held a role through this group at that moment.'}</p>
          )}
          {groupGrants.grants.map((grant) => (
            <div key={`${grant.workspaceName ?? 'organization'}:${grant.grant.kind === 'workspace' ? grant.grant.role : 'admin'}`} className="grant-block">
              <h3>
                Grants {describeGrant(grant.grant, grant.workspaceName)} to {describeMembers(grant.users)}
              </h3>
              <ul className="plain-list grant-users">
                {grant.users.map((user) => (
                  <li key={user.userId} data-testid="grant-user" data-user-name={user.userName} className={`grant-${user.status}`}>
                    <strong>{user.userName}</strong> <span className="muted">{describeStatus(user)}</span>
                    {user.status === 'outranked' && user.effectiveRole !== null && <span className="muted"> ({user.effectiveRole})</span>}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
