import { useEffect, useState } from 'react';
import type { DraftChange } from '../../../../shared/api.ts';
import { groupLabel } from '../../lib/group-label.ts';
import { describeGrant } from '../../lib/grants.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useSnapshotsStore } from '../../stores/snapshots.ts';
import { DraftDiffView } from './DraftDiffView.tsx';

/** Names a change's group with its connection when a live group matches, else by its name alone. */
function changeGroupLabel(change: DraftChange): string {
  return change.connectionName === null ? change.groupName : groupLabel(change.groupName, change.connectionName);
}

function DraftChanges() {
  const draft = useDraftsStore((state) => state.draft)!;
  const removeChange = useDraftsStore((state) => state.removeChange);
  const busy = useDraftsStore((state) => state.busy);
  if (draft.changes.length === 0) {
    return (
      <p className="empty" data-testid="draft-empty">
        This draft has no changes yet. Use Add to draft or the × of a mapping in the groups table below.
      </p>
    );
  }
  return (
    <ul className="plain-list draft-changes" aria-label="Changes in this draft">
      {draft.changes.map((change) => (
        <li key={change.id} data-testid="draft-change" className={change.problem === null ? undefined : 'draft-change-stale'}>
          <span className={`chip ${change.action === 'add' ? 'chip-ok' : 'chip-warning'}`}>{change.action === 'add' ? '+ add' : '− remove'}</span>{' '}
          <strong>{change.groupName}</strong>
          {change.connectionName !== null && <span className="muted"> ({change.connectionName})</span>} → {describeGrant(change.grant, change.workspaceName)}
          {change.groupId === null && <span className="muted"> (no live group yet)</span>}{' '}
          <button type="button" className="button-quiet button-small" disabled={busy} aria-label={`Undo ${change.action} ${changeGroupLabel(change)}`} onClick={() => void removeChange(change.id)}>
            Undo
          </button>
          {change.problem !== null && <div className="text-warning">{change.problem}</div>}
        </li>
      ))}
    </ul>
  );
}

function SourceSelect() {
  const snapshots = useSnapshotsStore((state) => state.snapshots);
  const loadSnapshots = useSnapshotsStore((state) => state.load);
  const diffSnapshotId = useDraftsStore((state) => state.diffSnapshotId);
  const setDiffSnapshot = useDraftsStore((state) => state.setDiffSnapshot);

  useEffect(() => {
    void loadSnapshots();
  }, [loadSnapshots]);

  return (
    <label>
      Evaluate against
      <select data-testid="draft-source" value={diffSnapshotId ?? ''} onChange={(event) => void setDiffSnapshot(event.target.value === '' ? null : event.target.value)}>
        <option value="">the live directory</option>
        {snapshots.map((snapshot) => (
          <option key={snapshot.id} value={snapshot.id}>
            snapshot {snapshot.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Renders the open draft: its changes, who gains and loses access, and the buttons that apply or discard it. */
export function DraftPanel() {
  const { draft, diff, busy, applyDraft, discardDraft, closeDraft } = useDraftsStore();
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  if (draft === null) {
    return null;
  }
  const applicable = draft.changes.filter((change) => change.problem === null).length;
  const changeCount = draft.changes.length === 1 ? '1 change' : `${draft.changes.length} changes`;
  return (
    <div className="draft-panel" data-testid="draft-panel" data-draft-name={draft.name}>
      <header className="section-header">
        <h3>
          Editing the draft “{draft.name}”
        </h3>
        <div className="button-row">
          <button type="button" className="button-quiet" onClick={closeDraft}>
            Close
          </button>
          <button type="button" disabled={busy || confirmingDiscard} onClick={() => setConfirmingDiscard(true)}>
            Discard draft
          </button>
          <button type="button" className="button-primary" data-testid="apply-draft" disabled={busy || applicable === 0} onClick={() => void applyDraft()}>
            Apply draft
          </button>
        </div>
      </header>
      {confirmingDiscard && (
        <div className="notice notice-warning discard-confirm" role="alertdialog" aria-label="Discard the draft" data-testid="discard-confirm">
          <p>
            Discard the draft “{draft.name}” and its {changeCount}? No one's access changes, and the draft cannot be opened again.
          </p>
          <div className="button-row">
            <button type="button" className="button-quiet" onClick={() => setConfirmingDiscard(false)}>
              Keep the draft
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={busy}
              onClick={() => {
                setConfirmingDiscard(false);
                void discardDraft();
              }}
            >
              Discard
            </button>
          </div>
        </div>
      )}
      <DraftChanges />
      <div className="inline-form">
        <SourceSelect />
      </div>
      {diff !== null && <DraftDiffView diff={diff} />}
    </div>
  );
}
