import type { LogHead } from '../../../../shared/api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useReportsStore } from '../../stores/reports.ts';

const REQUESTERS: Record<string, string> = { start: 'when ScimDesk started', console: 'from the console', cli: 'from the command line', bundle: 'for a bundle' };

/** Names the events appended after the last check, which it did not cover, or returns null when there are none. */
function describeUncheckedEvents(head: LogHead, checkedHeadId: number): string | null {
  if (head.headEventId <= checkedHeadId) {
    return null;
  }
  const first = checkedHeadId + 1;
  if (first === head.headEventId) {
    return `Event ${first} was added after this check and is not checked yet. Check the chain now to cover it.`;
  }
  return `Events ${first} to ${head.headEventId} were added after this check and are not checked yet. Check the chain now to cover them.`;
}

/** Shows the event log's head digest, the data directory's identity and the last check of the digest chain. */
export function LogIntegrityCard() {
  const { head, headError, load, verify } = useReportsStore();

  if (headError !== null) {
    return <ProblemNotice problem={headError} onRetry={() => void load()} />;
  }
  if (head === null) {
    return null;
  }
  const last = head.lastVerification;
  const unchecked = last === null || head.verifying ? null : describeUncheckedEvents(head, last.headId);
  return (
    <section className="card" aria-labelledby="log-integrity-title" data-testid="log-integrity">
      <h2 id="log-integrity-title">Event log integrity</h2>
      <p className="muted">
        Each event is chained to the one before it by a SHA-256 digest. Request and response bodies are stored beside the chain, which keeps
        their SHA-256, so an edited body fails the check, while a body that retention deleted does not.
      </p>
      <p className="muted" data-testid="log-integrity-limits">
        A check finds any event changed, removed or reordered before the head. It cannot tell on its own that the newest events were cut off,
        so keep the head digest of each report and bundle apart from the data, and later run <code>scimdesk verify --anchor</code> with it.
        Every report records the head, whether the chain was intact when it was made, and the event log records the SHA-256 of each export,
        which <code>scimdesk verify --report</code> checks.
      </p>
      <p className="muted" data-testid="log-integrity-coverage">
        The chain check covers the event log only. Reports of current access, mappings and access reviews also read tables that the chain does not
        cover, and each report's header names them under "Rows from current tables". An access report of now, and{' '}
        <code>scimdesk verify</code>, compare the current users, roles and granting groups with the access rebuilt from the event log. Mappings
        and review decisions are not checked against the log.
      </p>
      <dl className="facts">
        <dt>Head event</dt>
        <dd data-testid="log-head-id">
          {head.headEventId} of {head.eventCount} events
        </dd>
        <dt>Head digest</dt>
        <dd>
          <code data-testid="log-head-digest">{head.headDigest}</code> <CopyButton text={head.headDigest} label="Copy the head digest" />
        </dd>
        <dt>Data directory</dt>
        <dd>
          <code data-testid="data-directory-id">{head.dataDirectoryId}</code>
        </dd>
        <dt>Last check</dt>
        <dd data-testid="log-last-check">
          {last === null && 'The chain has not been checked yet.'}
          {last !== null && last.ok && last.eventCount === 0 && (
            <span className="text-ok">
              The log was empty at the check {REQUESTERS[last.requestedBy] ?? last.requestedBy}, {formatDateTime(last.at)}, so no event was checked.
            </span>
          )}
          {last !== null && last.ok && last.eventCount > 0 && (
            <span className="text-ok">
              Intact up to event {last.headId}: {last.eventCount} events checked {REQUESTERS[last.requestedBy] ?? last.requestedBy}, {formatDateTime(last.at)}.
            </span>
          )}
          {last !== null && !last.ok && (
            <span className="text-error">
              Broken at {last.breakCount} {last.breakCount === 1 ? 'event' : 'events'}, checked {REQUESTERS[last.requestedBy] ?? last.requestedBy}, {formatDateTime(last.at)}.
            </span>
          )}
          {last !== null && unchecked !== null && (
            <div className="muted" data-testid="log-unchecked">
              {unchecked}
            </div>
          )}
        </dd>
      </dl>
      {last !== null && !last.ok && last.firstBreak !== null && (
        <div className="notice notice-error" role="alert" data-testid="log-break">
          <p>{last.firstBreak.message}</p>
          <p className="notice-next-step">Reports made now carry a log that was changed. Restore the data directory from a backup, or keep this finding as evidence.</p>
        </div>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void verify()} disabled={head.verifying}>
          {head.verifying ? 'Checking the chain…' : 'Check the chain now'}
        </button>
      </div>
    </section>
  );
}
