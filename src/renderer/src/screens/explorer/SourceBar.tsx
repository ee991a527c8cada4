import { useDraftsStore } from '../../stores/drafts.ts';
import { useExplorerStore, type ExplorerSource } from '../../stores/explorer.ts';
import { useSnapshotsStore } from '../../stores/snapshots.ts';
import { TimelinePicker } from './TimelinePicker.tsx';

/** Chooses where the explorer reads access from: live, a past moment, or a snapshot, under live mappings or a draft's. */
export function SourceBar() {
  const { source, setSource, timeline } = useExplorerStore();
  const snapshots = useSnapshotsStore((state) => state.snapshots);
  const drafts = useDraftsStore((state) => state.drafts).filter((draft) => draft.appliedAt === null);
  const draftId = source.mode === 'past' ? null : source.draftId;

  const choose = (mode: ExplorerSource['mode']) => {
    if (mode === 'live') {
      void setSource({ mode: 'live', draftId: null });
    } else if (mode === 'past') {
      void setSource({ mode: 'past', asOf: timeline?.last ?? new Date().toISOString() });
    } else if (snapshots[0] !== undefined) {
      void setSource({ mode: 'snapshot', snapshotId: snapshots[0].id, draftId: null });
    }
  };
  const withDraft = (id: string) => {
    const chosen = id === '' ? null : id;
    if (source.mode === 'live') {
      void setSource({ mode: 'live', draftId: chosen });
    } else if (source.mode === 'snapshot') {
      void setSource({ ...source, draftId: chosen });
    }
  };

  return (
    <section className="card source-bar" aria-label="Source of the views">
      <div className="inline-form">
        <fieldset className="source-modes">
          <legend>Show access</legend>
          {(
            [
              ['live', 'now'],
              ['past', 'as of a past moment'],
              ['snapshot', 'in a snapshot'],
            ] as const
          ).map(([mode, label]) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="explorer-source"
                value={mode}
                data-testid={`source-${mode}`}
                checked={source.mode === mode}
                disabled={mode === 'snapshot' && snapshots.length === 0}
                onChange={() => choose(mode)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        {source.mode === 'snapshot' && (
          <label>
            Snapshot
            <select value={source.snapshotId} onChange={(event) => void setSource({ ...source, snapshotId: event.target.value })}>
              {snapshots.map((snapshot) => (
                <option key={snapshot.id} value={snapshot.id}>
                  {snapshot.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {source.mode !== 'past' && (
          <label>
            Mappings
            <select value={draftId ?? ''} data-testid="source-draft" onChange={(event) => withDraft(event.target.value)}>
              <option value="">live mappings</option>
              {drafts.map((draft) => (
                <option key={draft.id} value={draft.id}>
                  draft {draft.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {source.mode === 'past' && timeline !== null && <TimelinePicker timeline={timeline} asOf={source.asOf} onChoose={(asOf) => void setSource({ mode: 'past', asOf })} />}
    </section>
  );
}
