/** The JSON syntax locator that lets error messages point at a bad body without quoting it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/main/engine/scim/json-syntax.ts';

/** Returns whether JSON.parse accepts the text. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a":1}', undefined],
    [' [1, -2.5e3, "x\\u00e9", true, null, {}] ', undefined],
    ['{"a":1,}', 7],
    ['{"password":hunter2}', 12],
    ['[1 2]', 3],
    ['"tab\there"', 4],
    ['01', 1],
    ['', 0],
  ])('locates the error in %j', (text, offset) => {
    expect(findJsonSyntaxError(text)?.offset).toBe(offset);
  });

  it('counts lines and columns from 1', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  x\n}')).toEqual({ offset: 14, line: 3, column: 3, endedEarly: false });
  });

  it('tells a text that ends too early', () => {
    expect(findJsonSyntaxError('{"a": [1, 2')).toMatchObject({ offset: 11, endedEarly: true });
  });

  it('agrees with JSON.parse on valid and damaged JSON', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', '"', '{', ']', ',', ':', 'x', '\\', '\n', '1e'))
      .map(([text, at, insert]) => {
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut + (insert === '' ? 1 : 0));
      });

    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged, fc.string()), (text) => {
        expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });
});
