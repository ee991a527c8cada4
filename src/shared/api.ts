import { z } from 'zod';
import {
  GrantSchema,
  namingSlugProblem,
  OrganizationRoleSchema,
  ProviderIdSchema,
  WorkspaceRoleSchema,
} from './model.ts';

/**
 * The console API: every call the renderer makes to the engine, declared once.
 * Electron serves it over IPC (channel `api:<method>`); `scimdesk serve` serves it
 * over HTTP (`POST /api/<method>` with the JSON input). Both hosts validate the
 * input with these schemas before the engine runs it.
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
  /** Bearer tokens issued to the admin and revoked since. */
  revokedTokenCount: z.number().int(),
  /** Latest use of any bearer token of the connection, revoked ones included; null when none was used. */
  tokenLastUsedAt: z.string().nullable(),
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
  /** For a deleted group, its name and connection as the event log last recorded them; absent otherwise. */
  deletedGroup: z.object({ displayName: z.string(), connectionName: z.string().nullable() }).optional(),
});
export type Mapping = z.infer<typeof MappingSchema>;

export const SuggestionSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  /** The connection that provisioned the group, which distinguishes groups of the same name. */
  connectionName: z.string(),
  grant: GrantSchema,
  workspaceName: z.string().nullable(),
  /** The naming convention's reason for the suggestion, as one sentence. */
  reason: z.string(),
  /**
   * True for an organization-admin suggestion while the naming slug is empty: any app's
   * `app-<slug>-organization-admin` group matches then, so accepting every suggestion at once skips
   * it and the admin accepts it on its own.
   */
  excludedFromAcceptAll: z.boolean(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** A suggestion the console no longer offers, because the admin dismissed it or removed its mapping. */
export const DismissedSuggestionSchema = SuggestionSchema.extend({
  cause: z.enum(['dismissed', 'mapping-removed']),
  dismissedAt: z.string(),
  dismissedBy: z.string(),
});
export type DismissedSuggestion = z.infer<typeof DismissedSuggestionSchema>;

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
  /** The SCIM displayName, else name.formatted, else the given and family names, or null without any of them. */
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
  /** For user.created and user.updated: the name shown for the user after the change (displayName, else name.formatted, else the name parts). Absent when there is none. */
  displayName: z.string().optional(),
  /** For role changes: 'organization' or a workspace id. */
  scope: z.string().optional(),
  /** For role changes: the role after the change (absent when lost). */
  role: z.string().optional(),
  /** For role changes: the role before the change (absent when gained). */
  previousRole: z.string().optional(),
  /** For role changes: names of the groups that grant the new role. */
  via: z.array(z.string()).optional(),
  /** For role changes: the grants behind the role, with group ids; for role.lost, those that gave the lost role. */
  grantedBy: z.array(GrantingGroupSchema).optional(),
  /** For role.gained, role.changed and role.reason: the lower grants that the role outranks. */
  outranked: z.array(GrantingGroupSchema).optional(),
  /** For role changes: true when the role comes from the rule "organization admins are admins of every workspace". */
  viaOrganizationAdmin: z.boolean().optional(),
  /** For workspace.renamed: the workspace's name before the change. */
  previousName: z.string().optional(),
  /**
   * For workspace.renamed and group.renamed: the name after the change. For group.created and
   * group.deleted: the group's displayName. For connection.deleted and draft.discarded: the
   * connection's or draft's name.
   */
  name: z.string().optional(),
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
  /** Host and user behind an admin change, e.g. "cli (root)" or "console". Null for SCIM requests and alerts. */
  actor: z.string().nullable(),
  /** True for a request of the built-in simulator, which used its own temporary credential. */
  fromSimulator: z.boolean(),
});
export type SyncEvent = z.infer<typeof SyncEventSchema>;

export const SettingsSchema = z.object({
  /** Slug of the naming convention `app-<slug>-…`; empty accepts the groups of any app. */
  namingSlug: z.string(),
  organizationAdminsAreWorkspaceAdmins: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings to change, each optional. A naming slug must pass `namingSlugProblem`. */
export const SettingsChangeSchema = SettingsSchema.extend({
  namingSlug: z.string().superRefine((slug, context) => {
    const problem = namingSlugProblem(slug);
    if (problem !== null) {
      context.addIssue({ code: 'custom', message: `${problem} To accept the groups of any app, clear the slug.` });
    }
  }),
}).partial();

/* Access review: guardrails, drafts, snapshots and the effective permissions explorer. */

/** An ISO 8601 timestamp such as 2025-03-01T09:00:00Z; the engine reads it as a UTC instant. */
export const TimestampSchema = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'Give an ISO 8601 timestamp such as 2025-03-01T09:00:00Z.',
  });

/** Number of users the admin confirmed may lose or lower access; needed above the guardrail's share. */
const ConfirmedLossCount = z.number().int().min(0).optional();

export const RoleDiffEntrySchema = z.object({
  kind: z.enum(['gained', 'lost', 'changed']),
  /** True when the user ends with less access in this scope: a lost role or a lower one. */
  lowered: z.boolean(),
  userId: z.string(),
  userName: z.string(),
  displayName: z.string().nullable(),
  /**
   * The connection that provisioned the user's account, which distinguishes accounts with the same
   * userName. It is null for a user of a snapshot. The groups behind the change belong to the same connection.
   */
  connectionName: z.string().nullable(),
  /** 'organization' or a workspace id. */
  scope: z.string(),
  workspaceId: z.string().nullable(),
  workspaceName: z.string().nullable(),
  previousRole: z.string().nullable(),
  role: z.string().nullable(),
  /** The groups behind the change: those granting the new role, or for a lost role those that granted it. */
  groups: z.array(z.object({ groupId: z.string(), groupName: z.string() })),
  /** True when the role comes, or came, from the rule "organization admins are admins of every workspace". */
  viaOrganizationAdmin: z.boolean(),
});
export type RoleDiffEntry = z.infer<typeof RoleDiffEntrySchema>;

