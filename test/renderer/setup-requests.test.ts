/** The wizard's list of received requests, fed by overlapping polls. */
import { describe, expect, it } from 'vitest';
import type { SetupRequest } from '../../src/shared/api.ts';
import { mergeSetupRequests } from '../../src/renderer/src/stores/setup-requests.ts';

function request(eventId: number): SetupRequest {
  return { eventId, at: '2026-12-05T07:00:00.000Z', method: 'GET', path: '/Users', status: 200, stepName: null, text: 'GET /Users', ok: true, fromSimulator: true };
}

describe('mergeSetupRequests', () => {
  it('lists a request once when two polls return it', () => {
    const page = { requests: [request(1), request(2)], lastEventId: 2 };

    const first = mergeSetupRequests({ connectionId: 'c1', requests: [], lastEventId: 0 }, 'c1', page);
    const second = mergeSetupRequests(first, 'c1', page);

    expect(second.requests.map((item) => item.eventId)).toEqual([1, 2]);
    expect(second.lastEventId).toBe(2);
  });

  it('adds the newer requests of an overlapping page', () => {
    const listed = { connectionId: 'c1', requests: [request(1), request(2)], lastEventId: 2 };

    const merged = mergeSetupRequests(listed, 'c1', { requests: [request(2), request(3)], lastEventId: 3 });

    expect(merged.requests.map((item) => item.eventId)).toEqual([1, 2, 3]);
  });

  it('starts over for another connection', () => {
    const listed = { connectionId: 'c1', requests: [request(5)], lastEventId: 5 };

    const merged = mergeSetupRequests(listed, 'c2', { requests: [request(3)], lastEventId: 3 });

    expect(merged).toEqual({ connectionId: 'c2', requests: [request(3)], lastEventId: 3 });
  });
});
