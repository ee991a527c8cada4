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
];
