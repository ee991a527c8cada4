import { useEffect, useRef } from 'react';
import { useGuardrailStore, usersText } from '../../stores/guardrails.ts';
import { RoleDiffTable } from './RoleDiffTable.tsx';

/** Maximum number of rows in the dialog's list. The sentence above the list gives the full count. */
const MAX_LISTED = 200;

/**
 * Asks the admin to confirm a change that removes or lowers access: the guardrail's
 * sentence with the count, and who loses what. Nothing changes until they confirm.
 */
export function GuardrailDialog() {
  const question = useGuardrailStore((state) => state.question);
  const answer = useGuardrailStore((state) => state.answer);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    cancelButton.current?.focus();
  }, [question]);

  if (question === null) {
    return null;
  }
  const { preview } = question;
  const losing = preview.diff.entries.filter((entry) => entry.lowered);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="guardrail-title"
        aria-describedby="guardrail-message"
        data-testid="guardrail-dialog"
        onKeyDown={(event) => event.key === 'Escape' && answer(false)}
      >
        <h2 id="guardrail-title">{question.title}</h2>
        <p id="guardrail-message" data-testid="guardrail-message">
          {preview.guardrail.message ??
            `${usersText(preview.guardrail.usersLosingAccess)} of ${preview.guardrail.totalUsers.toLocaleString()} active users lose or lower access. Review them, then confirm.`}
        </p>
        <RoleDiffTable entries={losing.slice(0, MAX_LISTED)} label="Who loses or lowers access" />
        {losing.length > MAX_LISTED && <p className="muted">The first {MAX_LISTED} of {losing.length.toLocaleString()} are listed.</p>}
        <div className="button-row">
          <button type="button" ref={cancelButton} onClick={() => answer(false)}>
            Cancel
          </button>
          <button type="button" className="button-danger" data-testid="guardrail-confirm" onClick={() => answer(true)}>
            {question.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