export const RoleDiffSchema = z.object({
  entries: z.array(RoleDiffEntrySchema),
  counts: z.object({
    gained: z.number().int(),
    lost: z.number().int(),
    changed: z.number().int(),
    usersAffected: z.number().int(),
    /** Users who lose a role or get a lower one anywhere. */
    usersLosingAccess: z.number().int(),
    /** Active users of the directory the diff was computed on. */
    totalUsers: z.number().int(),
    adminsBefore: z.number().int(),
    adminsAfter: z.number().int(),
  }),
});
export type RoleDiff = z.infer<typeof RoleDiffSchema>;

export const GuardrailVerdictSchema = z.object({
  /** 'refused': it would leave the organization with no admin; 'needs-confirmation': it exceeds the loss share. */
  status: z.enum(['allowed', 'needs-confirmation', 'refused']),
  /** A sentence for the admin; null when allowed. */
  message: z.string().nullable(),
  usersLosingAccess: z.number().int(),
  totalUsers: z.number().int(),
  /** Share of active users (0 to 1) above which a change needs confirmation. */
  maxLossShare: z.number(),
  adminsBefore: z.number().int(),
  adminsAfter: z.number().int(),
});
export type GuardrailVerdict = z.infer<typeof GuardrailVerdictSchema>;

export const GuardrailSettingsSchema = z.object({
  /** Share of active users (0 to 1, default 0.1) above which removing or lowering access needs confirmation. */
  maxLossShare: z.number().min(0).max(1),
});
export type GuardrailSettings = z.infer<typeof GuardrailSettingsSchema>;

/** A change whose effect on access the console previews before making it. */
export const GuardedChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('addMapping'), groupId: z.string().min(1), grant: GrantSchema }).strict(),
  z.object({ kind: z.literal('removeMapping'), id: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('applySuggestions'), groupIds: z.array(z.string()).optional() }).strict(),
  z.object({ kind: z.literal('archiveWorkspace'), id: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('updateSettings'), settings: SettingsChangeSchema.strict() }).strict(),
  z.object({ kind: z.literal('applyDraft'), draftId: z.string().min(1) }).strict(),
]);
export type GuardedChange = z.infer<typeof GuardedChangeSchema>;

export const ChangePreviewSchema = z.object({ diff: RoleDiffSchema, guardrail: GuardrailVerdictSchema });
export type ChangePreview = z.infer<typeof ChangePreviewSchema>;

export const DraftChangeSchema = z.object({
  id: z.string(),
  action: z.enum(['add', 'remove']),
  /** For 'remove': the live mapping it removes. */
  mappingId: z.string().nullable(),
  /** Null when the draft names a group that no identity provider has pushed yet. */
  groupId: z.string().nullable(),
  groupName: z.string(),
  /** The connection of the group, which distinguishes groups of the same name. It is null when no live group matches. */
  connectionName: z.string().nullable(),
  grant: GrantSchema,
  workspaceName: z.string().nullable(),
  /** A sentence when the change no longer applies (for example its mapping is already gone); it is then skipped. */
  problem: z.string().nullable(),
  createdAt: z.string(),
});
export type DraftChange = z.infer<typeof DraftChangeSchema>;

export const DraftSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  appliedAt: z.string().nullable(),
  appliedBy: z.string().nullable(),
  /** Id of the admin.change event that recorded the applied draft. */
  appliedEventId: z.number().int().nullable(),
  changeCount: z.number().int(),
});
export type DraftSummary = z.infer<typeof DraftSummarySchema>;

export const DraftSchema = DraftSummarySchema.extend({ changes: z.array(DraftChangeSchema) });
export type Draft = z.infer<typeof DraftSchema>;

/** A mapping change to add to a draft: a group to map (by id, or by name for a group that only a snapshot contains), or a live mapping to remove. */
export const DraftChangeInputSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('add'),
      groupId: z.string().min(1).optional(),
      groupName: z.string().trim().min(1).max(500).optional(),
      grant: GrantSchema,
    })
    .strict(),
  z.object({ action: z.literal('remove'), mappingId: z.string().min(1) }).strict(),
]);
export type DraftChangeInput = z.infer<typeof DraftChangeInputSchema>;

export const SNAPSHOT_FORMATS = ['okta', 'entra', 'google', 'generic'] as const;
export const SnapshotFormatSchema = z.enum(SNAPSHOT_FORMATS);
export type SnapshotFormat = z.infer<typeof SnapshotFormatSchema>;

export const SnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  format: SnapshotFormatSchema,
  fileName: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
  userCount: z.number().int(),
  groupCount: z.number().int(),
  membershipCount: z.number().int(),
  /** The connection the export came from, whose groups the snapshot's groups are matched with; null when none was named. */
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** One reason a file was not imported: its line (1-based, null for the whole file) and what is wrong. */
export const SnapshotProblemSchema = z.object({ line: z.number().int().nullable(), message: z.string() });
export type SnapshotProblem = z.infer<typeof SnapshotProblemSchema>;

/**
 * A snapshot group that fits several live groups, such as the same-named groups of two
 * connections when the snapshot names no connection. It is matched with none of them,
 * because an export comes from one identity provider and the candidates' mappings may differ.
 */
export const AmbiguousGroupSchema = z.object({
  snapshotName: z.string(),
  candidates: z.array(z.object({ liveGroupId: z.string(), liveName: z.string(), connectionName: z.string() })),
});
export type AmbiguousGroup = z.infer<typeof AmbiguousGroupSchema>;

