import { join } from 'node:path';
import type { Change, Connection, Mapping, Suggestion, Workspace } from '../../shared/api.ts';
import type { Grant } from '../../shared/model.ts';
import { getProvider } from '../../shared/providers/index.ts';
import { announceListener, announcedBaseUrl, withdrawListener } from './announced-listeners.ts';
import { ORGANIZATION_SCOPE, recomputeAccess } from './access/recompute.ts';
import {
  findOrganizationAdminsMissingWorkspaceRoles,
  ORGANIZATION_ADMIN_ROLES_REPAIR,
  repairOrganizationAdminRoles,
  STORE_REPAIR_ACTOR,
} from './access/repair-roles.ts';
import { describeSettingsChange, readSettings, validateSettings, writeSettings, type AccessSettings } from './access/settings.ts';
import { Directory } from './admin/directory.ts';
import { describeGrant, MappingStore } from './admin/mappings.ts';
import { WorkspaceStore } from './admin/workspaces.ts';
import { nowIso, systemClock, type Clock } from './clock.ts';
import { ConnectionStore, type ConnectionRecord, type ProviderId } from './connections/connections.ts';
import { EventLog } from './events/log.ts';
import type { LossConfirmation } from './guardrails/check.ts';
import { enforceGuardrails } from './guardrails/enforce.ts';
import { archiveWorkspaceChange } from './access/archive-workspace.ts';
import { createLogger } from './log/logger.ts';
import { WORKSPACE_RENAMED } from './history/workspace-names.ts';
import { ScimBatcher } from './scim/batcher.ts';
import type { ScimRequest, ScimResponse } from './scim/context.ts';
import { ScimService } from './scim/service.ts';
import { startCheckpointer, type Checkpointer } from './store/checkpointer.ts';
import { DATABASE_FILE, openDatabase, openMemoryDatabase, type Db } from './store/database.ts';

const log = createLogger('engine');

/** SCIM base path under which every host serves the SCIM endpoint. */
export const SCIM_BASE_PATH = '/scim/v2';
/** Port `scimdesk serve` binds the SCIM endpoint to by default. */
export const DEFAULT_SCIM_PORT = 8417;

export interface EngineOptions {
  clock?: Clock;
  /**
   * Runs WAL checkpoints on a worker thread instead of inside commits (see startCheckpointer).
   * Hosts that serve SCIM for a long time turn it on. One-shot CLI commands leave it off.
   */
  backgroundCheckpoints?: boolean;
}

/**
 * The sync engine: the store, the SCIM service provider, the access model and the
 * event log, with no knowledge of Electron or HTTP. Hosts (the Electron main
 * process, `scimdesk serve`, the CLI) each open one Engine on a data directory.
 */
export class Engine {
  readonly db: Db;
  readonly clock: Clock;
  /** The instant the clock shows while an admin change runs, in milliseconds since the epoch. */
  private frozenTime: number | undefined;
  readonly connections: ConnectionStore;
  readonly events: EventLog;
  readonly workspaces: WorkspaceStore;
  readonly mappings: MappingStore;
  readonly directory: Directory;
  readonly dataDir: string;
  private readonly scim: ScimService;
  private readonly scimBatcher: ScimBatcher;
  private checkpointer: Checkpointer | undefined;
  /** Set while previewAdminChange runs: admin changes hand it their role changes instead of recording an event. */
  private previewCapture: ((changes: Change[]) => void) | undefined;
  /** Base URL of this process's SCIM listener, once one announced it. */
  private ownScimBaseUrl: string | undefined;

  private constructor(db: Db, dataDir: string, options: EngineOptions) {
    this.db = db;
    this.dataDir = dataDir;
    const baseClock = options.clock ?? systemClock;
    // The clock is frozen during an admin change, so that the roles it stores and its event carry the
    // same instant. Otherwise a role's "since" could differ from its event by a millisecond.
    this.clock = { now: () => (this.frozenTime === undefined ? baseClock.now() : new Date(this.frozenTime)) };
    this.connections = new ConnectionStore(db, this.clock);
    this.events = new EventLog(db);
    this.workspaces = new WorkspaceStore(db);
    this.mappings = new MappingStore(db, this.workspaces);
    this.directory = new Directory(db);
    this.scim = new ScimService(db, this.clock, this.connections, this.events);
    this.scimBatcher = new ScimBatcher((requests) => this.scim.handleBatch(requests));
  }

