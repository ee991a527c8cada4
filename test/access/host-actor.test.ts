/** The actor hosts record in the events of their changes. */
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostActor } from '../../src/main/host-actor.ts';

describe('hostActor', () => {
  it('names the operating-system user', () => {
    expect(hostActor('cli')).toBe(`cli (${userInfo().username})`);
    expect(hostActor('console')).toBe(`console (${userInfo().username})`);
  });
});