export const DiffSourceSchema = z.object({
  /** 'live': the provisioned directory; 'snapshot': an imported export. */
  kind: z.enum(['live', 'snapshot']),
  snapshotId: z.string().nullable(),
  snapshotName: z.string().nullable(),
  /** Snapshot groups that match no live group, so that no live mapping applies to them. */
  unmatchedGroups: z.array(z.string()),
  /** Snapshot groups that fit several live groups, so that no live mapping applies to them either. */
  ambiguousGroups: z.array(AmbiguousGroupSchema),
});

export const DraftDiffSchema = z.object({
  draft: DraftSchema,
  source: DiffSourceSchema,
  diff: RoleDiffSchema,
  /** Guardrail verdict of applying the draft; null when the diff was computed on a snapshot. */
  guardrail: GuardrailVerdictSchema.nullable(),
});
export type DraftDiff = z.infer<typeof DraftDiffSchema>;

const SnapshotUserRef = z.object({ userName: z.string(), displayName: z.string().nullable() });
/** A live account with its connection's name, because several connections may provision the same userName. */
const LiveUserRef = SnapshotUserRef.extend({ connectionName: z.string() });
/** A live group with its connection's name, because several connections may provision the same displayName. */
const LiveGroupRef = z.object({ displayName: z.string(), connectionName: z.string() });
/** A membership in a matched live group, with the connection of that group and of the member's account. */
const MembershipRef = z.object({ userName: z.string(), groupName: z.string(), connectionName: z.string() });

export const SnapshotComparisonSchema = z.object({
  snapshot: SnapshotSchema,
  users: z.object({
    onlyInSnapshot: z.array(SnapshotUserRef),
    onlyLive: z.array(LiveUserRef),
    inBoth: z.number().int(),
    /** Accounts in both whose active status differs: deactivated on one side only. */
    activeDiffers: z.array(LiveUserRef.extend({ activeInSnapshot: z.boolean(), activeLive: z.boolean() })),
  }),
  groups: z.object({
    matched: z.array(
      z.object({ snapshotName: z.string(), liveGroupId: z.string(), liveName: z.string(), matchedBy: z.enum(['externalId', 'name']) }),
    ),
    onlyInSnapshot: z.array(z.string()),
    /** Snapshot groups that fit several live groups. Their candidates are not listed as only live. */
    ambiguous: z.array(AmbiguousGroupSchema),
    onlyLive: z.array(LiveGroupRef),
  }),
  memberships: z.object({
    onlyInSnapshot: z.array(MembershipRef),
    onlyLive: z.array(MembershipRef),
    inBoth: z.number().int(),
  }),
});
export type SnapshotComparison = z.infer<typeof SnapshotComparisonSchema>;

/** Source of an explorer view: the live directory (default), a past moment, or a snapshot, under live mappings or a draft's. */
export const ViewSourceSchema = z
  .object({
    asOf: TimestampSchema.optional(),
    snapshotId: z.string().min(1).optional(),
    draftId: z.string().min(1).optional(),
  })
  .strict();
export type ViewSource = z.infer<typeof ViewSourceSchema>;

export const RosterMemberSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  displayName: z.string().nullable(),
  role: WorkspaceRoleSchema,
  since: z.string().nullable(),
  grantedBy: z.array(z.string()),
  viaOrganizationAdmin: z.boolean(),
});

export const WorkspaceRosterSchema = z.object({
  workspace: WorkspaceSchema,
  asOf: z.string().nullable(),
  counts: z.object({ admin: z.number().int(), editor: z.number().int(), viewer: z.number().int() }),
  members: z.array(RosterMemberSchema),
});
export type WorkspaceRoster = z.infer<typeof WorkspaceRosterSchema>;

