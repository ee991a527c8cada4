import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { SyncEvent } from '../../../shared/api.ts';
import { describeHealth } from '../../../shared/health-label.ts';
import { ALERT_RESOLVE_AFTER_MINUTES } from '../../../shared/model.ts';
import { parseReportTime } from '../../engine/audit/time.ts';
import type { Engine } from '../../engine/engine.ts';
import { compactEventLog } from '../../engine/events/compact.ts';
import { describeUnknownFilterValues, MAX_EVENT_PAGE, queryEvents, type EventFilter } from '../../engine/events/query.ts';
import { describeRetention, writeRetention } from '../../engine/events/retention.ts';
import { evaluateAlerts, listAlerts } from '../../engine/health/alerts.ts';
import { listConnectionHealth } from '../../engine/health/health.ts';
import { findDeletedConnectionIds, loadDeletedConnectionNames } from '../../engine/history/connection-names.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** How often `events --follow` reads new events from the store, in milliseconds. */
const FOLLOW_POLL_MS = 500;
const DEFAULT_EVENT_LIMIT = 50;

interface EventsOptions extends GlobalOptions {
  connection?: string;
  type?: string;
  status?: 'error';
  since?: string;
  until?: string;
  user?: string;
  group?: string;
  workspace?: string;
  search?: string;
  limit: number;
  follow?: boolean;
}

/** `scimdesk events`, `scimdesk health` and `scimdesk retention`: the event log, connection health and alerts. */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('Print sync events, oldest first, filtered like the Live events screen, with the actor of each admin change. With --json, prints one JSON object per line.')
    .option('--connection <name>', 'only events of this connection, also one deleted since (its name or id)')
    .option('--type <type>', 'an event kind (scim.request, admin.change, alert) or a change type (user.created, role.lost, …)')
    .addOption(new Option('--status <status>', 'only failed requests (HTTP status 400 or more)').choices(['error']))
    .option('--since <time>', 'events at or after this time: ISO 8601 (a date alone means 00:00 UTC) or an age such as 30m, 12h or 7d')
    .option('--until <time>', 'events before this time: ISO 8601 (a date alone means 00:00 UTC) or an age such as 30m, 12h or 7d')
    .option('--user <user>', "only events concerning this user (userName or id)")
    .option('--group <group>', 'only events concerning this group (displayName or id)')
    .option('--workspace <workspace>', 'only events concerning this workspace (name or id)')
    .option('--search <text>', 'only events whose summary, path, or user or group name contains this text, ignoring case')
    .option('--limit <count>', 'print at most this many of the newest matching events', parseLimit, DEFAULT_EVENT_LIMIT)
    .option('--follow', 'keep printing new matching events as they arrive, until interrupted (Ctrl+C)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EventsOptions>();
      await withEngine(options, (engine) => printEvents(engine, options));
    });

  program
    .command('health')
    .description("Evaluate the alert rules, then print each connection's health with its reason and the open alerts.")
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => printHealth(engine, options));
    });

  program
    .command('retention')
    .description('Print the store size and the event retention age; change the age or compact old events now.')
    .option('--max-age-days <days>', 'compact events older than this many days (1 to 3650)', parseLimit)
    .option('--compact', 'delete the requests and responses of events older than the retention age now; their changes are kept')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { maxAgeDays?: number; compact?: boolean }>();
      await withEngine(options, (engine) => {
        if (options.maxAgeDays !== undefined) {
          writeRetention(engine.db, options.maxAgeDays);
        }
        const compacted = options.compact ? compactEventLog(engine, engine.clock.now(), CLI_ACTOR) : undefined;
        const status = describeRetention(engine.db, engine.dataDir, engine.clock.now());
        if (options.json) {
          printJson({ ...status, ...(compacted === undefined ? {} : { compacted }) });
          return;
        }
        printLines(
          `Store size: ${formatBytes(status.storeBytes)} (${formatBytes(status.freeBytes)} free inside the file and reused by new events).`,
          `Events: ${status.eventCount}, of which ${status.payloadCount} still have their request and response.`,
          `Retention: events older than ${status.maxAgeDays} days are compacted; ${status.compactablePayloads} are due now.`,
          ...(compacted === undefined ? [] : [`Compacted ${compacted} events now.`]),
        );
      });
    });
}

