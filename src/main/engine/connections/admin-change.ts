import type { Change } from '../../../shared/api.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';

/** Result of an admin change, and the summary and changes its event records. */
export interface AdminChangeOutcome<T> {
  result: T;
  /** One sentence for the event log; never a secret. */
  summary: string;
  changes: Change[];
  connectionId: string | null;
}

/**
 * Runs an admin change to a connection in one transaction together with its `admin.change`
 * event, then announces the event. The actor is the host ("console", "cli").
 */
export function runAdminChange<T>(engine: Engine, actor: string, change: () => AdminChangeOutcome<T>): T {
  const run = engine.db.transaction(() => {
    const outcome = change();
    engine.events.append(
      {
        kind: 'admin.change',
        connectionId: outcome.connectionId,
        summary: outcome.summary,
        changes: outcome.changes,
        extra: { actor },
      },
      nowIso(engine.clock),
    );
    return outcome.result;
  });
  const result = run.immediate();
  engine.events.announce();
  return result;
}
