import { useState } from 'react';
import type { ReviewItem } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useReviewStore } from '../../stores/reports.ts';

type Decision = 'keep' | 'revoke' | 'change';
const DECISIONS: { id: Decision; label: string }[] = [
  { id: 'keep', label: 'Keep' },
  { id: 'revoke', label: 'Revoke' },
  { id: 'change', label: 'Change' },
];

function ReviewRow({ item, locked }: { item: ReviewItem; locked: boolean }) {
  const { decide, busy } = useReviewStore();
  const [comment, setComment] = useState(item.comment);
  const target = [{ userId: item.userId, scope: item.scope }];
  const rowLabel = `${item.userName} in ${item.scopeName}`;

  return (
    <tr data-testid="review-row" data-user-name={item.userName} data-scope-name={item.scopeName}>
      <th scope="row">
        {item.userName}
        <div className="user-display-name muted">{item.displayName ?? ''}</div>
        {!item.active && <div className="text-warning">deactivated</div>}
      </th>
      <td>{item.scopeName}</td>
      <td>
        <strong>{item.role}</strong>
      </td>
      <td className="granted-by">
        {item.viaOrganizationAdmin && <div className="chip chip-info">organization admin rule</div>}
        {item.grantedBy.join(', ')}
      </td>
      <td className="nowrap">{formatDateTime(item.since, 'unknown')}</td>
      <td>
        <select
          aria-label={`Decision for ${rowLabel}`}
          value={item.decision ?? ''}
          disabled={locked || busy}
          onChange={(event) => void decide(target, event.target.value as Decision, comment)}
        >
          <option value="" disabled>
            Undecided
          </option>
          {DECISIONS.map((decision) => (
            <option key={decision.id} value={decision.id}>
              {decision.label}
            </option>
          ))}
        </select>
        {item.decidedAt !== null && <div className="muted review-decided">{formatDateTime(item.decidedAt)}</div>}
      </td>
      <td>
        <input
          aria-label={`Comment for ${rowLabel}`}
          value={comment}
          maxLength={500}
          disabled={locked}
          placeholder={item.decision === 'change' ? 'Which role instead?' : 'Optional'}
          onChange={(event) => setComment(event.target.value)}
          onBlur={() => {
            if (item.decision !== null && comment !== item.comment) {
              void decide(target, item.decision, comment);
            }
          }}
        />
      </td>
    </tr>
  );
}

/** Lists a page of review rows with a decision and a comment per role. */
export function ReviewTable({ locked }: { locked: boolean }) {
  const { items, total, offset, decide, busy } = useReviewStore();
  const undecided = items.filter((item) => item.decision === null);

  if (items.length === 0) {
    return <p className="empty">No rows match. Clear the search or the filter.</p>;
  }
  return (
    <>
      <div className="table-scroll">
        <table aria-label="Roles under review" data-testid="review-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Scope</th>
              <th scope="col">Role</th>
              <th scope="col">Granted by</th>
              <th scope="col">Since</th>
              <th scope="col">Decision</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <ReviewRow key={`${item.userId}:${item.scope}:${item.decision ?? ''}`} item={item} locked={locked} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <span className="muted">
          Rows {offset + 1}–{offset + items.length} of {total}
        </span>
        {!locked && undecided.length > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void decide(undecided.map((item) => ({ userId: item.userId, scope: item.scope })), 'keep', '')}
          >
            Keep the {undecided.length} undecided {undecided.length === 1 ? 'role' : 'roles'} on this page
          </button>
        )}
      </div>
    </>
  );
}
