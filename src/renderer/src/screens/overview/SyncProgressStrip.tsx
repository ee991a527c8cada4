import { useEffect } from 'react';
import type { SyncProgress } from '../../../../shared/api.ts';
import { useHealthStore } from '../../stores/health.ts';

/** How often the progress of running syncs is read while it is shown, in ms. */
const PROGRESS_REFRESH_MS = 2000;

function describeElapsed(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;
}

function ProgressLine({ progress }: { progress: SyncProgress }) {
  const rate = progress.requestsPerSecond === null ? '' : `, ${progress.requestsPerSecond.toLocaleString()} requests per second`;
  return (
    <li data-testid="sync-progress" data-connection-id={progress.connectionId}>
      <strong>{progress.connectionName} is syncing:</strong> {plural(progress.userWrites, 'user change')} and{' '}
      {plural(progress.groupWrites, 'group change')} received in {plural(progress.requests, 'request')}
      {rate}, started {describeElapsed(progress.elapsedSeconds)} ago
      {progress.errors > 0 && <span className="text-error">; {plural(progress.errors, 'request')} failed</span>}.
    </li>
  );
}

/**
 * Shows each sync in progress and refreshes it every two seconds. The engine decides what counts
 * (`listSyncProgress`): a burst of requests from one connection with at least one user or group
 * change, listed until 15 s after its latest request.
 */
export function SyncProgressStrip() {
  const progress = useHealthStore((state) => state.progress);
  const loadProgress = useHealthStore((state) => state.loadProgress);

  useEffect(() => {
    void loadProgress();
    const timer = window.setInterval(() => void loadProgress(), PROGRESS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [loadProgress]);

  if (progress.length === 0) {
    return null;
  }
  return (
    <ul className="sync-progress" role="status" aria-label="Syncs in progress">
      {progress.map((entry) => (
        <ProgressLine key={entry.connectionId} progress={entry} />
      ))}
    </ul>
  );
}
