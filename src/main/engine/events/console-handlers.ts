import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { acknowledgeAlert, listAlerts } from '../health/alerts.ts';
import { listConnectionHealth } from '../health/health.ts';
import { listSyncProgress } from './bursts.ts';
import { compactEventLog } from './compact.ts';
import { describeEvent } from './detail.ts';
import { countEvents, describeUnknownFilterValues, listEventTypes, queryEvents } from './query.ts';
import { describeRetention, writeRetention } from './retention.ts';
import { buildTimeline } from './timeline.ts';

type EventMethods =
  | 'queryEvents'
  | 'countEvents'
  | 'getEventDetail'
  | 'getEventTimeline'
  | 'listEventTypes'
  | 'listConnectionHealth'
  | 'listAlerts'
  | 'acknowledgeAlert'
  | 'listSyncProgress'
  | 'getRetention'
  | 'updateRetention'
  | 'compactEvents';

/** Implements the console methods of live events, connection health, alerts and retention. */
export function createEventHandlers(engine: Engine, host: HostInfo): Pick<ConsoleHandlers, EventMethods> {
  const now = (): Date => engine.clock.now();
  const retention = () => describeRetention(engine.db, engine.dataDir, now());

  return {
    queryEvents: (input) => queryEvents(engine.db, input.filter, input),
    countEvents: (input) => ({ count: countEvents(engine.db, input.filter), notes: describeUnknownFilterValues(engine.db, input.filter) }),
    getEventDetail: (input) => describeEvent(engine, input.id),
    getEventTimeline: (input) => buildTimeline(engine.db, input.filter, input.from, input.to),
    listEventTypes: () => listEventTypes(engine.db),
    listConnectionHealth: () => listConnectionHealth(engine, now()),
    listAlerts: (input) => listAlerts(engine.db, { includeResolved: input.includeResolved }),
    acknowledgeAlert: (input) => acknowledgeAlert(engine.db, input.id, now()),
    listSyncProgress: () => listSyncProgress(engine.db, now()),
    getRetention: retention,
    updateRetention: (input) => {
      writeRetention(engine.db, input.maxAgeDays);
      return retention();
    },
    compactEvents: () => {
      const compacted = compactEventLog(engine, now(), host.actor);
      return { compacted, status: retention() };
    },
  };
}
