import type { Db } from '../store/database.ts';
import type { NewEvent } from './log.ts';
import { storePayload } from './payloads.ts';
import { storeRefs } from './refs.ts';

/**
 * Writes the rows that sit beside a new event outside the digest chain: its
 * payload (request and response) and its filter references. The caller counts
 * the event towards its connection's sync burst (see bursts.ts). Runs inside
 * the transaction that appends the event.
 */
export function indexEvent(db: Db, eventId: number, event: NewEvent, at: string, payload: string | undefined): void {
  if (payload !== undefined) {
    storePayload(db, eventId, payload);
  }
  storeRefs(db, eventId, event);
}
