import type { Connection, ConsoleMethod, ConsoleOutput, Mapping } from '../../../shared/api.ts';
import type { ConsoleApi } from '../../../shared/api.ts';
import type { z } from 'zod';
import { createAuditHandlers } from '../audit/handlers.ts';
import type { ConnectionRecord } from '../connections/connections.ts';
import { createConnectionHandlers } from '../connections/handlers.ts';
import type { SimulatorControl } from '../connections/simulation-control.ts';
import { createDraftHandlers } from '../drafts/handlers.ts';
import type { Engine } from '../engine.ts';
import { createExplorerHandlers } from '../explorer/handlers.ts';
import { confirmationOf, createGuardrailHandlers } from '../guardrails/handlers.ts';
import { createSnapshotHandlers } from '../snapshots/handlers.ts';
import { loadRecordedGroups } from '../history/group-names.ts';
import { createEventHandlers } from '../events/console-handlers.ts';
import { createListenerHandlers } from '../tls/handlers.ts';
import type { ListenerControl } from '../tls/listener-settings.ts';

/** Parsed input of a console method, after its zod schema accepted it. */
type ParsedInput<M extends ConsoleMethod> = z.output<ConsoleApi[M]['input']>;

/** One function per console API method; hosts validate the input before calling. */
export type ConsoleHandlers = {
  [M in ConsoleMethod]: (input: ParsedInput<M>) => ConsoleOutput<M>;
};

/** What a host tells the console about itself. */
export interface HostInfo {
  version: string;
  transport: 'ipc' | 'http';
  /** The actor recorded in events for changes made through this host. */
  actor: string;
  /** The host's SCIM listener, which the setup wizard may rebind; absent in hosts without one. */
  listener?: ListenerControl;
  /** The built-in provider simulator; absent in hosts that serve no SCIM endpoint. */
  simulator?: SimulatorControl;
  /** Shows a file in the system's file manager; only the desktop app has one. */
  revealFile?: (path: string) => void;
}

/** Implements the console API over an engine. */
export function createConsoleHandlers(engine: Engine, host: HostInfo): ConsoleHandlers {
  const toConnection = (record: ConnectionRecord): Connection => describeConnection(engine, record);

  return {
    getServerInfo: () => ({
      version: host.version,
      scimBaseUrl: engine.scimBaseUrl(),
      dataDir: engine.dataDir,
      transport: host.transport,
    }),
    listConnections: () => engine.connections.list().map(toConnection),
    createConnection: (input) => {
      const { connection, token } = engine.createConnection(input.provider, input.name, host.actor);
      return { connection: toConnection(connection), token };
    },
    listWorkspaces: () => engine.workspaces.list(),
    createWorkspace: (input) => engine.createWorkspace(input.name, host.actor),
    renameWorkspace: (input) => engine.renameWorkspace(input.id, input.name, host.actor, input.changeSlug ?? false),
    listGroups: () => engine.mappings.listGroups(),
    listMappings: () => withDeletedGroupNames(engine, engine.mappings.list()),
    addMapping: (input) => engine.addMapping(input.groupId, input.grant, host.actor, confirmationOf(input.confirmedLossCount)),
    removeMapping: (input) => {
      engine.removeMapping(input.id, host.actor, confirmationOf(input.confirmedLossCount));
      return { ok: true as const };
    },
    listSuggestions: () => engine.mappings.listSuggestions(),
    listDismissedSuggestions: () => engine.mappings.listDismissedSuggestions(),
    dismissSuggestion: (input) => engine.dismissSuggestion(input.groupId, host.actor),
    restoreSuggestion: (input) => engine.restoreSuggestion(input.groupId, host.actor),
    applySuggestions: (input) => engine.applySuggestions(input.groupIds, host.actor, confirmationOf(input.confirmedLossCount)),
    getSettings: () => engine.settings(),
    updateSettings: ({ confirmedLossCount, ...settings }) => engine.updateSettings(settings, host.actor, confirmationOf(confirmedLossCount)),
    listUsers: (input) => engine.directory.listUsers(input.search),
    getUserPermissions: (input) => engine.directory.getUserPermissions(input.userId),
    listEvents: (input) => engine.events.list(input.beforeId, input.limit),
    ...createEventHandlers(engine, host),
    ...createAuditHandlers(engine, host),
    ...createConnectionHandlers(engine, host, toConnection),
    ...createListenerHandlers(engine, host),
    ...createGuardrailHandlers(engine, host),
    ...createDraftHandlers(engine, host),
    ...createSnapshotHandlers(engine, host),
    ...createExplorerHandlers(engine),
  };
}

/** Describes a connection for the console: its counts, tokens (ids only) and SCIM base URL. */
export function describeConnection(engine: Engine, record: ConnectionRecord): Connection {
  const counts = engine.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM users WHERE connection_id = @id) AS users, (SELECT COUNT(*) FROM groups WHERE connection_id = @id) AS groups,
         (SELECT COUNT(*) FROM tokens WHERE connection_id = @id AND kind = 'static' AND revoked_at IS NOT NULL) AS revoked,
         (SELECT MAX(last_used_at) FROM tokens WHERE connection_id = @id AND kind = 'static') AS lastUsed`,
    )
    .get({ id: record.id }) as { users: number; groups: number; revoked: number; lastUsed: string | null };
  return {
    id: record.id,
    name: record.name,
    provider: record.provider,
    createdAt: record.createdAt,
    disabled: record.disabled,
    scimBaseUrl: engine.scimBaseUrl(),
    requestCount: record.requestCount,
    errorCount: record.errorCount,
    lastRequestAt: record.lastRequestAt,
    lastRequestSummary: record.lastRequestSummary,
    userCount: counts.users,
    groupCount: counts.groups,
    tokens: engine.connections.listTokens(record.id).map((token) => ({
      id: token.id,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
    })),
    revokedTokenCount: counts.revoked,
    tokenLastUsedAt: counts.lastUsed,
  };
}

/** Adds to each mapping of a deleted group the group's name and connection that the event log last recorded. */
function withDeletedGroupNames(engine: Engine, mappings: Mapping[]): Mapping[] {
  const recorded = loadRecordedGroups(engine.db, mappings.filter((mapping) => mapping.groupName === null).map((mapping) => mapping.groupId));
  return mappings.map((mapping) => {
    const group = recorded.get(mapping.groupId);
    return group === undefined ? mapping : { ...mapping, deletedGroup: group };
  });
}
