import { useEffect, useState, type FormEvent } from 'react';
import { useDraftsStore } from '../../stores/drafts.ts';

/** Sets the share of active users above which a change that removes or lowers access needs confirmation. */
export function GuardrailSettingForm() {
  const guardrail = useDraftsStore((state) => state.guardrail);
  const updateGuardrail = useDraftsStore((state) => state.updateGuardrail);
  const busy = useDraftsStore((state) => state.busy);
  const [percent, setPercent] = useState('');

  useEffect(() => {
    if (guardrail !== null) {
      setPercent(String(Math.round(guardrail.maxLossShare * 1000) / 10));
    }
  }, [guardrail]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await updateGuardrail(Number(percent) / 100);
  };

  const value = Number(percent);
  const valid = percent.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 100;
  return (
    <form className="inline-form guardrail-form" aria-label="Guardrail" onSubmit={(event) => void submit(event)}>
      <label className="guardrail-label">
        Ask for confirmation when a change lowers access for more than
        <input type="number" min={0} max={100} step={0.5} value={percent} data-testid="guardrail-share" onChange={(event) => setPercent(event.target.value)} />
        % of active users
      </label>
      <button type="submit" disabled={busy || !valid || guardrail === null || value / 100 === guardrail.maxLossShare}>
        Save
      </button>
      <span className="muted">A change that would leave the organization with no admin is always refused.</span>
    </form>
  );
}
