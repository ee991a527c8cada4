import type { Db } from '../store/database.ts';
import { recordBurst } from './bursts.ts';
import type { NewEvent } from './log.ts';
import { storePayload } from './payloads.ts';
import { storeRefs } from './refs.ts';

/**
 * Writes the rows that sit beside a new event outside the digest chain: its
 * payload (request and response), its filter references and its connection's
 * sync burst. Runs inside the transaction that appends the event.
 */
export function indexEvent(db: Db, eventId: number, event: NewEvent, at: string, payload: string | undefined): void {
  if (payload !== undefined) {
    storePayload(db, eventId, payload);
  }
  storeRefs(db, eventId, event);
  recordBurst(db, eventId, event, at);
}
