import type { Engine } from '../engine.ts';
import { compactEventLog } from '../events/compact.ts';
import { createLogger } from '../log/logger.ts';
import { evaluateAlerts, type Alert, type AlertEvaluation } from './alerts.ts';

const log = createLogger('health');

/** How often a host evaluates the alert rules when no request arrives, in milliseconds. */
export const ALERT_INTERVAL_MS = 30_000;
/** Shortest time between two evaluations triggered by requests, in milliseconds. */
export const AFTER_REQUEST_DELAY_MS = 2_000;
/** How often a host compacts the event log, in milliseconds. */
export const COMPACTION_INTERVAL_MS = 60 * 60_000;

export interface HealthMonitorOptions {
  /** Called once for each alert that opens, for example to show a desktop notification. */
  onAlertOpened?: (alert: Alert) => void;
  /** The actor recorded on compaction events. */
  actor?: string;
}

export interface HealthMonitor {
  /** Evaluates the alert rules now, outside the schedule. */
  evaluateNow(): AlertEvaluation;
  stop(): void;
}

/**
 * Runs the alert rules for a host: every ALERT_INTERVAL_MS, and at most
 * AFTER_REQUEST_DELAY_MS after SCIM requests arrive (a burst of requests causes
 * one evaluation, not one each). Also compacts the event log on start and every
 * COMPACTION_INTERVAL_MS. The time comes from the engine's clock.
 */
export function startHealthMonitor(engine: Engine, options: HealthMonitorOptions = {}): HealthMonitor {
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;

  const evaluateNow = (): AlertEvaluation => {
    const evaluation = evaluateAlerts(engine, engine.clock.now());
    for (const alert of evaluation.opened) {
      log.warn({ alertId: alert.id, rule: alert.rule, connectionId: alert.connectionId }, alert.title);
      options.onAlertOpened?.(alert);
    }
    return evaluation;
  };
  const evaluateSafely = (): void => {
    if (stopped) {
      return;
    }
    try {
      evaluateNow();
    } catch (error) {
      log.error({ err: error }, 'evaluating the alert rules failed');
    }
  };
  const compactSafely = (): void => {
    if (stopped) {
      return;
    }
    try {
      compactEventLog(engine, engine.clock.now(), options.actor ?? 'retention');
    } catch (error) {
      log.error({ err: error }, 'compacting the event log failed');
    }
  };

  const interval = setInterval(evaluateSafely, ALERT_INTERVAL_MS);
  const compaction = setInterval(compactSafely, COMPACTION_INTERVAL_MS);
  interval.unref();
  compaction.unref();
  const unsubscribe = engine.events.subscribe((event) => {
    if (event.kind !== 'scim.request' || pending !== undefined) {
      return;
    }
    pending = setTimeout(() => {
      pending = undefined;
      evaluateSafely();
    }, AFTER_REQUEST_DELAY_MS);
    pending.unref();
  });
  setImmediate(() => {
    compactSafely();
    evaluateSafely();
  }).unref();

  return {
    evaluateNow,
    stop: () => {
      stopped = true;
      clearInterval(interval);
      clearInterval(compaction);
      clearTimeout(pending);
      unsubscribe();
    },
  };
}
