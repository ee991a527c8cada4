import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/** The change type that `discardDraft` records, with the draft's `name`. */
export const DRAFT_DISCARDED = 'draft.discarded';

/** A discarded draft as its `draft.discarded` event recorded it; the draft's rows are gone. */
export interface DiscardedDraft {
  name: string;
  discardedAt: string;
  /** The actor of the discard, e.g. "cli (root)"; null when the event has none. */
  discardedBy: string | null;
  eventId: number;
}

/** Summaries of discards recorded before the change carried the name: `Discarded the draft "NAME" with N changes…`. */
const SUMMARY_NAME = /^Discarded the draft "(.*)" with \d+ changes?/;

/** Lists the discarded drafts that the event log recorded, newest first. */
export function listDiscardedDrafts(db: Db): DiscardedDraft[] {
  const rows = db
    .prepare(
      `SELECT id, at, summary, detail FROM events
       WHERE id IN (SELECT event_id FROM event_refs WHERE ref_type = 'change' AND ref_key = ?) ORDER BY id DESC`,
    )
    .all(DRAFT_DISCARDED) as { id: number; at: string; summary: string; detail: string }[];

  return rows.flatMap((row) => {
    const detail = JSON.parse(row.detail) as { changes?: Change[]; actor?: unknown };
    const recorded = detail.changes?.find((change) => change.type === DRAFT_DISCARDED)?.name;
    const name = recorded ?? SUMMARY_NAME.exec(row.summary)?.[1];
    if (name === undefined) {
      return [];
    }
    const discardedBy = typeof detail.actor === 'string' ? detail.actor : null;
    return [{ name, discardedAt: row.at, discardedBy, eventId: row.id }];
  });
}

/** Returns the latest discard of a draft of this name (case-insensitive), or undefined. */
export function findDiscardedDraft(db: Db, name: string): DiscardedDraft | undefined {
  const folded = name.trim().toLowerCase();
  return listDiscardedDrafts(db).find((draft) => draft.name.toLowerCase() === folded);
}
