import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from '../../src/main/engine/store/ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newTimeOrderedId', () => {
  it('returns a UUID version 7 with the RFC 9562 variant', () => {
    expect(newTimeOrderedId()).toMatch(UUID_V7);
  });

  it('carries the time in its first 48 bits', () => {
    const millis = Date.UTC(2026, 11, 4, 12, 0, 0);
    const id = newTimeOrderedId(millis + 1_000_000);
    const hex = id.replaceAll('-', '').slice(0, 12);
    expect(Number.parseInt(hex, 16)).toBeGreaterThanOrEqual(millis + 1_000_000);
  });

  it('sorts in creation order within one millisecond', () => {
    const millis = Date.now() + 10_000_000;
    const ids = Array.from({ length: 5_000 }, () => newTimeOrderedId(millis));
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps its order when the clock steps back', () => {
    const later = newTimeOrderedId(Date.now() + 20_000_000);
    const afterStepBack = newTimeOrderedId(Date.now());
    expect(afterStepBack > later).toBe(true);
  });
});
