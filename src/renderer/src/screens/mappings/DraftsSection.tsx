import { useState, type FormEvent } from 'react';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useDraftsStore } from '../../stores/drafts.ts';
import { DraftPanel } from './DraftPanel.tsx';
import { GuardrailSettingForm } from './GuardrailSettingForm.tsx';

function CreateDraftForm() {
  const createDraft = useDraftsStore((state) => state.createDraft);
  const busy = useDraftsStore((state) => state.busy);
  const [name, setName] = useState('');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await createDraft(name.trim())) {
      setName('');
    }
  };

  return (
    <form className="inline-form" aria-label="Create draft" onSubmit={(event) => void submit(event)}>
      <label>
        Draft name
        <input data-testid="draft-name" value={name} required maxLength={200} placeholder="e.g. Q3 cleanup" onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" className="button-primary" disabled={busy || name.trim() === ''}>
        Create draft
      </button>
    </form>
  );
}

/**
 * Drafts of mapping changes: while one is open, the groups table below changes the draft
 * instead of the live mappings, and the draft shows who would gain or lose access.
 */
export function DraftsSection() {
  const { drafts, draft, problem, appliedEventId, discardedDraftName, openDraft, clearProblem } = useDraftsStore();
  const open = drafts.filter((item) => item.appliedAt === null);
  const applied = drafts.filter((item) => item.appliedAt !== null).slice(0, 3);

  return (
    <section className="card" aria-labelledby="drafts-title" data-testid="drafts">
      <h2 id="drafts-title">Drafts</h2>
      <p className="muted">
        Make mapping changes in a draft to see who gains and who loses access before anything changes. Applying a draft is
        one change with one audit event.
      </p>
      {problem !== null && <ProblemNotice problem={problem} onDismiss={clearProblem} testId="draft-problem" />}
      {appliedEventId !== null && (
        <p className="notice notice-applied" role="status" data-testid="draft-applied">
          The draft was applied and recorded as event {appliedEventId}. <a href="#events">See it in Live events.</a>
        </p>
      )}
      {discardedDraftName !== null && (
        <p className="notice notice-applied" role="status" data-testid="draft-discarded">
          The draft “{discardedDraftName}” was discarded. No one's access changed.
        </p>
      )}
      {draft === null ? (
        <>
          {open.length > 0 && (
            <ul className="plain-list draft-list" aria-label="Open drafts">
              {open.map((item) => (
                <li key={item.id} data-testid="draft-item" data-draft-name={item.name}>
                  <strong>{item.name}</strong>{' '}
                  <span className="muted">
                    {item.changeCount} change{item.changeCount === 1 ? '' : 's'}, created {formatDateTime(item.createdAt)}
                  </span>{' '}
                  <button type="button" className="button-small" onClick={() => void openDraft(item.id)}>
                    Open
                  </button>
                </li>
              ))}
            </ul>
          )}
          {applied.length > 0 && (
            <p className="muted">
              Recently applied: {applied.map((item) => `${item.name} (event ${item.appliedEventId})`).join(', ')}.
            </p>
          )}
          <CreateDraftForm />
        </>
      ) : (
        <DraftPanel />
      )}
      <GuardrailSettingForm />
    </section>
  );
}