export const GroupGrantsSchema = z.object({
  group: z.object({ id: z.string(), displayName: z.string(), memberCount: z.number().int().nullable() }),
  asOf: z.string().nullable(),
  grants: z.array(
    z.object({
      grant: GrantSchema,
      workspaceName: z.string().nullable(),
      users: z.array(
        z.object({
          userId: z.string(),
          userName: z.string(),
          displayName: z.string().nullable(),
          /** 'granting': the user's role comes from this grant; 'outranked': a higher grant wins; 'no-access': the user is deactivated. */
          status: z.enum(['granting', 'outranked', 'no-access']),
          /** True when the status is 'outranked' and the higher grant is one of this same group. */
          outrankedByThisGroup: z.boolean(),
          effectiveRole: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type GroupGrants = z.infer<typeof GroupGrantsSchema>;

/** A group that existed at a past moment, with its name and members of then, as the event log recorded them. */
export const PastGroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** Users who were direct members at the moment and not deleted; nested groups are not counted. */
  memberCount: z.number().int(),
  /** Name of the group's connection, also of one deleted since; null when the log does not record it. */
  connectionName: z.string().nullable(),
  /** True when the group, or its connection, was deleted after the moment. */
  deletedSince: z.boolean(),
});
export type PastGroup = z.infer<typeof PastGroupSchema>;

export const AccessMatrixSchema = z.object({
  asOf: z.string().nullable(),
  source: z.enum(['live', 'past', 'snapshot']),
  workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
  users: z.array(
    z.object({
      id: z.string(),
      userName: z.string(),
      displayName: z.string().nullable(),
      active: z.boolean(),
      /** The connection that provisioned the user, or null for users of a snapshot. */
      connectionName: z.string().nullable(),
      organizationAdmin: z.boolean(),
      /** Role rank per workspace, in the order of `workspaces`: 0 none, 1 viewer, 2 editor, 3 admin. */
      ranks: z.array(z.number().int().min(0).max(3)),
    }),
  ),
});
export type AccessMatrix = z.infer<typeof AccessMatrixSchema>;

export const TimelineSchema = z.object({
  first: z.string().nullable(),
  last: z.string().nullable(),
  buckets: z.array(z.object({ start: z.string(), end: z.string(), events: z.number().int(), accessEvents: z.number().int() })),
  /** The latest admin changes, newest first, to jump to on the timeline. */
  adminChanges: z.array(z.object({ id: z.number().int(), at: z.string(), summary: z.string() })),
});
export type Timeline = z.infer<typeof TimelineSchema>;

export const TokenListingSchema = ConnectionTokenSchema.extend({
  kind: z.enum(['static', 'oauth', 'simulator']),
  /** 'expiring' tokens work until expiresAt, for example during a rotation's overlap. */
  state: z.enum(['active', 'expiring', 'expired']),
});
export type TokenListing = z.infer<typeof TokenListingSchema>;

export const OAuthClientListingSchema = z.object({
  clientId: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Lifetime of each access token the client gets, in seconds. */
  accessTokenSeconds: z.number().int(),
  activeAccessTokens: z.number().int(),
});
export type OAuthClientListing = z.infer<typeof OAuthClientListingSchema>;

/** A connection's credentials without any secret: token ids, the Basic user name, OAuth client ids. */
export const ConnectionCredentialsSchema = z.object({
  connectionId: z.string(),
  tokens: z.array(TokenListingSchema),
  basic: z.object({ username: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }).nullable(),
  oauthClients: z.array(OAuthClientListingSchema),
  /** URL of the OAuth token endpoint that the provider calls for client credentials. */
  tokenUrl: z.string(),
});
export type ConnectionCredentials = z.infer<typeof ConnectionCredentialsSchema>;

/** A static bearer token, shown once. */
export const IssuedTokenSchema = z.object({ tokenId: z.string(), token: z.string(), expiresAt: z.string().nullable() });

export const ConnectionRemovalSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  users: z.number().int(),
  groups: z.number().int(),
  memberships: z.number().int(),
  tokens: z.number().int(),
  basicCredentials: z.number().int(),
  oauthClients: z.number().int(),
  /** Mappings of the connection's groups; they stay and show as orphaned in Mappings. */
  mappingsKept: z.number().int(),
});
export type ConnectionRemoval = z.infer<typeof ConnectionRemovalSchema>;

/** Steps of the setup wizard, in order. */
export const SETUP_STEPS = ['provider', 'reachability', 'credentials', 'provider-steps', 'verify', 'map', 'done'] as const;
export const SetupStepSchema = z.enum(SETUP_STEPS);
export type SetupStep = z.infer<typeof SetupStepSchema>;

/** What the wizard remembers besides the step: the admin's choices and how the connection was verified. */
export const SetupStateSchema = z
  .object({
    reachability: z.enum(['loopback', 'bind', 'tunnel', 'server']).optional(),
    authMethod: z.enum(['bearer', 'basic', 'oauth-client-credentials']).optional(),
    /** Indexes of the provider's setup steps the admin ticked. */
    checkedSteps: z.array(z.number().int().min(0).max(99)).max(100).optional(),
    verification: z
      .object({ via: z.enum(['request', 'simulator']), text: z.string().max(500), at: z.string() })
      .strict()
      .optional(),
  })
  .strict();
export type SetupState = z.infer<typeof SetupStateSchema>;

export const SetupProgressSchema = z.object({
  connectionId: z.string(),
  step: SetupStepSchema,
  state: SetupStateSchema,
  updatedAt: z.string().nullable(),
});
export type SetupProgress = z.infer<typeof SetupProgressSchema>;

/** A request a connection received, with what it means for that provider. */
export const SetupRequestSchema = z.object({
  eventId: z.number().int(),
  at: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().nullable(),
  /** Name of the provider's sequence step the request matches, or null for an unexpected request. */
  stepName: z.string().nullable(),
  /** The request in one sentence, e.g. "Okta's connection test: GET /Users?startIndex=1&count=2 answered 200". */
  text: z.string(),
  ok: z.boolean(),
  /**
   * True when the built-in simulator sent the request with a temporary credential of its own, so
   * that it proves nothing about the credential the provider sends.
   */
  fromSimulator: z.boolean(),
});
export type SetupRequest = z.infer<typeof SetupRequestSchema>;

export const TlsCertificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  selfSigned: z.boolean(),
  daysLeft: z.number().int(),
});
export type TlsCertificate = z.infer<typeof TlsCertificateSchema>;

export const ListenerSettingsSchema = z.object({
  host: z.string().trim().min(1, 'An address is required.').max(100),
  port: z.number().int().min(0).max(65535),
  certPath: z.string().max(4096).nullable(),
  keyPath: z.string().max(4096).nullable(),
  publicBaseUrl: z.string().max(2048).nullable(),
});
export type ListenerSettings = z.infer<typeof ListenerSettingsSchema>;

export const ListenerStatusSchema = z.object({
  /** The listener as it runs now; null when this host serves no SCIM endpoint. */
  active: z
    .object({ baseUrl: z.string(), host: z.string(), port: z.number().int(), certificate: TlsCertificateSchema.nullable() })
    .nullable(),
  stored: ListenerSettingsSchema.nullable(),
  /** 'live': the host rebinds at once; 'restart': at its next start; 'none': this host has no listener. */
  applyMode: z.enum(['live', 'restart', 'none']),
  lastApply: z.object({ state: z.enum(['applying', 'applied', 'failed']), message: z.string(), at: z.string() }).nullable(),
  /** The SCIM base URL identity providers use. */
  providerBaseUrl: z.string(),
});
export type ListenerStatus = z.infer<typeof ListenerStatusSchema>;

export const SimulationStepSchema = z.object({
  step: z.string(),
  summary: z.string(),
  method: z.string().nullable(),
  path: z.string(),
  status: z.number().int().nullable(),
  expected: z.array(z.number().int()),
  ok: z.boolean(),
  skipped: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type SimulationStep = z.infer<typeof SimulationStepSchema>;

/** One run of the built-in simulator of a provider against this engine. */
export const SimulationSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  provider: ProviderIdSchema,
  state: z.enum(['running', 'finished', 'failed']),
  totalSteps: z.number().int(),
  steps: z.array(SimulationStepSchema),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why the run stopped early, when state is 'failed'. */
  error: z.string().nullable(),
  /** Suffix added to the sample user names because earlier runs created them, e.g. "sim2". */
  userNameSuffix: z.string().nullable(),
});
export type Simulation = z.infer<typeof SimulationSchema>;

const ConnectionId = z.object({ connectionId: z.string().min(1) }).strict();

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const Name = z.string().trim().min(1, 'A name is required.').max(200);

/* Live events, connection health, alerts and event retention. */

/** Which events to show; every field narrows the result. `type` is an event kind or a change type. */
export const EventFilterSchema = z
  .object({
    connectionId: z.string().min(1).max(200).optional(),
    type: z.string().min(1).max(100).optional(),
    /** A user's id or userName. */
    user: z.string().min(1).max(300).optional(),
    /** A group's id or displayName. */
    group: z.string().min(1).max(300).optional(),
    /** A workspace's id or name. */
    workspace: z.string().min(1).max(300).optional(),
    /** 'error' keeps events with an HTTP status of 400 or more. */
    status: z.enum(['error']).optional(),
    /** Inclusive start of the time range. */
    since: TimestampSchema.optional(),
    /** Exclusive end of the time range. */
    until: TimestampSchema.optional(),
    /** Text that the summary, the path, or a name of the user or group concerned contains, ignoring case. */
    text: z.string().min(1).max(200).optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof EventFilterSchema>;

export const EventDetailSchema = z.object({
  event: SyncEventSchema,
  /** The request as received (method, path, headers, body), secrets redacted; null when not stored. */
  request: z.record(z.string(), z.unknown()).nullable(),
  /** The response as sent (status, headers, body); null when not stored. */
  response: z.record(z.string(), z.unknown()).nullable(),
  /** 'compacted' when retention deleted the request and response; 'none' for events that never had them. */
  payload: z.enum(['stored', 'compacted', 'inline', 'none']),
  /** What the engine read differently from the literal request, e.g. "op 'Replace' read as 'replace'". */
  normalizations: z.array(z.string()),
  /** Actor of an admin change ("console", "cli"), or null for other events. */
  actor: z.string().nullable(),
  /** Users, groups and workspaces the event concerns, with their current names; null names for deleted ones. */
  users: z.array(z.object({ id: z.string(), userName: z.string().nullable() })),
  groups: z.array(z.object({ id: z.string(), displayName: z.string().nullable() })),
  workspaces: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
});
export type EventDetail = z.infer<typeof EventDetailSchema>;

export const EventTimelineSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucketMinutes: z.number().int(),
  buckets: z.array(
    z.object({
      start: z.string(),
      total: z.number().int(),
      /** Events with an HTTP status of 400 or more, of every type. */
      errors: z.number().int(),
      /** Events that did not fail, by type. */
      byType: z.object({
        users: z.number().int(),
        groups: z.number().int(),
        'other-scim': z.number().int(),
        admin: z.number().int(),
        alert: z.number().int(),
        other: z.number().int(),
      }),
    }),
  ),
});
export type EventTimeline = z.infer<typeof EventTimelineSchema>;

export const HealthStateSchema = z.enum(['disabled', 'failing', 'waiting', 'silent', 'healthy']);
export type HealthState = z.infer<typeof HealthStateSchema>;

export const ConnectionHealthSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  provider: ProviderIdSchema,
  state: HealthStateSchema,
  /** The state and its cause in full sentences, with the next step. */
  reason: z.string(),
  lastRequestAt: z.string().nullable(),
  silentMinutes: z.number().int().nullable(),
  silenceThresholdMinutes: z.number().int(),
  consecutiveFailures: z.number().int(),
  commonError: z.object({ status: z.number().int(), detail: z.string(), count: z.number().int() }).nullable(),
  requestCount: z.number().int(),
  errorCount: z.number().int(),
});
export type ConnectionHealth = z.infer<typeof ConnectionHealthSchema>;

