import { lossShareToPercent } from '../../../shared/model.ts';
import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { previewGuardedChange } from './preview.ts';
import { readGuardrailSettings, writeGuardrailSettings } from './settings.ts';

type GuardrailHandlers = Pick<ConsoleHandlers, 'previewChange' | 'archiveWorkspace' | 'getGuardrailSettings' | 'updateGuardrailSettings'>;

/** Console API methods of the guardrails: previews, workspace archiving and the loss share. */
export function createGuardrailHandlers(engine: Engine, host: HostInfo): GuardrailHandlers {
  return {
    previewChange: (input) => previewGuardedChange(engine, input.change, host.actor),
    archiveWorkspace: (input) => engine.archiveWorkspace(input.id, host.actor, confirmationOf(input.confirmedLossCount)),
    getGuardrailSettings: () => readGuardrailSettings(engine.db),
    updateGuardrailSettings: (input) =>
      engine.runAdminChange(host.actor, () => {
        const before = readGuardrailSettings(engine.db);
        writeGuardrailSettings(engine.db, input);
        const summary = `Changed the guardrail's loss share from ${lossShareToPercent(before.maxLossShare)} % to ${lossShareToPercent(input.maxLossShare)} %`;
        return { result: readGuardrailSettings(engine.db), summary, changes: [{ type: 'settings.changed', text: summary }] };
      }),
  };
}

/** Turns an optional confirmed count from the console into the engine's confirmation. */
export function confirmationOf(confirmedLossCount: number | undefined): { confirmedLossCount: number } | undefined {
  return confirmedLossCount === undefined ? undefined : { confirmedLossCount };
}
