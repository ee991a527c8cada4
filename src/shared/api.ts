import { z } from 'zod';
import {
  GrantSchema,
  OrganizationRoleSchema,
  ProviderIdSchema,
  WorkspaceRoleSchema,
} from './model.ts';

/**
 * The console API: every call the renderer makes to the engine, declared once.
 * Electron serves it over IPC (channel `api:<method>`); `scimdesk serve` serves it
 * over HTTP (`POST /api/<method>` with the JSON input). Both hosts validate the
 * input with these schemas before the engine sees it.
 */

export const ConnectionTokenSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const ConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: ProviderIdSchema,
  createdAt: z.string(),
  disabled: z.boolean(),
  scimBaseUrl: z.string(),
  requestCount: z.number().int(),
  errorCount: z.number().int(),
  lastRequestAt: z.string().nullable(),
  lastRequestSummary: z.string().nullable(),
  userCount: z.number().int(),
  groupCount: z.number().int(),
  tokens: z.array(ConnectionTokenSchema),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const WorkspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const MappingSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  /** Null when the group no longer exists. */
  groupName: z.string().nullable(),
  grant: GrantSchema,
  /** Name of the workspace for a workspace grant, null for organization admin. */
  workspaceName: z.string().nullable(),
  createdAt: z.string(),
});
export type Mapping = z.infer<typeof MappingSchema>;

export const SuggestionSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  grant: GrantSchema,
  workspaceName: z.string().nullable(),
  /** Why the naming convention suggests it, as one sentence. */
  reason: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const GroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  externalId: z.string().nullable(),
  connectionId: z.string(),
  connectionName: z.string(),
  memberCount: z.number().int(),
  mappings: z.array(MappingSchema),
  /** True when the name follows the naming convention `app-<slug>-…`. */
  followsConvention: z.boolean(),
  /** Set when the group was renamed and its new name suggests another grant than its mappings give. */
  renameWarning: z.string().nullable(),
});
export type Group = z.infer<typeof GroupSchema>;

export const GrantingGroupSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  role: WorkspaceRoleSchema,
});

export const WorkspaceAccessSchema = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  role: WorkspaceRoleSchema,
  since: z.string().nullable(),
  /** Groups whose mappings give this role (the highest grant). */
  grantedBy: z.array(GrantingGroupSchema),
  /** Lower grants from other groups that this role outranks. */
  outranked: z.array(GrantingGroupSchema),
  /** True when the role comes from the rule "organization admins are admins of every workspace". */
  viaOrganizationAdmin: z.boolean(),
});
export type WorkspaceAccess = z.infer<typeof WorkspaceAccessSchema>;