  /**
   * Opens the engine on a data directory, creating and migrating the store as needed, and
   * repairs the roles that earlier versions left unstored (see repairStoredRoles).
   */
  static open(dataDir: string, options: EngineOptions = {}): Engine {
    const engine = new Engine(openDatabase(dataDir), dataDir, options);
    engine.repairStoredRoles();
    if (options.backgroundCheckpoints) {
      engine.checkpointer = startCheckpointer(engine.db, join(dataDir, DATABASE_FILE));
    }
    log.info({ dataDir, backgroundCheckpoints: Boolean(options.backgroundCheckpoints) }, 'engine opened');
    return engine;
  }

  /** Opens an engine on an in-memory store, for tests. */
  static openInMemory(options: EngineOptions = {}): Engine {
    return new Engine(openMemoryDatabase(), ':memory:', options);
  }

  /**
   * Stores the workspace roles of organization admins that a store made by an earlier version
   * lacks, and records them in one `admin.change` event by STORE_REPAIR_ACTOR, so that reports
   * and views rebuilt from the event log show them from then on. Does nothing, and records
   * nothing, when no role is missing, so every open runs it. Guardrails do not apply, because
   * the repair changes no one's effective access: Permissions already resolves these roles.
   * A failed repair is logged and retried at the next open.
   */
  repairStoredRoles(): void {
    if (findOrganizationAdminsMissingWorkspaceRoles(this.db).length === 0) {
      return;
    }
    try {
      const now = this.now();
      const repaired = this.db
        .transaction(() => {
          // Found again inside the transaction, because another process may have repaired the store meanwhile.
          const repair = repairOrganizationAdminRoles(this.db, now);
          if (repair === undefined) {
            return undefined;
          }
          const extra = { actor: STORE_REPAIR_ACTOR, repair: ORGANIZATION_ADMIN_ROLES_REPAIR };
          const eventId = this.events.append({ kind: 'admin.change', connectionId: null, summary: repair.summary, changes: repair.changes, extra }, now);
          return { eventId, changes: repair.changes.length };
        })
        .immediate();
      if (repaired !== undefined) {
        log.info({ dataDir: this.dataDir, ...repaired }, 'store repaired: stored the missing workspace roles of organization admins');
      }
    } catch (error) {
      log.error({ err: error, dataDir: this.dataDir }, 'store repair of organization admin roles failed, so the next open retries it');
    }
  }

  close(): void {
    this.scim.flushReadEvents();
    this.checkpointer?.stop();
    this.db.close();
  }

  /** Handles one SCIM request (see ScimService.handle). */
  handleScim(request: ScimRequest): ScimResponse {
    return this.scim.handle(request);
  }

  /**
   * Handles a SCIM request together with the others that arrive in the same turn of the
   * event loop, sharing their commit (see ScimService.handleBatch). The HTTP server uses this.
   */
  handleScimBatched(request: ScimRequest): Promise<ScimResponse> {
    return this.scimBatcher.handle(request);
  }

  /**
   * The SCIM base URL identity providers should use: the public URL of a tunnel or reverse proxy
   * when the admin set one, else this process's own listener, else the listener of another server
   * on this data directory that still runs (see announced-listeners.ts).
   */
  scimBaseUrl(): string {
    const publicUrl = this.db.prepare("SELECT value FROM settings WHERE key = 'scimPublicBaseUrl'").pluck().get() as string | undefined;
    if (publicUrl !== undefined) {
      return JSON.parse(publicUrl) as string;
    }
    return this.ownScimBaseUrl ?? announcedBaseUrl(this.db) ?? `http://127.0.0.1:${DEFAULT_SCIM_PORT}${SCIM_BASE_PATH}`;
  }

  /** Records the SCIM base URL this process listens on, so that the CLI and other servers print it. */
  announceScimBaseUrl(url: string): void {
    this.ownScimBaseUrl = url;
    announceListener(this.db, url, this.now());
  }

  /** Withdraws the URL of this process's listener when it stops. */
  withdrawScimBaseUrl(): void {
    this.ownScimBaseUrl = undefined;
    withdrawListener(this.db);
  }

  createConnection(provider: ProviderId, name: string, actor: string): { connection: ConnectionRecord; token: string } {
    const created = this.inAdminTransaction(actor, () => {
      const result = this.connections.create(provider, name);
      const providerName = getProvider(provider)?.displayName ?? provider;
      return { result, summary: `Created the ${providerName} connection "${result.connection.name}"`, changes: [] };
    }, (result) => result.connection.id);
    return created;
  }