export const AlertSchema = z.object({
  id: z.number().int(),
  rule: z.enum(['connection-failing', 'connection-silent', 'token-expiring', 'access-removal-burst', 'rejected-credentials', 'no-organization-admin']),
  subject: z.string(),
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
  severity: z.enum(['warning', 'critical']),
  title: z.string(),
  message: z.string(),
  /** 'clearing': the condition stopped but the alert resolves only after it stays clear for a while. */
  state: z.enum(['open', 'clearing', 'resolved']),
  openedAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  /** How many times the condition started while the alert was open. */
  occurrences: z.number().int(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const SyncProgressSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  startedAt: z.string(),
  lastRequestAt: z.string(),
  requests: z.number().int(),
  /** Successful POST, PUT and PATCH requests to /Users. */
  userWrites: z.number().int(),
  /** Successful POST, PUT and PATCH requests to /Groups. */
  groupWrites: z.number().int(),
  errors: z.number().int(),
  requestsPerSecond: z.number().nullable(),
  elapsedSeconds: z.number().int(),
});
export type SyncProgress = z.infer<typeof SyncProgressSchema>;

export const RetentionStatusSchema = z.object({
  /** Age in days after which events are compacted: their request and response are deleted, their changes kept. */
  maxAgeDays: z.number().int(),
  /** Bytes of the database file and its write-ahead log. */
  storeBytes: z.number().int(),
  /** Free bytes inside the database file, reused by new rows. */
  freeBytes: z.number().int(),
  eventCount: z.number().int(),
  payloadCount: z.number().int(),
  compactablePayloads: z.number().int(),
  oldestEventAt: z.string().nullable(),
  lastCompaction: z.object({ at: z.string(), payloads: z.number().int() }).nullable(),
});
export type RetentionStatus = z.infer<typeof RetentionStatusSchema>;

// Audit: the event log's digest chain, report exports and access reviews.

export const ChainBreakSchema = z.object({
  eventId: z.number().int(),
  problems: z.array(z.enum(['missing-before', 'link', 'digest', 'payload'])),
  message: z.string(),
});

export const LogVerificationSchema = z.object({
  at: z.string(),
  /** 'start', 'console', 'cli' or 'bundle'. */
  requestedBy: z.string(),
  ok: z.boolean(),
  eventCount: z.number().int(),
  headId: z.number().int(),
  headDigest: z.string(),
  breakCount: z.number().int(),
  firstBreak: ChainBreakSchema.nullable(),
});
export type LogVerification = z.infer<typeof LogVerificationSchema>;

export const LogHeadSchema = z.object({
  headEventId: z.number().int(),
  /** SHA-256 digest of the newest event, which chains every event before it. */
  headDigest: z.string(),
  eventCount: z.number().int(),
  /** UUID of the data directory, which every report carries. */
  dataDirectoryId: z.string(),
  /** True while a check of the chain runs. */
  verifying: z.boolean(),
  lastVerification: LogVerificationSchema.nullable(),
});
export type LogHead = z.infer<typeof LogHeadSchema>;

export const ReportKindSchema = z.enum(['access', 'changes', 'mappings', 'review']);
export const ReportFormatSchema = z.enum(['csv', 'json', 'html', 'pdf']);

export const ReportExportSchema = z.object({
  id: z.string(),
  kind: z.enum(['access', 'changes', 'mappings', 'review', 'bundle']),
  format: z.enum(['csv', 'json', 'html', 'pdf', 'zip']),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  filters: z.record(z.string(), z.string().nullable()),
  rowsWritten: z.number().int(),
  totalRows: z.number().int(),
  /** Name of the file in the data directory's reports folder; `GET /api/reports/<fileName>` downloads it over HTTP. */
  fileName: z.string(),
  filePath: z.string(),
  byteCount: z.number().int().nullable(),
  sha256: z.string().nullable(),
  /** For a bundle: the SHA-256 of its manifest, which the event log records and `verify --bundle` looks for. */
  manifestSha256: z.string().nullable(),
  headDigest: z.string().nullable(),
  /** Set when the chain check made with the export found the event log broken, or current access differed from the log: both in words. */
  logWarning: z.string().nullable(),
  error: z.string().nullable(),
});
export type ReportExport = z.infer<typeof ReportExportSchema>;

/** Times are ISO 8601: a date (2025-03-31) or a date-time with "Z" or an offset. */
const ReportTime = z.string().trim().min(1).max(40);
const ReportFilters = {
  asOf: ReportTime.optional(),
  from: ReportTime.optional(),
  to: ReportTime.optional(),
  reviewId: z.string().min(1).max(100).optional(),
};

export const ReviewDecisionSchema = z.enum(['keep', 'revoke', 'change']);

export const ReviewSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The reviewer's name as typed when the review started. The console does not authenticate it. */
  reviewer: z.string(),
  createdAt: z.string(),
  /** The actor the event log recorded for the start, such as "console" or "cli (alice)". */
  startedBy: z.string(),
  headEventId: z.number().int(),
  headDigest: z.string(),
  itemCount: z.number().int(),
  decided: z.object({ keep: z.number().int(), revoke: z.number().int(), change: z.number().int() }),
  signedOffAt: z.string().nullable(),
  /** The name typed at sign-off. The console does not authenticate it. */
  signedOffBy: z.string().nullable(),
  /** The actor the event log recorded for the sign-off. */
  signedOffVia: z.string().nullable(),
  signOffEventId: z.number().int().nullable(),
});
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;

