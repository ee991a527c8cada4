import type { DraftDiff, RoleDiffEntry } from '../../../../shared/api.ts';
import { AmbiguousGroupsNotice } from '../../components/AmbiguousGroupsNotice.tsx';
import { useDraftsStore, type DiffFilter } from '../../stores/drafts.ts';
import { RoleDiffTable } from './RoleDiffTable.tsx';

/** Most rows the list renders; narrower filters show the rest. */
const MAX_ROWS = 500;

function matches(entry: RoleDiffEntry, filter: DiffFilter): boolean {
  const text = filter.text.trim().toLowerCase();
  const haystack = [entry.userName, entry.displayName ?? '', ...entry.groups.map((group) => group.groupName)].join('\n').toLowerCase();
  return (
    (filter.kind === 'all' || entry.kind === filter.kind) &&
    (filter.scope === 'all' || entry.scope === filter.scope) &&
    (text === '' || haystack.includes(text))
  );
}

function Counts({ diff }: { diff: DraftDiff }) {
  const { counts } = diff.diff;
  const items: [string, number, string][] = [
    ['gained', counts.gained, 'diff-count-gained'],
    ['lost', counts.lost, 'diff-count-lost'],
    ['changed', counts.changed, 'diff-count-changed'],
    ['users affected', counts.usersAffected, ''],
    [`of ${counts.totalUsers.toLocaleString()} active users lose or lower access`, counts.usersLosingAccess, 'diff-count-lost'],
  ];
  return (
    <ul className="diff-counts" aria-label="Diff counts" data-testid="diff-counts">
      {items.map(([label, value, className]) => (
        <li key={label} className={className} data-testid={`diff-count-${label.split(' ')[0]}`}>
          <strong>{value.toLocaleString()}</strong> {label}
        </li>
      ))}
    </ul>
  );
}

/** Renders who gains, loses or changes role if the draft is applied: counts, the guardrail's verdict and a filterable list. */
export function DraftDiffView({ diff }: { diff: DraftDiff }) {
  const filter = useDraftsStore((state) => state.filter);
  const setFilter = useDraftsStore((state) => state.setFilter);
  const scopes = new Map(diff.diff.entries.map((entry) => [entry.scope, entry.workspaceName ?? 'organization']));
  const shown = diff.diff.entries.filter((entry) => matches(entry, filter));

  return (
    <section aria-label="What applying the draft changes" data-testid="draft-diff">
      <h3>
        If applied, against {diff.source.kind === 'live' ? 'the live directory' : `the snapshot “${diff.source.snapshotName}”`}
      </h3>
      <Counts diff={diff} />
      {diff.guardrail !== null && diff.guardrail.status !== 'allowed' && (
        <p className={`notice ${diff.guardrail.status === 'refused' ? 'notice-error' : 'notice-warning'}`} data-testid="draft-guardrail">
          {diff.guardrail.message}
        </p>
      )}
      {diff.source.unmatchedGroups.length > 0 && (
        <p className="text-warning">
          These snapshot groups match no live group, so only draft changes that name them apply: {diff.source.unmatchedGroups.join(', ')}.
        </p>
      )}
      <AmbiguousGroupsNotice groups={diff.source.ambiguousGroups} />
      <div className="inline-form diff-filters" role="search" aria-label="Filter the diff">
        <label>
          Change
          <select value={filter.kind} data-testid="diff-filter-kind" onChange={(event) => setFilter({ kind: event.target.value as DiffFilter['kind'] })}>
            <option value="all">all</option>
            <option value="gained">gained</option>
            <option value="lost">lost</option>
            <option value="changed">changed</option>
          </select>
        </label>
        <label>
          Where
          <select value={filter.scope} onChange={(event) => setFilter({ scope: event.target.value })}>
            <option value="all">everywhere</option>
            {[...scopes].map(([scope, name]) => (
              <option key={scope} value={scope}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          User or group
          <input type="search" value={filter.text} data-testid="diff-filter-text" placeholder="name contains…" onChange={(event) => setFilter({ text: event.target.value })} />
        </label>
        <span className="muted" role="status">
          {shown.length.toLocaleString()} of {diff.diff.entries.length.toLocaleString()} changes
        </span>
      </div>
      <RoleDiffTable entries={shown.slice(0, MAX_ROWS)} label="Role changes" />
      {shown.length > MAX_ROWS && <p className="muted">The first {MAX_ROWS} are listed; narrow the filters to see the others.</p>}
    </section>
  );
}
