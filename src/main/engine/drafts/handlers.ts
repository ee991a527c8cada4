import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { confirmationOf } from '../guardrails/handlers.ts';
import { applyDraft } from './apply.ts';
import { DRAFT_DISCARDED } from './discarded.ts';
import { DraftStore } from './store.ts';
import { computeDraftDiff } from './what-if.ts';

type DraftHandlers = Pick<
  ConsoleHandlers,
  'listDrafts' | 'createDraft' | 'getDraft' | 'addDraftChange' | 'removeDraftChange' | 'getDraftDiff' | 'applyDraft' | 'discardDraft'
>;

/** Console API methods of drafts. Editing a draft changes no one's access, so only apply and discard are events. */
export function createDraftHandlers(engine: Engine, host: HostInfo): DraftHandlers {
  const store = new DraftStore(engine.db, engine.workspaces);
  const now = () => nowIso(engine.clock);
  return {
    listDrafts: () => store.list(),
    createDraft: (input) => store.create(input.name, host.actor, now()),
    getDraft: (input) => store.get(input.draftId),
    addDraftChange: (input) => store.addChange(input.draftId, input.change, now()),
    removeDraftChange: (input) => store.removeChange(input.draftId, input.changeId),
    getDraftDiff: (input) => computeDraftDiff(engine.db, store.get(input.draftId), input.snapshotId),
    applyDraft: (input) => applyDraft(engine, input.draftId, host.actor, confirmationOf(input.confirmedLossCount)),
    discardDraft: (input) => {
      discardDraft(engine, input.draftId, host.actor);
      return { ok: true as const };
    },
  };
}

/** Discards an open draft and records it as an admin.change event; the live mappings stay as they are. */
export function discardDraft(engine: Engine, draftId: string, actor: string): void {
  const store = new DraftStore(engine.db, engine.workspaces);
  engine.runAdminChange(actor, () => {
    const draft = store.discard(draftId);
    const summary = `Discarded the draft "${draft.name}" with ${draft.changeCount} change${draft.changeCount === 1 ? '' : 's'}; no mapping changed`;
    return { result: draft, summary, changes: [{ type: DRAFT_DISCARDED, text: summary, name: draft.name }] };
  });
}
