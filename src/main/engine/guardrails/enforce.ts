import type { Change, GuardrailVerdict } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';
import { judgeImpact, type LossConfirmation } from './check.ts';
import { GuardrailError } from './errors.ts';
import { impactOfStoredChanges } from './impact.ts';
import { readGuardrailSettings } from './settings.ts';

/**
 * Judges the role changes an admin change just stored, inside its transaction, and
 * throws a GuardrailError when the change is refused or needs a confirmation it lacks,
 * so that the transaction rolls back and nothing changes.
 */
export function enforceGuardrails(db: Db, changes: Change[], confirmation: LossConfirmation | undefined): GuardrailVerdict {
  const verdict = judgeStoredChanges(db, changes, confirmation);
  if (verdict.status !== 'allowed') {
    throw new GuardrailError(verdict);
  }
  return verdict;
}

/** Judges the role changes an admin change just stored, without throwing. */
export function judgeStoredChanges(db: Db, changes: Change[], confirmation: LossConfirmation | undefined): GuardrailVerdict {
  return judgeImpact(impactOfStoredChanges(db, changes), readGuardrailSettings(db).maxLossShare, confirmation);
}
