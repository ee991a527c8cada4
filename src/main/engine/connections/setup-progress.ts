import type { SetupProgress, SetupState, SetupStep } from '../../../shared/api.ts';
import { credentialMethodsOf, PROVIDERS } from '../../../shared/providers/index.ts';
import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';

interface ProgressRow {
  connection_id: string;
  step: SetupStep;
  state: string;
  updated_at: string;
}

/**
 * Returns where the admin left the setup wizard of a connection. A connection that never went
 * through the wizard starts at the reachability step, so that reopening it walks every step.
 */
export function getSetupProgress(engine: Engine, connectionId: string): SetupProgress {
  engine.connections.get(connectionId);
  const row = engine.db.prepare('SELECT * FROM setup_progress WHERE connection_id = ?').get(connectionId) as ProgressRow | undefined;
  return row ? toProgress(row) : { connectionId, step: 'reachability', state: {}, updatedAt: null };
}

/**
 * Stores the wizard's step and state for a connection, replacing what was stored. Rejects a
 * credential method that the connection's provider cannot send.
 */
export function saveSetupProgress(engine: Engine, connectionId: string, progress: { step: SetupStep; state: SetupState }): SetupProgress {
  const connection = engine.connections.get(connectionId);
  const method = progress.state.authMethod;
  const profile = PROVIDERS[connection.provider];
  if (method !== undefined && !credentialMethodsOf(profile).includes(method)) {
    const supported = credentialMethodsOf(profile).join(', ');
    throw new AdminError('invalid', `${profile.displayName} cannot authenticate with "${method}". Choose one of: ${supported}.`);
  }
  engine.db
    .prepare(
      `INSERT INTO setup_progress (connection_id, step, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(connection_id) DO UPDATE SET step = excluded.step, state = excluded.state, updated_at = excluded.updated_at`,
    )
    .run(connectionId, progress.step, JSON.stringify(progress.state), nowIso(engine.clock));
  return getSetupProgress(engine, connectionId);
}

/** Lists the stored wizard progress of every connection, most recently updated first. */
export function listSetupProgress(engine: Engine): SetupProgress[] {
  const rows = engine.db.prepare('SELECT * FROM setup_progress ORDER BY updated_at DESC').all() as ProgressRow[];
  return rows.map(toProgress);
}

function toProgress(row: ProgressRow): SetupProgress {
  return { connectionId: row.connection_id, step: row.step, state: JSON.parse(row.state) as SetupState, updatedAt: row.updated_at };
}
