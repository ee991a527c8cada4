import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import type { ReportExportRequest } from '../../stores/reports.ts';
import { useReportsStore, useReviewStore } from '../../stores/reports.ts';
import { localInputToIso } from './time-input.ts';

type Kind = ReportExportRequest['kind'];
type Format = ReportExportRequest['format'];

const KINDS: { id: Kind; label: string; description: string }[] = [
  { id: 'access', label: 'Access', description: 'Every user with their organization role and role per workspace, the granting groups and since when, with totals.' },
  { id: 'changes', label: 'Changes', description: 'Access gained, lost and changed in a period, with time, connection and cause.' },
  { id: 'mappings', label: 'Mappings', description: 'Every mapping with who created it and when, the mapping changes, and unmapped groups.' },
  { id: 'review', label: 'Access review', description: 'The roles of an access review with the reviewer’s decisions and sign-off.' },
];

const FORMATS: { id: Format; label: string }[] = [
  { id: 'csv', label: 'CSV (spreadsheets)' },
  { id: 'json', label: 'JSON (with a published schema)' },
  { id: 'html', label: 'HTML (printable page)' },
  { id: 'pdf', label: 'PDF' },
];

/** Chooses a report, its filters and a format, and starts the export in the host. */
export function ExportForm() {
  const { startReport, starting, reportError, dismissReportError } = useReportsStore();
  const problemRef = useRef<HTMLDivElement>(null);
  // The form may sit at the bottom of the window, so the error is scrolled into view.
  // A block body, because Chromium's scrollIntoView may return a promise, which React would call as the cleanup.
  useEffect(() => {
    problemRef.current?.scrollIntoView({ block: 'nearest' });
  }, [reportError]);
  const reviews = useReviewStore((state) => state.reviews);
  const [kind, setKind] = useState<Kind>('access');
  const [format, setFormat] = useState<Format>('csv');
  const [asOf, setAsOf] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reviewId, setReviewId] = useState('');

  // An error about the previous kind's fields would stay beside fields that are no longer shown.
  const chooseKind = (next: Kind) => {
    setKind(next);
    if (reportError !== null) {
      dismissReportError();
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request: ReportExportRequest = { kind, format };
    if (kind === 'access') {
      request.asOf = localInputToIso(asOf);
    } else if (kind === 'changes') {
      request.from = localInputToIso(from);
      request.to = localInputToIso(to);
    } else if (kind === 'review' && reviewId !== '') {
      request.reviewId = reviewId;
    }
    void startReport(request);
  };

  return (
    <form className="card export-form" aria-label="Export a report" onSubmit={submit}>
      <h2>Export a report</h2>
      <fieldset className="kind-choice">
        <legend>Report</legend>
        {KINDS.map((option) => (
          <label key={option.id} className="radio">
            <input type="radio" aria-label={option.label} name="report-kind" value={option.id} checked={kind === option.id} onChange={() => chooseKind(option.id)} />
            <span>
              <strong>{option.label}</strong>
              <span className="muted"> {option.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        {kind === 'access' && (
          <label>
            As of (empty for now)
            <input type="datetime-local" step="1" value={asOf} onChange={(event) => setAsOf(event.target.value)} />
          </label>
        )}
        {kind === 'changes' && (
          <>
            <label>
              From (empty for the first event)
              <input type="datetime-local" step="1" value={from} onChange={(event) => setFrom(event.target.value)} />
            </label>
            <label>
              To (empty for the last event)
              <input type="datetime-local" step="1" value={to} onChange={(event) => setTo(event.target.value)} />
            </label>
          </>
        )}
        {kind === 'review' && (
          <label>
            Review
            <select value={reviewId} onChange={(event) => setReviewId(event.target.value)}>
              <option value="">The newest review</option>
              {reviews.map((review) => (
                <option key={review.id} value={review.id}>
                  {review.name} ({review.signedOffAt === null ? 'draft' : 'signed off'})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Format
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)}>
            {FORMATS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button-primary" disabled={starting}>
          Export
        </button>
      </div>
      {reportError !== null && (
        <div ref={problemRef}>
          <ProblemNotice problem={reportError} onDismiss={dismissReportError} testId="report-problem" />
        </div>
      )}
      <p className="muted">Times are in your local time zone; reports state every time in UTC.</p>
    </form>
  );
}
