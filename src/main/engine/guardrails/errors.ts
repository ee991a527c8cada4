import type { GuardrailVerdict } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';

/**
 * A change that a guardrail stopped: refused outright (no admin would remain) or
 * waiting for the admin's confirmation (too many users lose access). Its message is
 * the verdict's sentence; hosts may word the next step their own way from `verdict`.
 */
export class GuardrailError extends AdminError {
  readonly verdict: GuardrailVerdict;

  constructor(verdict: GuardrailVerdict) {
    super('refused', verdict.message ?? 'A guardrail stopped this change.');
    this.name = 'GuardrailError';
    this.verdict = verdict;
  }
}
