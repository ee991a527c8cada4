import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { createLogger } from '../log/logger.ts';
import { compactPayloads, readRetention } from './retention.ts';

const log = createLogger('retention');

/**
 * Compacts the event log at `now` (see `compactPayloads`) and, when anything
 * was compacted, records that in the log as an `admin.change` event by `actor`.
 * Returns the number of events whose request and response were deleted.
 */
export function compactEventLog(engine: Engine, now: Date, actor: string): number {
  const compacted = compactPayloads(engine.db, now);
  if (compacted === 0) {
    return 0;
  }

  const { maxAgeDays } = readRetention(engine.db);
  const summary = `Compacted ${compacted} event${compacted === 1 ? '' : 's'} older than ${maxAgeDays} days: their requests and responses were deleted, their changes kept`;
  engine.db
    .transaction(() => {
      engine.events.append({ kind: 'admin.change', connectionId: null, summary, changes: [], extra: { actor } }, nowIso({ now: () => now }));
    })
    .immediate();
  engine.events.announce();
  log.info({ compacted, maxAgeDays }, 'event log compacted');
  return compacted;
}