async function printEvents(engine: Engine, options: EventsOptions): Promise<void> {
  const filter = toFilter(engine, options);
  // A filter value that names nothing is not an error, because the events may still arrive
  // (with --follow) and the exit code stays 0; standard error says which value it is.
  for (const note of describeUnknownFilterValues(engine.db, filter)) {
    process.stderr.write(`scimdesk: note: ${note}\n`);
  }
  const newest = readNewest(engine, filter, options.limit);
  const print = options.json ? printJsonLine : printEventLine;
  [...newest].reverse().forEach(print);
  if (!options.follow) {
    if (!options.json && newest.length === 0) {
      printLines('No events match.');
    }
    return;
  }

  let lastId = newest[0]?.id ?? engine.events.headId();
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      for (;;) {
        const newer = queryEvents(engine.db, filter, { afterId: lastId, limit: 1000 });
        [...newer.events].reverse().forEach(print);
        lastId = newer.events[0]?.id ?? lastId;
        if (!newer.hasMore) {
          break;
        }
      }
    }, FOLLOW_POLL_MS);
    const stop = (): void => {
      clearInterval(poll);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Reads up to `limit` of the newest matching events, newest first, a page at a time. */
function readNewest(engine: Engine, filter: EventFilter, limit: number): SyncEvent[] {
  const events: SyncEvent[] = [];
  let beforeId: number | undefined;
  while (events.length < limit) {
    const page = queryEvents(engine.db, filter, { beforeId, limit: Math.min(MAX_EVENT_PAGE, limit - events.length) });
    events.push(...page.events);
    beforeId = page.events.at(-1)?.id;
    if (!page.hasMore || beforeId === undefined) {
      break;
    }
  }
  return events;
}

function printHealth(engine: Engine, options: GlobalOptions): void {
  const now = engine.clock.now();
  evaluateAlerts(engine, now);
  const health = listConnectionHealth(engine, now);
  const alerts = listAlerts(engine.db).filter((alert) => alert.state !== 'resolved');
  if (options.json) {
    printJson({ connections: health, alerts });
    return;
  }

  if (health.length === 0) {
    printLines('There are no connections yet. Create one with `scimdesk connection create`.');
  } else {
    // The console's badge labels, so that the CLI and the console agree ("recent failures" on a healthy connection).
    const rows = health.map((entry) => [entry.connectionName, entry.provider, describeHealth(entry).label.toLowerCase(), entry.lastRequestAt ?? 'never', entry.reason]);
    printLines(formatTable(['CONNECTION', 'PROVIDER', 'HEALTH', 'LAST REQUEST', 'REASON'], rows));
  }
  printLines('', alerts.length === 0 ? 'No open alerts.' : `Open alerts (${alerts.length}):`);
  for (const alert of alerts) {
    const repeats = alert.occurrences > 1 ? `, ${alert.occurrences} times` : '';
    const clearing =
      alert.state === 'clearing' ? `, clearing: its cause is gone, and it closes after ${ALERT_RESOLVE_AFTER_MINUTES} minutes without it` : '';
    printLines(`- [${alert.severity}] ${alert.title} (since ${alert.openedAt}${repeats}${clearing})`, `  ${alert.message}`);
  }
}

function toFilter(engine: Engine, options: EventsOptions): EventFilter {
  return {
    connectionId: options.connection === undefined ? undefined : resolveConnectionId(engine, options.connection),
    type: options.type,
    status: options.status,
    since: options.since === undefined ? undefined : parseReportTime(options.since, '--since', 'start'),
    until: options.until === undefined ? undefined : parseReportTime(options.until, '--until', 'start'),
    user: options.user,
    group: options.group,
    workspace: options.workspace,
    text: options.search,
  };
}

/**
 * Returns the id of the connection that --connection names: a connection that exists, else one
 * deleted since whose deletion event recorded that name, or a deleted connection's id.
 */
function resolveConnectionId(engine: Engine, nameOrId: string): string {
  const existing = engine.connections.findByName(nameOrId);
  if (existing !== undefined) {
    return existing.id;
  }
  const deletedNames = loadDeletedConnectionNames(engine.db);
  if (deletedNames.has(nameOrId.trim())) {
    return nameOrId.trim();
  }
  const deleted = findDeletedConnectionIds(engine.db, nameOrId);
  if (deleted.length === 1) {
    return deleted[0]!;
  }
  if (deleted.length > 1) {
    throw new CliError(`${deleted.length} deleted connections were named "${nameOrId}". Give one of their ids with --connection: ${deleted.join(', ')}.`);
  }
  // Throws the not-found error that lists the existing connections.
  return engine.connections.getByName(nameOrId).id;
}

/** Width of the request column of `events`: a method with a path to one resource by id. */
const EVENT_REQUEST_WIDTH = 50;

function printEventLine(event: SyncEvent): void {
  const status = event.status === null ? '   ' : String(event.status);
  const request = event.method === null ? event.kind : `${event.method} ${event.path ?? ''}`;
  const actor = event.actor === null ? '' : ` by ${event.actor}`;
  const source = event.fromSimulator ? `${event.connectionName ?? '-'} (simulator)` : (event.connectionName ?? '-');
  // Padded so that summaries line up for the usual request lines; a longer one pushes its summary along.
  printLines(`${event.at}  ${source.padEnd(16)}  ${status}  ${`${request}${actor}`.padEnd(EVENT_REQUEST_WIDTH)}  ${event.summary}`);
}

function printJsonLine(event: SyncEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function parseLimit(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive whole number.`);
  }
  return count;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
