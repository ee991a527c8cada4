import type { AmbiguousGroup } from '../../../shared/api.ts';

/** Maximum number of groups listed. A last line counts the rest. */
const MAX_LISTED = 200;

/** Lists snapshot groups that fit several live groups, with how to match them. */
export function AmbiguousGroupsNotice({ groups }: { groups: AmbiguousGroup[] }) {
  if (groups.length === 0) {
    return null;
  }
  const connectionCounts = groups.map((group) => new Set(group.candidates.map((candidate) => candidate.connectionName)).size);
  return (
    <div className="notice notice-warning" data-testid="ambiguous-groups">
      <p>These snapshot groups fit several live groups, so no live mapping applies to them.</p>
      <ul>
        {groups.slice(0, MAX_LISTED).map((group, index) => (
          <li key={index}>
            {group.snapshotName}: live groups in {group.candidates.map((candidate) => candidate.connectionName).join(', ')}
          </li>
        ))}
        {groups.length > MAX_LISTED && <li className="muted">and {(groups.length - MAX_LISTED).toLocaleString()} more</li>}
      </ul>
      {connectionCounts.some((count) => count > 1) && (
        <p>
          The snapshot does not name the connection its file came from. Delete it and import the file again with that connection chosen under “Exported
          from”, so that its groups are matched with that connection's groups only.
        </p>
      )}
      {connectionCounts.some((count) => count === 1) && <p>A connection listed more than once has several groups with that name or id. Give them distinct names in the identity provider.</p>}
    </div>
  );
}
