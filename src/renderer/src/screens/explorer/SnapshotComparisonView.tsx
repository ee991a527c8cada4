import type { SnapshotComparison } from '../../../../shared/api.ts';
import { AmbiguousGroupsNotice } from '../../components/AmbiguousGroupsNotice.tsx';

/** Maximum number of names listed per side. The heading gives the full count. */
const MAX_LISTED = 200;

function NameList({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  return (
    <div className="comparison-list" data-testid={testId}>
      <h4>
        {title} ({names.length.toLocaleString()})
      </h4>
      {names.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="plain-list">
          {/* Names may repeat (a snapshot user who is in a group of two connections), so the index is the key. */}
          {names.slice(0, MAX_LISTED).map((name, index) => (
            <li key={index}>{name}</li>
          ))}
          {names.length > MAX_LISTED && <li className="muted">and {(names.length - MAX_LISTED).toLocaleString()} more</li>}
        </ul>
      )}
    </div>
  );
}

/** Renders a snapshot against the live directory: users, groups and memberships present on one side only. */
export function SnapshotComparisonView({ comparison }: { comparison: SnapshotComparison }) {
  const { users, groups, memberships } = comparison;
  // A snapshot without a connection is compared with every connection, where one name may stand for several accounts or groups.
  const withConnection = (name: string, connectionName: string) => (comparison.snapshot.connectionName === null ? `${name} (${connectionName})` : name);
  const membershipName = (pair: SnapshotComparison['memberships']['onlyLive'][number]) => withConnection(`${pair.userName} in ${pair.groupName}`, pair.connectionName);
  return (
    <section className="card" aria-label={`Snapshot ${comparison.snapshot.name} compared with live`} data-testid="snapshot-comparison">
      <h3>
        “{comparison.snapshot.name}” compared with the live directory
        {comparison.snapshot.connectionName === null ? '' : ` of the connection “${comparison.snapshot.connectionName}”`}
      </h3>
      <p>
        Users: {users.inBoth.toLocaleString()} in both. Groups: {groups.matched.length.toLocaleString()} matched to live groups. Memberships within matched
        groups: {memberships.inBoth.toLocaleString()} in both.
      </p>
      <AmbiguousGroupsNotice groups={groups.ambiguous} />
      <div className="comparison-grid">
        <NameList title="Users only in the snapshot" names={users.onlyInSnapshot.map((user) => user.userName)} testId="only-in-snapshot-users" />
        <NameList title="Users only live" names={users.onlyLive.map((user) => withConnection(user.userName, user.connectionName))} testId="only-live-users" />
        <NameList
          title="Users active on one side only"
          names={users.activeDiffers.map((user) => `${withConnection(user.userName, user.connectionName)}: ${user.activeLive ? 'deactivated in the snapshot, active live' : 'active in the snapshot, deactivated live'}`)}
          testId="active-differs-users"
        />
        <NameList title="Groups only in the snapshot" names={groups.onlyInSnapshot} testId="only-in-snapshot-groups" />
        <NameList title="Groups only live" names={groups.onlyLive.map((group) => withConnection(group.displayName, group.connectionName))} testId="only-live-groups" />
        <NameList title="Memberships only in the snapshot" names={memberships.onlyInSnapshot.map(membershipName)} testId="only-in-snapshot-memberships" />
        <NameList title="Memberships only live" names={memberships.onlyLive.map(membershipName)} testId="only-live-memberships" />
      </div>
    </section>
  );
}