export const ReviewItemSchema = z.object({
  seq: z.number().int(),
  userId: z.string(),
  userName: z.string(),
  displayName: z.string().nullable(),
  connectionName: z.string(),
  active: z.boolean(),
  /** 'organization' or a workspace id. */
  scope: z.string(),
  scopeName: z.string(),
  role: z.string(),
  grantedBy: z.array(z.string()),
  viaOrganizationAdmin: z.boolean(),
  since: z.string().nullable(),
  decision: ReviewDecisionSchema.nullable(),
  /** Workspace role that a "change" decision gives instead. Null for other decisions and for changes decided before it was recorded. */
  newRole: z.string().nullable(),
  comment: z.string(),
  /** The reviewer as named when the review started. The console does not authenticate it. */
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The actor the event log recorded for the decision, such as "console" or "desktop (alice)". */
  decidedVia: z.string().nullable(),
  /** The user's role in the scope now; "member" for the organization without admin; null for no role or a deleted user. */
  currentRole: z.string().nullable(),
  /** Whether the access now matches the decision; null while undecided. Decisions are never applied by ScimDesk. */
  accessMatchesDecision: z.boolean().nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

/** Every console API method with its input and output schema. */
export const consoleApi = {
  getLogHead: { input: Empty, output: LogHeadSchema },
  verifyLog: { input: Empty, output: LogHeadSchema },
  exportReport: {
    input: z.object({ kind: ReportKindSchema, format: ReportFormatSchema, ...ReportFilters }).strict(),
    output: ReportExportSchema,
  },
  exportBundle: {
    input: z.object({ ...ReportFilters, formats: z.array(ReportFormatSchema).min(1).max(4).optional() }).strict(),
    output: ReportExportSchema,
  },
  getReportExport: { input: z.object({ id: z.string().min(1) }).strict(), output: ReportExportSchema },
  listReportExports: { input: Empty, output: z.array(ReportExportSchema) },
  revealReportFile: { input: z.object({ id: z.string().min(1) }).strict(), output: Ok },
  listReviews: { input: Empty, output: z.array(ReviewSummarySchema) },
  startReview: { input: z.object({ name: Name, reviewer: Name }).strict(), output: ReviewSummarySchema },
  listReviewRows: {
    input: z
      .object({
        reviewId: z.string().min(1),
        search: z.string().max(200).optional(),
        undecidedOnly: z.boolean().optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ review: ReviewSummarySchema, items: z.array(ReviewItemSchema), total: z.number().int() }),
  },
  setReviewDecision: {
    input: z
      .object({
        reviewId: z.string().min(1),
        items: z.array(z.object({ userId: z.string().min(1), scope: z.string().min(1) }).strict()).min(1).max(500),
        decision: ReviewDecisionSchema,
        /** Required with "change": the workspace role to give instead. */
        newRole: WorkspaceRoleSchema.optional(),
        comment: z.string().trim().max(500).default(''),
      })
      .strict(),
    output: ReviewSummarySchema,
  },
  signOffReview: { input: z.object({ reviewId: z.string().min(1), reviewer: Name }).strict(), output: ReviewSummarySchema },
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
    /** `changeSlug` also gives the workspace the new name's slug. By default the slug stays. */
    input: z.object({ id: z.string(), name: Name, changeSlug: z.boolean().optional() }).strict(),
    output: WorkspaceSchema,
  },
  listGroups: { input: Empty, output: z.array(GroupSchema) },
  listMappings: { input: Empty, output: z.array(MappingSchema) },
  addMapping: {
    input: z.object({ groupId: z.string().min(1), grant: GrantSchema, confirmedLossCount: ConfirmedLossCount }).strict(),
    output: MappingSchema,
  },
  removeMapping: { input: z.object({ id: z.string().min(1), confirmedLossCount: ConfirmedLossCount }).strict(), output: Ok },
  listSuggestions: { input: Empty, output: z.array(SuggestionSchema) },
  listDismissedSuggestions: { input: Empty, output: z.array(DismissedSuggestionSchema) },
  dismissSuggestion: { input: z.object({ groupId: z.string().min(1) }).strict(), output: SuggestionSchema },
  restoreSuggestion: { input: z.object({ groupId: z.string().min(1) }).strict(), output: SuggestionSchema },
  applySuggestions: {
    input: z
      .object({
        /** Group ids whose suggestion to accept; omitted means every suggestion. */
        groupIds: z.array(z.string()).optional(),
        confirmedLossCount: ConfirmedLossCount,
      })
      .strict(),
    output: z.array(MappingSchema),
  },
  getSettings: { input: Empty, output: SettingsSchema },
  updateSettings: {
    input: SettingsChangeSchema.extend({ confirmedLossCount: ConfirmedLossCount }).strict(),
    output: SettingsSchema,
  },
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
  previewChange: { input: z.object({ change: GuardedChangeSchema }).strict(), output: ChangePreviewSchema },
  archiveWorkspace: {
    input: z.object({ id: z.string().min(1), confirmedLossCount: ConfirmedLossCount }).strict(),
    output: WorkspaceSchema,
  },
  getGuardrailSettings: { input: Empty, output: GuardrailSettingsSchema },
  updateGuardrailSettings: { input: GuardrailSettingsSchema.strict(), output: GuardrailSettingsSchema },
  listDrafts: { input: Empty, output: z.array(DraftSummarySchema) },
  createDraft: { input: z.object({ name: Name }).strict(), output: DraftSchema },
  getDraft: { input: z.object({ draftId: z.string().min(1) }).strict(), output: DraftSchema },
  addDraftChange: {
    input: z.object({ draftId: z.string().min(1), change: DraftChangeInputSchema }).strict(),
    output: DraftSchema,
  },
  removeDraftChange: {
    input: z.object({ draftId: z.string().min(1), changeId: z.string().min(1) }).strict(),
    output: DraftSchema,
  },
  getDraftDiff: {
    input: z.object({ draftId: z.string().min(1), snapshotId: z.string().min(1).optional() }).strict(),
    output: DraftDiffSchema,
  },
  applyDraft: {
    input: z.object({ draftId: z.string().min(1), confirmedLossCount: ConfirmedLossCount }).strict(),
    output: z.object({ draft: DraftSchema, eventId: z.number().int(), diff: RoleDiffSchema }),
  },
  discardDraft: { input: z.object({ draftId: z.string().min(1) }).strict(), output: Ok },
  listSnapshots: { input: Empty, output: z.array(SnapshotSchema) },
  importSnapshot: {
    input: z
      .object({
        name: Name,
        format: SnapshotFormatSchema,
        fileName: z.string().max(500).optional(),
        /** The group of a one-group export without a group column (Entra's "Download members"). */
        groupName: z.string().trim().min(1).max(500).optional(),
        /** The connection the export came from, so that its groups are matched with that connection's groups only. */
        connectionId: z.string().min(1).optional(),
        /** The file's text; the HTTP console accepts request bodies up to 1 MiB. */
        // An empty file reaches the parser, which reports it as it does for the CLI.
        content: z.string().max(50_000_000),
      })
      .strict(),
    output: z.object({ snapshot: SnapshotSchema.nullable(), problems: z.array(SnapshotProblemSchema), problemCount: z.number().int() }),
  },
  deleteSnapshot: { input: z.object({ snapshotId: z.string().min(1) }).strict(), output: Ok },
  compareSnapshot: { input: z.object({ snapshotId: z.string().min(1) }).strict(), output: SnapshotComparisonSchema },
  getWorkspaceRoster: {
    input: z.object({ workspaceId: z.string().min(1), source: ViewSourceSchema.optional() }).strict(),
    output: WorkspaceRosterSchema,
  },
  getGroupGrants: {
    input: z.object({ groupId: z.string().min(1), asOf: TimestampSchema.optional() }).strict(),
    output: GroupGrantsSchema,
  },
  listGroupsAsOf: { input: z.object({ asOf: TimestampSchema }).strict(), output: z.array(PastGroupSchema) },
  getAccessMatrix: { input: z.object({ source: ViewSourceSchema.optional() }).strict(), output: AccessMatrixSchema },
  getUserPermissionsAsOf: {
    input: z.object({ userId: z.string().min(1), asOf: TimestampSchema }).strict(),
    output: UserPermissionsSchema,
  },
  getTimeline: { input: Empty, output: TimelineSchema },
  startConnectionSetup: {
    input: z.object({ provider: ProviderIdSchema, name: Name }).strict(),
    output: ConnectionSchema,
  },
  getSetupProgress: { input: ConnectionId, output: SetupProgressSchema },
  saveSetupProgress: {
    input: z.object({ connectionId: z.string().min(1), step: SetupStepSchema, state: SetupStateSchema }).strict(),
    output: SetupProgressSchema,
  },
  listSetupProgress: { input: Empty, output: z.array(SetupProgressSchema) },
  listSetupRequests: {
    input: z
      .object({ connectionId: z.string().min(1), afterEventId: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.object({ requests: z.array(SetupRequestSchema), lastEventId: z.number().int() }),
  },
  listConnectionCredentials: { input: ConnectionId, output: ConnectionCredentialsSchema },
  issueToken: {
    input: z.object({ connectionId: z.string().min(1), expiresAt: z.string().nullable().default(null) }).strict(),
    output: IssuedTokenSchema,
  },
  rotateToken: {
    input: z
      .object({
        connectionId: z.string().min(1),
        /** How long the previous tokens keep working, in seconds; 24 hours unless set. */
        overlapSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400),
        expiresAt: z.string().nullable().default(null),
      })
      .strict(),
    output: IssuedTokenSchema.extend({ previous: z.array(z.object({ tokenId: z.string(), expiresAt: z.string() })) }),
  },
  revokeToken: { input: z.object({ connectionId: z.string().min(1), tokenId: z.string().min(1) }).strict(), output: Ok },
  /**
   * Revokes any credential of a connection by its id: a token id, the Basic user name or an
   * OAuth client id. Revoking an OAuth client also revokes the access tokens it was issued.
   */
  revokeCredential: {
    input: z.object({ connectionId: z.string().min(1), credentialId: z.string().min(1) }).strict(),
    output: z.object({ kind: z.enum(['token', 'basic', 'oauth-client']) }),
  },
  issueBasicCredentials: { input: ConnectionId, output: z.object({ username: z.string(), password: z.string() }) },
  createOAuthClient: {
    input: z.object({ connectionId: z.string().min(1), accessTokenSeconds: z.number().int().min(300).max(86_400).optional() }).strict(),
    output: z.object({ clientId: z.string(), clientSecret: z.string(), accessTokenSeconds: z.number().int(), tokenUrl: z.string() }),
  },
  setConnectionDisabled: {
    input: z.object({ connectionId: z.string().min(1), disabled: z.boolean() }).strict(),
    output: ConnectionSchema,
  },
  describeConnectionRemoval: { input: ConnectionId, output: ConnectionRemovalSchema },
  deleteConnection: {
    input: z.object({ connectionId: z.string().min(1), confirmName: z.string().max(200) }).strict(),
    output: ConnectionRemovalSchema,
  },
  getListenerStatus: { input: Empty, output: ListenerStatusSchema },
  inspectTlsFiles: {
    input: z.object({ certPath: z.string().min(1).max(4096), keyPath: z.string().min(1).max(4096) }).strict(),
    output: TlsCertificateSchema,
  },
  applyListenerSettings: { input: ListenerSettingsSchema.strict(), output: ListenerStatusSchema },
  startSimulation: { input: ConnectionId, output: SimulationSchema },
  getSimulation: { input: z.object({ simulationId: z.string().min(1) }).strict(), output: SimulationSchema },
  queryEvents: {
    input: z
      .object({
        filter: EventFilterSchema.default({}),
        /** Older events than this id, newest first. */
        beforeId: z.number().int().optional(),
        /** The oldest matching events newer than this id, still returned newest first. */
        afterId: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({ events: z.array(SyncEventSchema), hasMore: z.boolean() }),
  },
  countEvents: {
    input: z.object({ filter: EventFilterSchema.default({}) }).strict(),
    output: z.object({
      count: z.number().int(),
      /** One sentence per user, group, workspace or type in the filter that names nothing known, now or in the log. */
      notes: z.array(z.string()),
    }),
  },
  getEventDetail: { input: z.object({ id: z.number().int().min(1) }).strict(), output: EventDetailSchema },
  getEventTimeline: {
    input: z.object({ filter: EventFilterSchema.default({}), from: TimestampSchema, to: TimestampSchema }).strict(),
    output: EventTimelineSchema,
  },
  listEventTypes: { input: Empty, output: z.object({ kinds: z.array(z.string()), changeTypes: z.array(z.string()) }) },
  listConnectionHealth: { input: Empty, output: z.array(ConnectionHealthSchema) },
  listAlerts: {
    input: z.object({ includeResolved: z.boolean().default(false) }).strict(),
    output: z.array(AlertSchema),
  },
  acknowledgeAlert: { input: z.object({ id: z.number().int().min(1) }).strict(), output: AlertSchema },
  listSyncProgress: { input: Empty, output: z.array(SyncProgressSchema) },
  getRetention: { input: Empty, output: RetentionStatusSchema },
  updateRetention: { input: z.object({ maxAgeDays: z.number().int().min(1).max(3650) }).strict(), output: RetentionStatusSchema },
  compactEvents: { input: Empty, output: z.object({ compacted: z.number().int(), status: RetentionStatusSchema }) },
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
