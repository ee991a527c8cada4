/**
 * Numbered schema migrations. `openStore` applies those above the database's
 * `user_version` in order, each in its own transaction. Never edit a released
 * migration: add the next number instead.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'connections, SCIM resources, access model and event log',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        provider TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        request_count INTEGER NOT NULL DEFAULT 0,
        error_count INTEGER NOT NULL DEFAULT 0,
        last_request_at TEXT,
        last_request_summary TEXT
      );

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        hash BLOB NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      );
      CREATE INDEX tokens_connection ON tokens(connection_id);

      CREATE TABLE users (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        connection_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        user_name_key TEXT NOT NULL,
        external_id TEXT,
        display_name TEXT,
        active INTEGER NOT NULL,
        doc TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        UNIQUE (connection_id, user_name_key)
      );
      CREATE INDEX users_external_id ON users(connection_id, external_id);
      CREATE INDEX users_display_name ON users(connection_id, display_name);

      CREATE TABLE groups (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        connection_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        display_name_key TEXT NOT NULL,
        external_id TEXT,
        doc TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
      );
      CREATE INDEX groups_display_name ON groups(connection_id, display_name_key);
      CREATE INDEX groups_external_id ON groups(connection_id, external_id);

      CREATE TABLE group_members (
        group_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        member_type TEXT NOT NULL,
        display TEXT,
        PRIMARY KEY (group_id, member_id)
      ) WITHOUT ROWID;
      CREATE INDEX group_members_member ON group_members(member_id);

      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        slug TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        archived_at TEXT
      );

      -- A mapping points at the group's id, not its name, so it survives a rename;
      -- it outlives a deleted group so that the console can flag it.
      CREATE TABLE mappings (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL,
        workspace_id TEXT REFERENCES workspaces(id),
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (group_id, workspace_id, role)
      );
      CREATE UNIQUE INDEX mappings_org_admin ON mappings(group_id) WHERE workspace_id IS NULL;
      CREATE INDEX mappings_workspace ON mappings(workspace_id);

      -- Effective roles as last computed; scope is 'organization' or a workspace id.
      CREATE TABLE effective_roles (
        user_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        role TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (user_id, scope)
      ) WITHOUT ROWID;
      CREATE INDEX effective_roles_scope ON effective_roles(scope);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        connection_id TEXT,
        method TEXT,
        path TEXT,
        status INTEGER,
        duration_ms REAL,
        summary TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_digest TEXT NOT NULL,
        digest TEXT NOT NULL
      );
      CREATE INDEX events_connection ON events(connection_id, id);
      CREATE INDEX events_kind ON events(kind, id);
      CREATE INDEX events_status ON events(status, id);
    `,
  },
  {
    version: 2,
    description: 'token kinds, Basic credentials, OAuth clients and setup wizard progress',
    sql: `
      -- An OAuth client of a connection; its access tokens are rows of tokens with kind 'oauth'.
      CREATE TABLE oauth_clients (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL UNIQUE,
        secret_hash BLOB NOT NULL,
        access_token_seconds INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      );
      CREATE INDEX oauth_clients_connection ON oauth_clients(connection_id);

      -- kind: 'static' (issued to the admin), 'oauth' (issued by the token endpoint)
      -- or 'simulator' (temporary, for the built-in simulator).
      ALTER TABLE tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'static';
      ALTER TABLE tokens ADD COLUMN oauth_client_id TEXT REFERENCES oauth_clients(id) ON DELETE CASCADE;
      CREATE INDEX tokens_oauth_client ON tokens(oauth_client_id);

      CREATE TABLE basic_credentials (
        connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        username TEXT NOT NULL UNIQUE,
        password_hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      );

      -- Where the admin left the setup wizard of a connection; state is a JSON object.
      CREATE TABLE setup_progress (
        connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'mapping drafts, directory snapshots and the stored reasons of effective roles',
    sql: `
      -- A named set of mapping changes on top of the live mappings. An applied draft keeps
      -- its row with the id of the event that recorded it; a discarded draft is deleted.
      CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        applied_at TEXT,
        applied_by TEXT,
        applied_event_id INTEGER
      );
      CREATE UNIQUE INDEX drafts_open_name ON drafts(name COLLATE NOCASE) WHERE applied_at IS NULL;

      -- action 'add' maps group_id (or, when null, the one group named group_name) to
      -- workspace_id and role; action 'remove' removes the live mapping mapping_id.
      -- workspace_id NULL with role 'admin' is the organization admin grant.
      CREATE TABLE draft_changes (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
        mapping_id TEXT,
        group_id TEXT,
        group_name TEXT NOT NULL,
        workspace_id TEXT,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX draft_changes_order ON draft_changes(draft_id, seq);

      -- A group membership export imported for offline review. Rows are stored only when the
      -- whole file is valid.
      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        format TEXT NOT NULL,
        file_name TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        user_count INTEGER NOT NULL,
        group_count INTEGER NOT NULL,
        membership_count INTEGER NOT NULL
      );

      CREATE TABLE snapshot_users (
        snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        user_name_key TEXT NOT NULL,
        external_id TEXT,
        display_name TEXT,
        email TEXT,
        active INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, seq),
        UNIQUE (snapshot_id, user_name_key)
      ) WITHOUT ROWID;

      CREATE TABLE snapshot_groups (
        snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        display_name TEXT NOT NULL,
        external_id TEXT,
        email TEXT,
        PRIMARY KEY (snapshot_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE snapshot_memberships (
        snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        group_seq INTEGER NOT NULL,
        user_seq INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, group_seq, user_seq)
      ) WITHOUT ROWID;

      -- The reasons of each effective role as last computed (JSON: grantedBy, outranked,
      -- viaOrganizationAdmin), so that a change of reasons alone is recorded as an event.
      -- NULL for roles computed before this migration.
      ALTER TABLE effective_roles ADD COLUMN reasons TEXT;
    `,
  },
  {
    version: 4,
    description: 'event filtering indexes, event payloads, sync bursts and alerts',
    // Every statement is idempotent, so applying this migration twice changes nothing.
    sql: `
      CREATE INDEX IF NOT EXISTS events_at ON events(at, kind, status);

      -- Request and response of an event, kept outside the digest chain so that retention can
      -- delete them. The chained detail keeps their SHA-256 digest as payloadDigest.
      CREATE TABLE IF NOT EXISTS event_payloads (
        event_id INTEGER PRIMARY KEY,
        payload TEXT NOT NULL
      );

      -- What an event concerns, for filtering: ref_type is 'user', 'user-name', 'group',
      -- 'group-name', 'workspace', 'change' (a change type) or 'access-lost' (a user id).
      CREATE TABLE IF NOT EXISTS event_refs (
        ref_type TEXT NOT NULL,
        ref_key TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (ref_type, ref_key, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS event_refs_type_event ON event_refs(ref_type, event_id);

      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'user', json_extract(c.value, '$.userId'), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.userId') IS NOT NULL;
      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'user-name', scim_fold(json_extract(c.value, '$.userName')), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.userName') IS NOT NULL;
      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'group', json_extract(c.value, '$.groupId'), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.groupId') IS NOT NULL;
      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'workspace', json_extract(c.value, '$.workspaceId'), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.workspaceId') IS NOT NULL;
      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'change', json_extract(c.value, '$.type'), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.type') IS NOT NULL;
      INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id)
        SELECT 'access-lost', json_extract(c.value, '$.userId'), e.id FROM events e, json_each(e.detail, '$.changes') c
        WHERE json_extract(c.value, '$.type') = 'role.lost' AND json_extract(c.value, '$.userId') IS NOT NULL;

      -- The latest burst of SCIM requests of each connection, for the progress of large syncs.
      CREATE TABLE IF NOT EXISTS sync_bursts (
        connection_id TEXT PRIMARY KEY,
        first_event_id INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        requests INTEGER NOT NULL,
        user_writes INTEGER NOT NULL,
        group_writes INTEGER NOT NULL,
        errors INTEGER NOT NULL
      );

      -- One row per alert. Repeats of an open alert update it; subject is a connection id or 'engine'.
      CREATE TABLE IF NOT EXISTS alerts (
        id INTEGER PRIMARY KEY,
        rule TEXT NOT NULL,
        subject TEXT NOT NULL,
        connection_id TEXT,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        clear_since TEXT,
        resolved_at TEXT,
        acknowledged_at TEXT,
        occurrences INTEGER NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX IF NOT EXISTS alerts_open ON alerts(rule, subject) WHERE resolved_at IS NULL;
      CREATE INDEX IF NOT EXISTS alerts_opened ON alerts(opened_at);
    `,
  },
  {
    version: 5,
    description: 'event log verifications, access reviews and their decisions',
    sql: `
      -- One row per check of the event log's digest chain, so that a later check can
      -- tell whether events that an earlier check saw have since disappeared.
      CREATE TABLE log_verifications (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        event_count INTEGER NOT NULL,
        head_id INTEGER NOT NULL,
        head_digest TEXT NOT NULL,
        ok INTEGER NOT NULL,
        break_count INTEGER NOT NULL,
        first_break TEXT
      );

      CREATE TABLE access_reviews (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        head_id INTEGER NOT NULL,
        head_digest TEXT NOT NULL,
        signed_off_at TEXT,
        signed_off_by TEXT,
        sign_off_event_id INTEGER
      );

      -- The access a review covers, copied from the access report when the review starts,
      -- so that the reviewer decides on a fixed list even while the directory changes.
      CREATE TABLE review_items (
        review_id TEXT NOT NULL REFERENCES access_reviews(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        display_name TEXT,
        connection_name TEXT NOT NULL,
        active INTEGER NOT NULL,
        scope TEXT NOT NULL,
        scope_name TEXT NOT NULL,
        role TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        via_organization_admin INTEGER NOT NULL,
        since TEXT,
        PRIMARY KEY (review_id, user_id, scope)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX review_items_order ON review_items(review_id, seq);

      CREATE TABLE review_decisions (
        review_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('keep', 'revoke', 'change')),
        comment TEXT NOT NULL DEFAULT '',
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (review_id, user_id, scope),
        FOREIGN KEY (review_id, user_id, scope) REFERENCES review_items(review_id, user_id, scope) ON DELETE CASCADE
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'indexes for paging users and groups of one connection in insertion order',
    sql: `
      CREATE INDEX IF NOT EXISTS users_connection_seq ON users(connection_id, seq);
      CREATE INDEX IF NOT EXISTS groups_connection_seq ON groups(connection_id, seq);
    `,
  },
  {
    version: 7,
    description: 'index only the access-lost references by event, the one type that is searched by event range',
    // Every event wrote each of its references to the index by type and event, and the alert on
    // access removals was its only reader. A creation writes three references, so this is three
    // fewer B-tree inserts for each one.
    sql: `
      DROP INDEX IF EXISTS event_refs_type_event;
      CREATE INDEX IF NOT EXISTS event_refs_access_lost ON event_refs(event_id) WHERE ref_type = 'access-lost';
    `,
  },
  {
    version: 8,
    description: 'naming-convention suggestions the admin dismissed, or whose mapping the admin removed',
    sql: `
      -- grant_key is 'organization-admin' or 'workspace:<workspace id>:<role>'; cause is
      -- 'dismissed' (the admin dismissed it) or 'mapping-removed' (the admin removed that mapping).
      CREATE TABLE IF NOT EXISTS suggestion_dismissals (
        group_id TEXT NOT NULL,
        grant_key TEXT NOT NULL,
        cause TEXT NOT NULL,
        dismissed_at TEXT NOT NULL,
        dismissed_by TEXT NOT NULL,
        PRIMARY KEY (group_id, grant_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    description: 'the connection a snapshot was exported from, whose groups its groups are matched with',
    sql: `
      -- NULL when the import named no connection, or after that connection was deleted: the
      -- snapshot's groups are then matched with the groups of every connection.
      ALTER TABLE snapshots ADD COLUMN connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL;
    `,
  },
  {
    version: 10,
    description: 'the role that an access review "change" decision gives instead',
    sql: `
      -- NULL for keep and revoke. A change decided before this version names the role in its comment only.
      ALTER TABLE review_decisions ADD COLUMN new_role TEXT;
    `,
  },
  {
    version: 11,
    description: 'revocation of OAuth clients and Basic credentials',
    sql: `
      -- A revoked client or Basic credential stays, so that a request that still sends it is
      -- counted towards its connection's health, and so that health can tell a connection
      -- whose credentials were all revoked from one that never had any.
      ALTER TABLE oauth_clients ADD COLUMN revoked_at TEXT;
      ALTER TABLE basic_credentials ADD COLUMN revoked_at TEXT;
    `,
  },
];
