import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../store/database.ts';
import { digestEvent, GENESIS_DIGEST, type EventRow } from '../events/log.ts';
import { digestPayload } from '../events/payloads.ts';

/**
 * Kind of fault in one event of the chain. 'payload' means that its stored
 * request and response no longer hash to the payloadDigest of its chained detail.
 */
export type ChainProblem = 'missing-before' | 'link' | 'digest' | 'payload';

/** One event at which the digest chain breaks. */
export interface ChainBreak {
  /** Id of the event whose check failed. */
  eventId: number;
  problems: ChainProblem[];
  /** The break in one sentence, naming the event and what is wrong. */
  message: string;
}

/** Outcome of checking the event log's digest chain up to its head. */
export interface ChainVerification {
  ok: boolean;
  eventCount: number;
  headId: number;
  /** Stored digest of the head event; GENESIS_DIGEST for an empty log. */
  headDigest: string;
  /** The first breaks in id order, at most MAX_LISTED_BREAKS. */
  breaks: ChainBreak[];
  breakCount: number;
  /** Id of the event whose stored digest equals the requested anchor, null when none does or none was requested. */
  anchorEventId: number | null;
}

/** Breaks listed in a verification; later ones are only counted. */
export const MAX_LISTED_BREAKS = 20;
const PAGE_SIZE = 2000;

/**
 * An event row as the chain check reads it, with its stored payload (null when it
 * has none, or retention deleted it) and the payloadDigest of its chained detail.
 */
type ChainRow = Omit<EventRow, 'connection_name'> & { payload: string | null; payload_digest: string | null };

const SELECT_CHAIN_ROWS = `SELECT e.*, p.payload, json_extract(e.detail, '$.payloadDigest') AS payload_digest
  FROM events e LEFT JOIN event_payloads p ON p.event_id = e.id`;

/**
 * Checks rows in id order: ids must run 1, 2, 3… without gaps, each row's
 * `prev_digest` must equal the stored digest of the row before it (the genesis
 * digest for the first), and each row's fields must hash to its stored digest.
 * A changed field breaks the digest of its row; a deleted row leaves a gap and
 * a broken link; rows moved to other ids break both. A stored payload must hash
 * to the payloadDigest of its row's detail. A payload that retention deleted is
 * not a break, because the chain keeps only its digest.
 */
class ChainChecker {
  private previousId = 0;
  private previousDigest = GENESIS_DIGEST;
  private count = 0;
  private readonly breaks: ChainBreak[] = [];
  private breakCount = 0;
  private anchorEventId: number | null = null;
  private readonly anchor: string | undefined;

  constructor(anchor: string | undefined) {
    this.anchor = anchor?.toLowerCase();
  }

  check(row: ChainRow): void {
    const problems: ChainProblem[] = [];
    const details: string[] = [];
    if (row.id !== this.previousId + 1) {
      problems.push('missing-before');
      details.push(describeGap(this.previousId, row.id));
    }
    if (row.prev_digest !== this.previousDigest) {
      problems.push('link');
      details.push(
        this.previousId === 0
          ? 'its prev_digest is not the genesis digest, so events before it were removed'
          : `its prev_digest does not equal the digest of event ${this.previousId}, so rows were removed, reordered or replaced`,
      );
    }
    if (digestEvent(row.prev_digest, row) !== row.digest) {
      problems.push('digest');
      details.push('its stored fields do not hash to its digest, so the row was changed after it was written');
    }
    const payloadProblem = checkPayload(row);
    if (payloadProblem !== undefined) {
      problems.push('payload');
      details.push(payloadProblem);
    }
    if (problems.length > 0) {
      this.record({ eventId: row.id, problems, message: `Event ${row.id} breaks the chain: ${details.join('; ')}.` });
    } else if (this.anchor !== undefined && row.digest === this.anchor) {
      this.anchorEventId = row.id;
    }
    this.previousId = row.id;
    this.previousDigest = row.digest;
    this.count += 1;
  }

  result(): ChainVerification {
    return {
      ok: this.breakCount === 0,
      eventCount: this.count,
      headId: this.previousId,
      headDigest: this.previousDigest,
      breaks: [...this.breaks],
      breakCount: this.breakCount,
      anchorEventId: this.anchorEventId,
    };
  }

  private record(found: ChainBreak): void {
    this.breakCount += 1;
    if (this.breaks.length < MAX_LISTED_BREAKS) {
      this.breaks.push(found);
    }
  }
}

/** Returns why an event's stored payload does not match its chained digest, or undefined when it matches or is absent. */
function checkPayload(row: ChainRow): string | undefined {
  if (row.payload === null) {
    return undefined;
  }
  if (typeof row.payload_digest !== 'string') {
    return 'it has a stored request and response, but its chained detail has no payloadDigest for them, so they were added after it was written';
  }
  if (digestPayload(row.payload) !== row.payload_digest) {
    return 'its stored request and response do not hash to the payloadDigest of its detail, so they were changed after it was written';
  }
  return undefined;
}

function describeGap(previousId: number, id: number): string {
  if (id <= previousId) {
    return `its id does not follow event ${previousId}`;
  }
  const first = previousId + 1;
  const last = id - 1;
  return first === last ? `event ${first} is missing` : `events ${first} to ${last} are missing`;
}

/** Options of a chain check. */
export interface VerifyOptions {
  /** A digest taken from a report or bundle; the result tells at which event it appears. */
  anchor?: string;
}

/** Checks the whole chain in one synchronous pass (see ChainChecker for the rules). */
export function verifyChain(db: Db, options: VerifyOptions = {}): ChainVerification {
  const checker = new ChainChecker(options.anchor);
  for (const row of db.prepare(`${SELECT_CHAIN_ROWS} ORDER BY e.id`).iterate() as IterableIterator<ChainRow>) {
    checker.check(row);
  }
  return checker.result();
}

/**
 * Checks the chain up to the head as it is when the check starts, a page of
 * rows at a time, and yields to the event loop between pages, so that a host
 * keeps serving requests while a long log is checked. Events appended during
 * the check are left for the next one.
 */
export async function verifyChainInPages(db: Db, options: VerifyOptions = {}): Promise<ChainVerification> {
  const checker = new ChainChecker(options.anchor);
  const headId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number) ?? 0;
  const page = db.prepare(`${SELECT_CHAIN_ROWS} WHERE e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ?`);
  let lastId = 0;
  for (;;) {
    const rows = page.all(lastId, headId, PAGE_SIZE) as ChainRow[];
    for (const row of rows) {
      checker.check(row);
      lastId = row.id;
    }
    if (rows.length < PAGE_SIZE) {
      return checker.result();
    }
    await yieldToEventLoop();
  }
}

/** Describes a verification in one sentence for logs, the CLI and the console. */
export function describeVerification(result: ChainVerification): string {
  if (result.ok) {
    return result.eventCount === 0
      ? 'The event log is empty, so there is nothing to check yet.'
      : `The event log's digest chain is intact: ${result.eventCount === 1 ? 'the 1 event' : `all ${result.eventCount} events`} up to head event ${result.headId} ` +
          `(digest ${result.headDigest}) matched their digests, and so did every request and response body still stored.`;
  }
  const first = result.breaks[0];
  const sentence = `The event log was changed: ${first?.message ?? 'the chain is broken.'}`;
  const laterBreaks = result.breakCount - 1;
  if (laterBreaks === 0) {
    return sentence;
  }
  return `${sentence} ${laterBreaks} more event${laterBreaks === 1 ? ' breaks' : 's break'} the chain after it.`;
}
