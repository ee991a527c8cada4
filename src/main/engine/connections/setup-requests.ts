import type { SetupRequest } from '../../../shared/api.ts';
import { PROVIDERS } from '../../../shared/providers/index.ts';
import type { Engine } from '../engine.ts';
import { describeRequest } from './request-meaning.ts';

interface RequestRow {
  id: number;
  at: string;
  method: string | null;
  path: string | null;
  status: number | null;
}

/**
 * Lists the SCIM and token requests a connection received after `afterEventId`, oldest first,
 * each described by the provider step it matches. The setup wizard polls this while it waits
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
    const request = engine.events.get(row.id)?.detail.request as { body?: unknown } | undefined;
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
    };
  });
  const lastEventId = rows.length > 0 ? rows[rows.length - 1]!.id : afterEventId;
  return { requests, lastEventId };
}
