import { useEffect, useState, type FormEvent } from 'react';
import { lossShareToPercent } from '../../../../shared/model.ts';
import { useDraftsStore } from '../../stores/drafts.ts';

/** Returns why the typed percentage cannot be saved, or null when it is a number from 0 to 100. */
function describeShareProblem(percent: string): string | null {
  if (percent.trim() === '') {
    return 'The share is missing. Enter a number from 0 to 100.';
  }
  const value = Number(percent);
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    return `${percent} % is out of range. Enter a number from 0 to 100.`;
  }
  return null;
}

/** Sets the share of active users above which a change that removes or lowers access needs confirmation. */
export function GuardrailSettingForm() {
  const guardrail = useDraftsStore((state) => state.guardrail);
  const updateGuardrail = useDraftsStore((state) => state.updateGuardrail);
  const busy = useDraftsStore((state) => state.busy);
  const [percent, setPercent] = useState('');
  // The field is empty until the setting loads, which is no fault of the admin, so problems show only after an edit.
  const [edited, setEdited] = useState(false);

  useEffect(() => {
    if (guardrail !== null) {
      setPercent(String(lossShareToPercent(guardrail.maxLossShare)));
    }
  }, [guardrail]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await updateGuardrail(Number(percent) / 100);
  };

  const value = Number(percent);
  const problem = describeShareProblem(percent);
  const valid = problem === null;
  const shownProblem = edited ? problem : null;
  return (
    <form className="inline-form guardrail-form" aria-label="Guardrail" onSubmit={(event) => void submit(event)}>
      <label className="guardrail-label">
        Ask for confirmation when a change lowers access for more than
        <input
          type="number"
          min={0}
          max={100}
          step={0.5}
          value={percent}
          data-testid="guardrail-share"
          aria-invalid={shownProblem !== null}
          aria-describedby={shownProblem === null ? undefined : 'guardrail-share-problem'}
          onChange={(event) => {
            setPercent(event.target.value);
            setEdited(true);
          }}
        />
        % of active users
      </label>
      <button type="submit" disabled={busy || !valid || guardrail === null || value / 100 === guardrail.maxLossShare}>
        Save
      </button>
      {shownProblem !== null && (
        <span className="text-error" id="guardrail-share-problem" data-testid="guardrail-share-problem">
          {shownProblem}
        </span>
      )}
      <span className="muted">A change that would leave the organization with no admin is always refused.</span>
    </form>
  );
}
