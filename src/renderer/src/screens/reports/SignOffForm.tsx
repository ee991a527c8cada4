import { useState, type FormEvent } from 'react';
import type { ReviewSummary } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useReviewStore } from '../../stores/reports.ts';

/** Signs a review off under a typed name once every role has a decision, or shows the name, recorded actor and time of the sign-off. */
export function SignOffForm({ review }: { review: ReviewSummary }) {
  const { signOff, busy } = useReviewStore();
  const [name, setName] = useState(review.reviewer);
  const undecided = review.itemCount - review.decided.keep - review.decided.revoke - review.decided.change;

  if (review.signedOffAt !== null) {
    return (
      <p className="notice notice-ok" data-testid="review-signed-off">
        Signed off by <strong>{review.signedOffBy}</strong> (name as typed, not verified) via {review.signedOffVia ?? 'unknown'} on {formatDateTime(review.signedOffAt)}.
        The decisions can no longer change. They are recorded, not applied: change the mappings or the group memberships in the identity provider to carry
        them out.
      </p>
    );
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void signOff(name);
  };
  return (
    <>
      <p className="muted" data-testid="review-sign-off-note">
        Sign-off records the decisions and changes no access. The name is as typed and not verified.
      </p>
      <form className="form-row sign-off" aria-label="Sign off the review" onSubmit={submit}>
        <label>
          Signed off by (name)
          <input value={name} maxLength={200} required onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={busy || undecided > 0}>
          Sign off
        </button>
        {undecided > 0 && (
          <span className="muted" data-testid="review-undecided">
            {undecided} {undecided === 1 ? 'role still needs' : 'roles still need'} a decision before sign-off.
          </span>
        )}
      </form>
    </>
  );
}