  /**
   * Creates a workspace. Organization admins count as admins of every workspace, so their
   * stored roles are recomputed and the roles they gain are recorded with the creation.
   */
  createWorkspace(name: string, actor: string): Workspace {
    return this.inAdminTransaction(actor, () => {
      const now = this.now();
      const workspace = this.workspaces.create(name, now);
      const organizationAdmins = this.db.prepare('SELECT user_id FROM effective_roles WHERE scope = ?').pluck().all(ORGANIZATION_SCOPE) as string[];
      const changes = recomputeAccess(this.db, organizationAdmins, now);
      const gained = changes.filter((change) => change.type === 'role.gained').length;
      const gainedText = gained === 0 ? '' : `; ${gained === 1 ? '1 organization admin is its admin' : `${gained} organization admins are its admins`}`;
      return { result: workspace, summary: `Created the workspace "${workspace.name}"${gainedText}`, changes };
    });
  }

  /** Renames a workspace. Its slug changes only with `changeSlug` (see WorkspaceStore.rename). */
  renameWorkspace(id: string, name: string, actor: string, changeSlug = false): Workspace {
    return this.inAdminTransaction(actor, () => {
      const before = this.workspaces.get(id);
      const workspace = this.workspaces.rename(id, name, changeSlug);
      const slugChange = workspace.slug === before.slug ? '' : ` and its slug "${before.slug}" to "${workspace.slug}"`;
      const summary = `Renamed the workspace "${before.name}" to "${workspace.name}"${slugChange}`;
      // Recorded as a change so that views of an earlier moment can show the name of that moment.
      const renamed: Change = { type: WORKSPACE_RENAMED, text: summary, workspaceId: id, previousName: before.name, name: workspace.name };
      return { result: workspace, summary, changes: [renamed] };
    });
  }

  addMapping(groupId: string, grant: Grant, actor: string, confirmation?: LossConfirmation): Mapping {
    return this.runAdminChange(actor, () => {
      const mapping = this.mappings.add(groupId, grant, actor, this.now());
      const changes = recomputeAccess(this.db, this.mappings.memberUserIds(groupId), this.now());
      const summary = `Mapped ${this.mappings.describeGroup(groupId, mapping.groupName)} to ${describeGrant(grant, this.workspaces)}`;
      return { result: mapping, summary, changes: [{ type: 'mapping.added', text: summary, groupId }, ...changes] };
    }, { confirmation });
  }

  removeMapping(id: string, actor: string, confirmation?: LossConfirmation): Mapping {
    return this.runAdminChange(actor, () => {
      const mapping = this.mappings.remove(id, actor, this.now());
      const changes = recomputeAccess(this.db, this.mappings.memberUserIds(mapping.groupId), this.now());
      const grantText = mapping.grant.kind === 'organization-admin' ? 'organization admin' : `${mapping.grant.role} in ${mapping.workspaceName}`;
      const summary = `Removed the mapping of ${this.mappings.describeGroup(mapping.groupId, mapping.groupName)} to ${grantText}`;
      return { result: mapping, summary, changes: [{ type: 'mapping.removed', text: summary, groupId: mapping.groupId }, ...changes] };
    }, { confirmation });
  }

  /** Stops offering a group's naming-convention suggestion, recorded as an admin change. */
  dismissSuggestion(groupId: string, actor: string): Suggestion {
    return this.inAdminTransaction(actor, () => {
      const suggestion = this.mappings.dismissSuggestion(groupId, actor, this.now());
      const summary = `Dismissed the suggestion to map ${this.mappings.describeGroup(groupId, suggestion.groupName)} to ${describeGrant(suggestion.grant, this.workspaces)}`;
      return { result: suggestion, summary, changes: [{ type: 'suggestion.dismissed', text: summary, groupId }] };
    });
  }

  /** Offers a dismissed suggestion again, recorded as an admin change. */
  restoreSuggestion(groupId: string, actor: string): Suggestion {
    return this.inAdminTransaction(actor, () => {
      const suggestion = this.mappings.restoreSuggestion(groupId);
      const summary = `Restored the suggestion to map ${this.mappings.describeGroup(groupId, suggestion.groupName)} to ${describeGrant(suggestion.grant, this.workspaces)}`;
      return { result: suggestion, summary, changes: [{ type: 'suggestion.restored', text: summary, groupId }] };
    });
  }

  /**
   * Accepts the naming convention's suggestions in one transaction: those of the given groups, or
   * without `groupIds` every suggestion except those marked `excludedFromAcceptAll`, which an
   * admin accepts only by naming their group.
   */
  applySuggestions(groupIds: string[] | undefined, actor: string, confirmation?: LossConfirmation): Mapping[] {
    return this.runAdminChange(actor, () => {
      const wanted = groupIds ? new Set(groupIds) : undefined;
      const suggestions = this.mappings
        .listSuggestions()
        .filter((suggestion) => (wanted === undefined ? !suggestion.excludedFromAcceptAll : wanted.has(suggestion.groupId)));
      const created = suggestions.map((suggestion) => this.mappings.add(suggestion.groupId, suggestion.grant, actor, this.now()));
      const affected = suggestions.flatMap((suggestion) => this.mappings.memberUserIds(suggestion.groupId));
      const changes: Change[] = [
        ...created.map((mapping) => ({
          type: 'mapping.added',
          text: `Mapped ${this.mappings.describeGroup(mapping.groupId, mapping.groupName)} to ${describeGrant(mapping.grant, this.workspaces)}`,
          groupId: mapping.groupId,
        })),
        ...recomputeAccess(this.db, affected, this.now()),
      ];
      const summary = `Accepted ${created.length} suggested mapping${created.length === 1 ? '' : 's'}`;
      return { result: created, summary, changes };
    }, { confirmation });
  }

