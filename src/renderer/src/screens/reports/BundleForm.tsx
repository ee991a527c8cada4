import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useReportsStore } from '../../stores/reports.ts';
import { localInputToIso } from './time-input.ts';

/** Starts an evidence bundle: every report in every format, a manifest of their digests and the log check, in one zip. */
export function BundleForm() {
  const { startBundle, starting, bundleError, dismissBundleError } = useReportsStore();
  const problemRef = useRef<HTMLDivElement>(null);
  // The form may sit at the bottom of the window, so the error is scrolled into view.
  // A block body, because Chromium's scrollIntoView may return a promise, which React would call as the cleanup.
  useEffect(() => {
    problemRef.current?.scrollIntoView({ block: 'nearest' });
  }, [bundleError]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void startBundle({ from: localInputToIso(from), to: localInputToIso(to) });
  };

  return (
    <form className="card" aria-label="Create an evidence bundle" onSubmit={submit}>
      <h2>Evidence bundle</h2>
      <p className="muted">
        One zip with the access, change and mapping reports (and the newest access review) in CSV, JSON, HTML and PDF, a manifest of
        their SHA-256 digests and the result of a chain check. An auditor checks it with <code>scimdesk verify --bundle FILE --data DIR</code>, where
        DIR is this data directory. Only with its event log does the check show that the manifest is the one recorded when the bundle was made.
        Without <code>--data</code> it shows only that the files agree with the manifest.
      </p>
      <div className="form-row">
        <label>
          Changes from
          <input type="datetime-local" step="1" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          Changes to
          <input type="datetime-local" step="1" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="submit" disabled={starting}>
          Create evidence bundle
        </button>
      </div>
      {bundleError !== null && (
        <div ref={problemRef}>
          <ProblemNotice problem={bundleError} onDismiss={dismissBundleError} testId="bundle-problem" />
        </div>
      )}
    </form>
  );
}
