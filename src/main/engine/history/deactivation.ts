import type { Db } from '../store/database.ts';

/**
 * Builds the sentence that explains why a deactivated user has no access, with the time of
 * the deactivation when it is known. Live views and views as of a past moment share it.
 */
export function describeDeactivation(deactivatedAt: string | null): string {
  if (deactivatedAt === null) {
    return 'The user is deactivated (active: false), so they have no access at all.';
  }
  return `The user was deactivated (active: false) on ${deactivatedAt}, so they have no access at all.`;
}

/**
 * Returns the time of the user's latest deactivation: the time of the newest event with a
 * user.deactivated change for this user, or null when the event log has none.
 */
export function loadDeactivationTime(db: Db, userId: string): string | null {
  const at = db
    .prepare(
      `SELECT e.at FROM events e
       WHERE e.id IN (
           SELECT event_id FROM event_refs WHERE ref_type = 'user' AND ref_key = @userId
           INTERSECT
           SELECT event_id FROM event_refs WHERE ref_type = 'change' AND ref_key = 'user.deactivated')
         AND EXISTS (
           SELECT 1 FROM json_each(e.detail, '$.changes') c
           WHERE json_extract(c.value, '$.type') = 'user.deactivated' AND json_extract(c.value, '$.userId') = @userId)
       ORDER BY e.id DESC LIMIT 1`,
    )
    .pluck()
    .get({ userId }) as string | undefined;
  return at ?? null;
}