  settings(): AccessSettings {
    return readSettings(this.db);
  }

  /**
   * Changes access settings and recomputes every user's access, since both settings change roles.
   * An invalid value throws an AdminError before anything is stored. The naming slug changes only
   * which suggestions are offered, and those are computed when read, so they follow at once.
   */
  updateSettings(changes: Partial<AccessSettings>, actor: string, confirmation?: LossConfirmation): AccessSettings {
    validateSettings(changes);
    return this.runAdminChange(actor, () => {
      const before = readSettings(this.db);
      writeSettings(this.db, changes);
      const after = readSettings(this.db);
      const everyone = this.db.prepare('SELECT id FROM users').pluck().all() as string[];
      const roleChanges = recomputeAccess(this.db, everyone, this.now());
      return { result: after, summary: describeSettingsChange(before, after), changes: roleChanges, extra: { settings: { before, after } } };
    }, { confirmation });
  }

  private now(): string {
    return nowIso(this.clock);
  }

  /** Archives a workspace: everyone loses their role in it, so guardrails apply (see archiveWorkspaceChange). */
  archiveWorkspace(id: string, actor: string, confirmation?: LossConfirmation): Workspace {
    return this.runAdminChange(actor, () => archiveWorkspaceChange(this.db, this.workspaces, id, this.now()), { confirmation });
  }

  /**
   * Runs an admin change in one transaction with one `admin.change` event, then announces
   * the event. Guardrails judge the role changes first: a change they stop throws a
   * GuardrailError and rolls back. Modules such as drafts record their changes through it;
   * `extra` adds detail to the event and `afterEvent` runs in the transaction with its id.
   */
  runAdminChange<T>(actor: string, change: () => AdminChangeOutcome<T>, options: { confirmation?: LossConfirmation } = {}): T {
    return this.inAdminTransaction(actor, change, undefined, options.confirmation);
  }

  /**
   * Runs `action`, which makes admin changes on this engine, in a transaction that always
   * rolls back, and returns the role changes they would store. Nothing is recorded or
   * announced, and guardrails do not stop the preview.
   */
  previewAdminChange(action: () => unknown): Change[] {
    const captured: Change[] = [];
    const rollback = new Error('preview rollback');
    this.previewCapture = (changes) => captured.push(...changes);
    try {
      this.db.transaction(() => {
        action();
        throw rollback;
      }).immediate();
    } catch (error) {
      if (error !== rollback) {
        throw error;
      }
    } finally {
      this.previewCapture = undefined;
    }
    return captured;
  }

  /**
   * Runs an admin change in one transaction with its event, then announces the
   * event. The event's kind is `admin.change`, its actor the host ("console", "cli").
   */
  private inAdminTransaction<T>(
    actor: string,
    change: () => AdminChangeOutcome<T>,
    connectionOf?: (result: T) => string,
    confirmation?: LossConfirmation,
  ): T {
    const capture = this.previewCapture;
    const run = this.db.transaction(() => {
      const { result, summary, changes, extra, afterEvent } = change();
      if (capture !== undefined) {
        capture(changes);
        return result;
      }
      enforceGuardrails(this.db, changes, confirmation);
      const eventId = this.events.append(
        { kind: 'admin.change', connectionId: connectionOf?.(result) ?? null, summary, changes, extra: { actor, ...extra } },
        this.now(),
      );
      afterEvent?.(eventId);
      return result;
    });
    const outerTime = this.frozenTime;
    this.frozenTime ??= this.clock.now().getTime();
    let result: T;
    try {
      result = run.immediate();
    } finally {
      this.frozenTime = outerTime;
    }
    if (capture === undefined) {
      this.events.announce();
    }
    return result;
  }
}

/** Outcome of one admin change: its result, a one-line summary, its changes and optional event detail. */
export interface AdminChangeOutcome<T> {
  result: T;
  summary: string;
  changes: Change[];
  extra?: Record<string, unknown>;
  afterEvent?: (eventId: number) => void;
}

export type { Connection };