export const UserSummarySchema = z.object({
  id: z.string(),
  userName: z.string(),
  displayName: z.string().nullable(),
  active: z.boolean(),
  connectionId: z.string(),
  connectionName: z.string(),
  organizationRole: OrganizationRoleSchema,
  workspaceCount: z.number().int(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

export const UserPermissionsSchema = z.object({
  user: UserSummarySchema,
  organization: z.object({
    role: OrganizationRoleSchema,
    since: z.string().nullable(),
    /** Groups mapped to organization admin that the user belongs to. */
    grantedBy: z.array(z.object({ groupId: z.string(), groupName: z.string() })),
  }),
  workspaces: z.array(WorkspaceAccessSchema),
  groups: z.array(z.object({ id: z.string(), displayName: z.string() })),
  /** Set when the user has no access at all for a reason other than missing mappings. */
  noAccessReason: z.string().nullable(),
});
export type UserPermissions = z.infer<typeof UserPermissionsSchema>;

export const ChangeSchema = z.object({
  type: z.string(),
  /** The change in one sentence, e.g. "ada@example.com gained editor in Data Science via app-kolena-data-science-editor". */
  text: z.string(),
  userId: z.string().optional(),
  groupId: z.string().optional(),
  workspaceId: z.string().optional(),
  /** userName of the user concerned, as it was when the change happened. */
  userName: z.string().optional(),
  /** For role changes: 'organization' or a workspace id. */
  scope: z.string().optional(),
  /** For role changes: the role after the change (absent when lost). */
  role: z.string().optional(),
  /** For role changes: the role before the change (absent when gained). */
  previousRole: z.string().optional(),
  /** For role changes: names of the groups that grant the new role. */
  via: z.array(z.string()).optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const SyncEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  summary: z.string(),
  changes: z.array(ChangeSchema),
});
export type SyncEvent = z.infer<typeof SyncEventSchema>;

export const SettingsSchema = z.object({
  namingSlug: z.string(),
  organizationAdminsAreWorkspaceAdmins: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const Name = z.string().trim().min(1, 'A name is required.').max(200);

/** Every console API method with its input and output schema. */
export const consoleApi = {
  getServerInfo: {
    input: Empty,
    output: z.object({
      version: z.string(),
      scimBaseUrl: z.string(),
      dataDir: z.string(),
      transport: z.enum(['ipc', 'http']),
    }),
  },
  listConnections: { input: Empty, output: z.array(ConnectionSchema) },
  createConnection: {
    input: z.object({ provider: ProviderIdSchema, name: Name }).strict(),
    output: z.object({ connection: ConnectionSchema, token: z.string() }),
  },
  listWorkspaces: { input: Empty, output: z.array(WorkspaceSchema) },
  createWorkspace: { input: z.object({ name: Name }).strict(), output: WorkspaceSchema },
  renameWorkspace: {
    input: z.object({ id: z.string(), name: Name }).strict(),
    output: WorkspaceSchema,
  },
  listGroups: { input: Empty, output: z.array(GroupSchema) },
  listMappings: { input: Empty, output: z.array(MappingSchema) },
  addMapping: {
    input: z.object({ groupId: z.string().min(1), grant: GrantSchema }).strict(),
    output: MappingSchema,
  },
  removeMapping: { input: z.object({ id: z.string().min(1) }).strict(), output: Ok },
  listSuggestions: { input: Empty, output: z.array(SuggestionSchema) },
  applySuggestions: {
    input: z
      .object({
        /** Group ids whose suggestion to accept; omitted means every suggestion. */
        groupIds: z.array(z.string()).optional(),
      })
      .strict(),
    output: z.array(MappingSchema),
  },
  getSettings: { input: Empty, output: SettingsSchema },
  updateSettings: { input: SettingsSchema.partial().strict(), output: SettingsSchema },
  listUsers: {
    input: z.object({ search: z.string().max(200).optional() }).strict(),
    output: z.array(UserSummarySchema),
  },
  getUserPermissions: {
    input: z.object({ userId: z.string().min(1) }).strict(),
    output: UserPermissionsSchema,
  },
  listEvents: {
    input: z
      .object({
        /** Return events with an id lower than this (older), newest first. */
        beforeId: z.number().int().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ events: z.array(SyncEventSchema), hasMore: z.boolean() }),
  },
} as const;

export type ConsoleApi = typeof consoleApi;
export type ConsoleMethod = keyof ConsoleApi;
export type ConsoleInput<M extends ConsoleMethod> = z.input<ConsoleApi[M]['input']>;
export type ConsoleOutput<M extends ConsoleMethod> = z.output<ConsoleApi[M]['output']>;

/** The renderer's view of the engine; IPC and HTTP transports both implement it. */
export type ConsoleClient = {
  [M in ConsoleMethod]: (input: ConsoleInput<M>) => Promise<ConsoleOutput<M>>;
} & {
  /** Calls `listener` for each new sync event; returns a function that stops the subscription. */
  subscribeEvents(listener: (event: SyncEvent) => void): () => void;
};

/** Error a host returns for a failed call: the message is a full sentence for the admin. */
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const CONSOLE_METHODS = Object.keys(consoleApi) as ConsoleMethod[];
