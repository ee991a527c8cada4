import { create } from 'zustand';
import type { ChangePreview, GuardedChange } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';

/** Confirmation request that the guardrail dialog shows before a change that removes or lowers access. */
export type GuardrailQuestion = {
  title: string;
  preview: ChangePreview;
  /** Label of the button that makes the change, naming what it does. */
  confirmLabel: string;
};

type GuardrailState = {
  question: GuardrailQuestion | null;
  /** Opens the dialog and resolves with true when the admin confirms, false when they cancel. */
  ask: (question: GuardrailQuestion) => Promise<boolean>;
  answer: (confirmed: boolean) => void;
};

let pendingAnswer: ((confirmed: boolean) => void) | null = null;

/** The guardrail dialog: one question at a time, answered with the dialog's buttons. */
export const useGuardrailStore = create<GuardrailState>()((set) => ({
  question: null,

  ask: (question) =>
    new Promise<boolean>((resolve) => {
      pendingAnswer?.(false);
      pendingAnswer = resolve;
      set({ question });
    }),

  answer: (confirmed) => {
    pendingAnswer?.(confirmed);
    pendingAnswer = null;
    set({ question: null });
  },
}));

/** Presentation of a guarded change, and whether it requests confirmation even when the guardrail allows it. */
export type GuardedRun = {
  change: GuardedChange;
  title: string;
  confirmLabel: (usersLosingAccess: number) => string;
  /** Ask even below the loss share whenever anyone loses access, as archiving does. */
  askOnAnyLoss?: boolean;
  /** Makes the change; `confirmedLossCount` is set when the admin confirmed a count. */
  run: (confirmedLossCount: number | undefined) => Promise<unknown>;
};

/**
 * Previews a change and throws the guardrail's sentence when the change is refused. When
 * the guardrail needs confirmation, or anyone loses access and `askOnAnyLoss` is set, it
 * requests the admin's confirmation of the count. Then it makes the change. Returns false
 * when the admin cancelled.
 */
export async function runGuardedChange(guarded: GuardedRun): Promise<boolean> {
  const preview = await getClient().previewChange({ change: guarded.change });
  const verdict = preview.guardrail;
  if (verdict.status === 'refused') {
    throw new Error(verdict.message ?? 'A guardrail refused this change.');
  }

  const mustAsk = verdict.status === 'needs-confirmation' || (guarded.askOnAnyLoss === true && verdict.usersLosingAccess > 0);
  if (!mustAsk) {
    await guarded.run(undefined);
    return true;
  }
  const confirmed = await useGuardrailStore.getState().ask({
    title: guarded.title,
    preview,
    confirmLabel: guarded.confirmLabel(verdict.usersLosingAccess),
  });
  if (!confirmed) {
    return false;
  }
  await guarded.run(verdict.usersLosingAccess);
  return true;
}

/** "1 user" or "12 users". */
export function usersText(count: number): string {
  return count === 1 ? '1 user' : `${count.toLocaleString()} users`;
}
