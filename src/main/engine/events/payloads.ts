import { hash } from 'node:crypto';
import type { Db } from '../store/database.ts';

/**
 * Request and response bodies of events, stored in `event_payloads` beside the
 * digest-chained `events` row. The chained `detail` keeps the payload's SHA-256
 * digest (`payloadDigest`), so a stored payload can be checked against the chain,
 * and retention can delete payloads without breaking the chain.
 */

/** Keys of an event's detail that move to `event_payloads`. */
const PAYLOAD_KEYS = ['request', 'response'] as const;

/** Detail of an event split into the chained part and the deletable payload. */
export interface SplitDetail {
  /** Everything but the request and response, plus `payloadDigest` when there is a payload. */
  chained: Record<string, unknown>;
  /** The request and response as one JSON text, or undefined when the event has neither. */
  payload: string | undefined;
}

/** Returns the SHA-256 digest of a payload text in hex, as stored in `payloadDigest`. */
export function digestPayload(payload: string): string {
  return hash('sha256', payload, 'hex');
}

/**
 * Splits an event's extra detail into the chained part and the payload stored beside it.
 * `serialized` is a payload its producer serialized already, and `extra` then contains neither key.
 */
export function splitPayload(extra: Record<string, unknown> | undefined, serialized?: string): SplitDetail {
  if (serialized !== undefined) {
    return { chained: { ...extra, payloadDigest: digestPayload(serialized) }, payload: serialized };
  }
  const chained: Record<string, unknown> = {};
  const payloadParts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra ?? {})) {
    if ((PAYLOAD_KEYS as readonly string[]).includes(key)) {
      payloadParts[key] = value;
    } else {
      chained[key] = value;
    }
  }
  if (Object.keys(payloadParts).length === 0) {
    return { chained, payload: undefined };
  }
  const payload = JSON.stringify(payloadParts);
  chained.payloadDigest = digestPayload(payload);
  return { chained, payload };
}

/** Stores the payload of a new event; runs inside the transaction that appends the event. */
export function storePayload(db: Db, eventId: number, payload: string): void {
  db.prepare('INSERT INTO event_payloads (event_id, payload) VALUES (?, ?)').run(eventId, payload);
}

/** Returns the stored request and response of an event, or undefined when there is none (never stored, or compacted). */
export function readPayload(db: Db, eventId: number): Record<string, unknown> | undefined {
  const text = db.prepare('SELECT payload FROM event_payloads WHERE event_id = ?').pluck().get(eventId) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

/**
 * Describes whether an event's request and response can still be shown:
 * 'stored', 'compacted' (deleted by retention), or 'inline' for events written
 * before payloads had their own table, whose detail holds them directly.
 */
export function payloadState(detail: Record<string, unknown>, hasPayloadRow: boolean): 'stored' | 'compacted' | 'inline' | 'none' {
  if (hasPayloadRow) {
    return 'stored';
  }
  if (typeof detail.payloadDigest === 'string') {
    return 'compacted';
  }
  return 'request' in detail || 'response' in detail ? 'inline' : 'none';
}
