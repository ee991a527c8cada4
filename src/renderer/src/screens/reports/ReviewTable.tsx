import { useRef, useState } from 'react';
import type { ReviewItem } from '../../../../shared/api.ts';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../../../shared/model.ts';
import { BreakableName } from '../../components/BreakableName.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useReviewStore } from '../../stores/reports.ts';

type Decision = 'keep' | 'revoke' | 'change';
const DECISIONS: { id: Decision; label: string }[] = [
  { id: 'keep', label: 'Keep' },
  { id: 'revoke', label: 'Revoke' },
  { id: 'change', label: 'Change' },
];

/** Workspace roles that a "change" decision may give instead of `role`. */
function otherRoles(role: string): WorkspaceRole[] {
  return WORKSPACE_ROLES.filter((candidate) => candidate !== role);
}

function ReviewRow({ item, locked }: { item: ReviewItem; locked: boolean }) {
  const { decide, busy } = useReviewStore();
  const [comment, setComment] = useState(item.comment);
  // "Change" is saved only with the role to give instead, so choosing it waits here until the
  // reviewer picks that role.
  const [changePending, setChangePending] = useState(false);
  const roleSelect = useRef<HTMLSelectElement>(null);
  const target = [{ userId: item.userId, scope: item.scope }];
  // Two connections may provision the same userName, so the label names the connection too.
  const rowLabel = `${item.userName} in ${item.scopeName}, account from ${item.connectionName}`;
  const shownDecision = changePending ? 'change' : (item.decision ?? '');
  const newRole = changePending ? null : (item.newRole as WorkspaceRole | null);
  const roleMissing = shownDecision === 'change' && newRole === null;
  const roleProblemId = `review-role-${item.seq}`;
  // An organization admin role has no other role to change to, so it is only kept or revoked.
  const decisions = item.scope === 'organization' ? DECISIONS.filter((decision) => decision.id !== 'change') : DECISIONS;

  const chooseDecision = (decision: Decision) => {
    if (decision === 'change') {
      setChangePending(true);
      setTimeout(() => roleSelect.current?.focus());
      return;
    }
    setChangePending(false);
    void decide(target, decision, comment);
  };
  const chooseRole = (role: WorkspaceRole) => {
    setChangePending(false);
    void decide(target, 'change', comment, role);
  };
  const saveComment = () => {
    if (roleMissing || shownDecision === '' || comment === item.comment) {
      return;
    }
    void decide(target, shownDecision, comment, shownDecision === 'change' ? (newRole ?? undefined) : undefined);
  };

  return (
    <tr data-testid="review-row" data-user-name={item.userName} data-scope-name={item.scopeName} data-connection-name={item.connectionName}>
      <th scope="row" className="review-user">
        <BreakableName name={item.userName} />
        <div className="user-display-name muted">{item.displayName ?? ''}</div>
        <div className="review-connection muted" data-testid="review-connection">
          from {item.connectionName}
        </div>
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
      <td>{formatDateTime(item.since, 'unknown')}</td>
      <td>
        <select
          aria-label={`Decision for ${rowLabel}`}
          value={shownDecision}
          disabled={locked || busy}
          onChange={(event) => chooseDecision(event.target.value as Decision)}
        >
          <option value="" disabled>
            Undecided
          </option>
          {decisions.map((decision) => (
            <option key={decision.id} value={decision.id}>
              {decision.label}
            </option>
          ))}
        </select>
        {shownDecision === 'change' && (
          <select
            ref={roleSelect}
            className="review-new-role"
            data-testid="review-new-role"
            aria-label={`New role for ${rowLabel}`}
            value={newRole ?? ''}
            disabled={locked || busy}
            required
            aria-invalid={roleMissing}
            aria-describedby={roleMissing ? roleProblemId : undefined}
            onChange={(event) => chooseRole(event.target.value as WorkspaceRole)}
          >
            <option value="" disabled>
              Change to…
            </option>
            {otherRoles(item.role).map((role) => (
              <option key={role} value={role}>
                to {role}
              </option>
            ))}
          </select>
        )}
        {roleMissing && (
          <div className="field-problem" id={roleProblemId} data-testid="review-role-missing">
            {changePending ? 'Choose the role to give instead. The decision is saved with it.' : 'Choose the role to give instead.'}
          </div>
        )}
        {item.decidedAt !== null && (
          <div className="muted review-decided" data-testid="review-decided">
            {formatDateTime(item.decidedAt)} via {item.decidedVia ?? 'unknown'}
          </div>
        )}
        {item.accessMatchesDecision === false && (
          <div className="muted" data-testid="review-not-carried-out">
            Not carried out: role now {item.currentRole ?? 'none'}
          </div>
        )}
      </td>
      <td>
        <input
          aria-label={`Comment for ${rowLabel}`}
          value={comment}
          maxLength={500}
          disabled={locked}
          placeholder="Optional"
          onChange={(event) => setComment(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              saveComment();
            }
          }}
          onBlur={saveComment}
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
        <table className="review-table" aria-label="Roles under review" data-testid="review-table">
          <colgroup>
            <col style={{ width: '21%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '9%' }} />
            <col style={{ width: '17%' }} />
            <col style={{ width: '11%' }} />
            <col style={{ width: '14%' }} />
            <col style={{ width: '18%' }} />
          </colgroup>
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
