import type { SetupRequest } from '../../../shared/api.ts';
import { PROVIDERS } from '../../../shared/providers/index.ts';
import type { Engine } from '../engine.ts';
import { describeRequest } from './request-meaning.ts';
import { SIMULATOR_CREDENTIAL } from './tokens.ts';

interface RequestRow {
  id: number;
  at: string;
  method: string | null;
  path: string | null;
  status: number | null;
}

/**
 * Lists the SCIM and token requests a connection received after `afterEventId`, oldest first,
 * each described by the provider step it matches and marked when the built-in simulator sent it. The setup wizard polls this while it waits
 * for the provider's first request. `lastEventId` is where the next poll continues.
 */
export function listSetupRequests(
  engine: Engine,
  connectionId: string,
  afterEventId: number,
  limit: number,
): { requests: SetupRequest[]; lastEventId: number } {
  const connection = engine.connections.get(connectionId);
  const profile = PROVIDERS[connection.provider];
  // The events of read-only requests wait in a queue for a few milliseconds; announcing writes them first.
  engine.events.announce();
  const rows = engine.db
    .prepare(
      `SELECT id, at, method, path, status FROM events
       WHERE connection_id = ? AND id > ? AND kind IN ('scim.request', 'oauth.token') ORDER BY id LIMIT ?`,
    )
    .all(connectionId, afterEventId, limit) as RequestRow[];

  const requests = rows.map((row): SetupRequest => {
    // The event log returns the request with the detail, wherever it stores request bodies.
    const detail = engine.events.get(row.id)?.detail;
    const request = detail?.request as { body?: unknown } | undefined;
    const body = request?.body;
    const meaning = describeRequest(profile, { method: row.method ?? '', path: row.path ?? '', status: row.status, body });
    return {
      eventId: row.id,
      at: row.at,
      method: row.method,
      path: row.path,
      status: row.status,
      stepName: meaning.step?.name ?? null,
      text: meaning.text,
      ok: row.status !== null && row.status < 400,
      fromSimulator: detail?.credential === SIMULATOR_CREDENTIAL,
    };
  });
  const lastEventId = rows.length > 0 ? rows[rows.length - 1]!.id : afterEventId;
  return { requests, lastEventId };
}
