import { useEffect, type FormEvent } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { REVIEW_PAGE_SIZE, useReportsStore, useReviewStore } from '../../stores/reports.ts';
import { ExportList } from './ExportList.tsx';
import { ReviewTable } from './ReviewTable.tsx';
import { SignOffForm } from './SignOffForm.tsx';
import { StartReviewForm } from './StartReviewForm.tsx';

/** Access reviews: start one, decide keep, revoke or change for each role, sign off and export with the decisions. */
export function ReviewScreen() {
  const state = useReviewStore();
  const { load, loadItems, review, selectedId } = state;
  const { startReport, load: loadExports } = useReportsStore();

  useEffect(() => {
    void load();
    void loadExports();
  }, [load, loadExports]);

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void loadItems();
  };
  const decided = review === null ? 0 : review.decided.keep + review.decided.revoke + review.decided.change;

  return (
    <>
      <header className="screen-header">
        <h1>Access review</h1>
      </header>
      {state.error !== null && <ProblemNotice problem={state.error} onRetry={() => void load()} />}
      {state.actionError !== null && <ProblemNotice problem={state.actionError} onDismiss={state.dismissActionError} testId="review-problem" />}
      <StartReviewForm />
      {!state.loaded && <Loading what="access reviews" />}
      {state.loaded && state.reviews.length > 0 && (
        <section className="card" aria-labelledby="review-title" data-testid="review-panel">
          <div className="form-row">
            <label>
              Review
              <select value={selectedId ?? ''} onChange={(event) => void state.select(event.target.value)}>
                {state.reviews.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}, {formatDateTime(candidate.createdAt)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {review !== null && (
            <>
              <h2 id="review-title">{review.name}</h2>
              <p className="muted">
                Reviewer (as named when the review started): {review.reviewer}. Started {formatDateTime(review.createdAt)} at event {review.headEventId} by{' '}
                {review.startedBy}.
              </p>
              <div className="notice" data-testid="review-limits">
                <p>
                  <strong>Decisions are recorded, not applied.</strong> A revoke or change decision leaves the user&apos;s access as it is. To carry it out, change
                  the mapping (for example in a draft) or the group membership in the identity provider.
                </p>
                <p>
                  The console does not authenticate reviewers. The reviewer and sign-off names are as typed, and each decision records only where it came from
                  (such as &quot;console&quot; or &quot;desktop (alice)&quot;).
                </p>
              </div>
              <p data-testid="review-progress">
                {decided} of {review.itemCount} roles decided: keep {review.decided.keep}, revoke {review.decided.revoke}, change {review.decided.change}.
              </p>
              <progress value={decided} max={Math.max(review.itemCount, 1)} aria-label="Review progress" />
              <form role="search" className="inline-form" onSubmit={search}>
                <label>
                  Search rows
                  <input type="search" value={state.search} maxLength={200} placeholder="user, display name or scope" onChange={(event) => state.setSearch(event.target.value)} />
                </label>
                <button type="submit">Search</button>
                <label className="checkbox">
                  <input type="checkbox" checked={state.undecidedOnly} onChange={(event) => state.setUndecidedOnly(event.target.checked)} />
                  Only undecided
                </label>
              </form>
              {state.loadingItems && state.items.length === 0 ? <Loading what="review rows" /> : <ReviewTable locked={review.signedOffAt !== null} />}
              <div className="button-row">
                <button type="button" disabled={state.offset === 0} onClick={() => state.setOffset(Math.max(0, state.offset - REVIEW_PAGE_SIZE))}>
                  Previous page
                </button>
                <button type="button" disabled={state.offset + REVIEW_PAGE_SIZE >= state.total} onClick={() => state.setOffset(state.offset + REVIEW_PAGE_SIZE)}>
                  Next page
                </button>
              </div>
              <h3>Sign-off</h3>
              <SignOffForm key={review.id} review={review} />
              <h3>Export with the decisions</h3>
              <div className="button-row">
                {(['csv', 'json', 'html', 'pdf'] as const).map((format) => (
                  <button key={format} type="button" onClick={() => void startReport({ kind: 'review', format, reviewId: review.id })}>
                    Export {format.toUpperCase()}
                  </button>
                ))}
              </div>
            </>
          )}
        </section>
      )}
      <ExportList />
    </>
  );
}
