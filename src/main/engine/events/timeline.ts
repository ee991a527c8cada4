import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';
import { buildCondition, normalizeFilter, type EventFilter } from './query.ts';

/**
 * Event counts over time for the console's timeline chart: events per bucket by
 * type, with the failed ones (HTTP status 400 or more) counted apart.
 */

/** Types the timeline counts events by, in the order the chart stacks them. */
export const TIMELINE_TYPES = ['users', 'groups', 'other-scim', 'admin', 'alert', 'other'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** Bucket widths the timeline chooses from, in minutes. */
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
/** Most buckets one timeline returns; the bucket width grows until the range fits. */
export const MAX_TIMELINE_BUCKETS = 180;
/** Maximum range of one timeline: 366 days, in milliseconds. */
const MAX_RANGE_MS = 366 * 24 * 60 * 60_000;

export interface TimelineBucket {
  /** Start of the bucket (ISO 8601); the bucket ends where the next one starts. */
  start: string;
  total: number;
  /** Events with an HTTP status of 400 or more. */
  errors: number;
  /** Events per type that did not fail; `errors` holds the failed ones of every type. */
  byType: Record<TimelineType, number>;
}

export interface Timeline {
  from: string;
  to: string;
  bucketMinutes: number;
  buckets: TimelineBucket[];
}

// SQL CASE that sorts an event into a TimelineType.
const TYPE_OF_EVENT = `CASE
  WHEN e.kind = 'scim.request' AND e.path LIKE '/Users%' THEN 'users'
  WHEN e.kind = 'scim.request' AND e.path LIKE '/Groups%' THEN 'groups'
  WHEN e.kind = 'scim.request' THEN 'other-scim'
  WHEN e.kind = 'admin.change' THEN 'admin'
  WHEN e.kind = 'alert' THEN 'alert'
  ELSE 'other' END`;

/**
 * Counts the events that match `filter` between `from` (inclusive) and `to`
 * (exclusive) in equal buckets. The filter's own time range is ignored, because
 * the chart shows the whole range and marks the selected part.
 */
export function buildTimeline(db: Db, filter: EventFilter, from: string, to: string): Timeline {
  const range = normalizeFilter({ since: from, until: to });
  const fromMs = Date.parse(range.since ?? from);
  const toMs = Date.parse(range.until ?? to);
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw new AdminError('invalid', 'The timeline covers at most one year. Choose a shorter range.');
  }

  const bucketMinutes = chooseBucketMinutes(toMs - fromMs);
  const bucketMs = bucketMinutes * 60_000;
  const start = Math.floor(fromMs / bucketMs) * bucketMs;
  const count = Math.ceil((toMs - start) / bucketMs);
  const buckets = Array.from({ length: count }, (_, index) => emptyBucket(start + index * bucketMs));

  const condition = buildCondition(db, { ...filter, since: new Date(fromMs).toISOString(), until: new Date(toMs).toISOString() });
  const rows = db
    .prepare(
      `SELECT CAST((unixepoch(e.at, 'subsec') * 1000 - ?) / ? AS INTEGER) AS bucket, ${TYPE_OF_EVENT} AS type,
              COALESCE(e.status >= 400, 0) AS failed, COUNT(*) AS n
       FROM events e WHERE ${condition.sql} GROUP BY bucket, type, failed`,
    )
    .all(start, bucketMs, ...condition.params) as { bucket: number; type: TimelineType; failed: number; n: number }[];

  for (const row of rows) {
    const bucket = buckets[row.bucket];
    if (bucket === undefined) {
      continue;
    }
    bucket.total += row.n;
    if (row.failed === 1) {
      bucket.errors += row.n;
    } else {
      bucket.byType[row.type] += row.n;
    }
  }
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucketMinutes, buckets };
}

/** Returns the narrowest bucket width that splits a range of `spanMs` into at most MAX_TIMELINE_BUCKETS buckets. */
export function chooseBucketMinutes(spanMs: number): number {
  for (const minutes of BUCKET_MINUTES) {
    if (spanMs / (minutes * 60_000) <= MAX_TIMELINE_BUCKETS) {
      return minutes;
    }
  }
  return BUCKET_MINUTES.at(-1)!;
}

function emptyBucket(startMs: number): TimelineBucket {
  const byType = Object.fromEntries(TIMELINE_TYPES.map((type) => [type, 0])) as Record<TimelineType, number>;
  return { start: new Date(startMs).toISOString(), total: 0, errors: 0, byType };
}
