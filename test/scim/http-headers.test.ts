/** Headers of SCIM responses without content (RFC 9110 §8.3, §8.6, §15.3.5 and §15.4.5), over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness('okta');
});

afterEach(async () => {
  await harness.close();
});

describe('responses without content', () => {
  it('sends no content headers with 204', async () => {
    const id = await harness.createUser('ada@example.com');

    const response = await fetch(`${harness.baseUrl}/Users/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${harness.token}` } });

    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('sends the ETag but no content type with 304', async () => {
    const id = await harness.createUser('ada@example.com');
    const read = await fetch(`${harness.baseUrl}/Users/${id}`, { headers: { authorization: `Bearer ${harness.token}` } });
    const etag = read.headers.get('etag')!;

    const response = await fetch(`${harness.baseUrl}/Users/${id}`, { headers: { authorization: `Bearer ${harness.token}`, 'if-none-match': etag } });

    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.headers.get('content-type')).toBeNull();
  });
});
