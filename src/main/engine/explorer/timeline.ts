import type { Timeline } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/** Number of equal slices the timeline divides the event log's time span into. */
export const TIMELINE_BUCKETS = 60;
/** Most admin changes listed on the timeline. */
const MAX_ADMIN_CHANGES = 100;

/**
 * Summarizes the event log for the as-of timeline: its first and last moments, how many
 * events and how many access-changing events fall in each of TIMELINE_BUCKETS equal
 * slices, and the latest admin changes.
 */
export function buildTimeline(db: Db): Timeline {
  const span = db.prepare('SELECT MIN(at) AS first, MAX(at) AS last FROM events').get() as { first: string | null; last: string | null };
  const adminChanges = db
    // Exports change no one's access, so they are no moment worth picking.
    .prepare(
      `SELECT id, at, summary FROM events WHERE kind = 'admin.change'
       AND COALESCE(json_extract(detail, '$.changes[0].type'), '') NOT IN ('report.exported', 'bundle.exported')
       ORDER BY id DESC LIMIT ?`,
    )
    .all(MAX_ADMIN_CHANGES) as Timeline['adminChanges'];
  if (span.first === null || span.last === null) {
    return { first: null, last: null, buckets: [], adminChanges };
  }

  const start = Date.parse(span.first);
  // A log whose events share one instant still gets a one-second span to divide.
  const width = Math.max(Date.parse(span.last) - start, 1000) / TIMELINE_BUCKETS;
  const counts = db
    .prepare(
      `SELECT MIN(CAST(((julianday(at) - julianday(?)) * 86400000.0) / ? AS INTEGER), ?) AS bucket,
              COUNT(*) AS events,
              SUM(CASE WHEN detail LIKE '%"type":"role.%' THEN 1 ELSE 0 END) AS accessEvents
       FROM events GROUP BY bucket`,
    )
    .all(span.first, width, TIMELINE_BUCKETS - 1) as { bucket: number; events: number; accessEvents: number }[];
  const byBucket = new Map(counts.map((row) => [row.bucket, row]));

  const buckets: Timeline['buckets'] = [];
  for (let index = 0; index < TIMELINE_BUCKETS; index += 1) {
    const row = byBucket.get(index);
    buckets.push({
      start: new Date(start + index * width).toISOString(),
      end: new Date(start + (index + 1) * width).toISOString(),
      events: row?.events ?? 0,
      accessEvents: row?.accessEvents ?? 0,
    });
  }
  return { first: span.first, last: span.last, buckets, adminChanges };
}
