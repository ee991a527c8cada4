import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../src/main/engine/scim/errors.ts';
import type { FilterNode } from '../../../src/main/engine/scim/filter/ast.ts';
import { parseFilter } from '../../../src/main/engine/scim/filter/parse.ts';
import { renderFilter } from '../../../src/main/engine/scim/filter/render.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const userNameEq = (value: string): FilterNode => ({
  kind: 'comparison',
  path: { attribute: 'userName' },
  operator: 'eq',
  value,
});

describe('parseFilter', () => {
  it('parses a comparison', () => {
    expect(parseFilter('userName eq "bjensen"')).toEqual(userNameEq('bjensen'));
  });

  it('reads operators and keywords in any case', () => {
    expect(parseFilter('userName EQ "a" AND NOT (title PR)')).toEqual({
      kind: 'and',
      left: userNameEq('a'),
      right: { kind: 'not', filter: { kind: 'present', path: { attribute: 'title' } } },
    });
  });

  it('keeps attribute names as written', () => {
    expect(parseFilter('NAME.givenNAME pr')).toEqual({
      kind: 'present',
      path: { attribute: 'NAME', subAttribute: 'givenNAME' },
    });
  });

  it('binds and tighter than or', () => {
    expect(parseFilter('userName eq "a" or userName eq "b" and userName eq "c"')).toEqual({
      kind: 'or',
      left: userNameEq('a'),
      right: { kind: 'and', left: userNameEq('b'), right: userNameEq('c') },
    });
  });

  it('binds not tighter than and', () => {
    expect(parseFilter('not userName eq "a" and userName eq "b"')).toEqual({
      kind: 'and',
      left: { kind: 'not', filter: userNameEq('a') },
      right: userNameEq('b'),
    });
  });

  it('groups with parentheses', () => {
    expect(parseFilter('(userName eq "a" or userName eq "b") and userName eq "c"')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: userNameEq('a'), right: userNameEq('b') },
      right: userNameEq('c'),
    });
  });

  it('joins repeated and from the left', () => {
    expect(parseFilter('userName eq "a" and userName eq "b" and userName eq "c"')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: userNameEq('a'), right: userNameEq('b') },
      right: userNameEq('c'),
    });
  });

  it('splits the urn from an extension path', () => {
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "26"`)).toEqual({
      kind: 'comparison',
      path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
      operator: 'eq',
      value: '26',
    });
  });

  it('parses a value path with nested logic', () => {
    expect(parseFilter('emails[type eq "work" and (primary eq true or value ew ".org")]')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'comparison', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
        right: {
          kind: 'or',
          left: { kind: 'comparison', path: { attribute: 'primary' }, operator: 'eq', value: true, unquotedText: 'true' },
          right: { kind: 'comparison', path: { attribute: 'value' }, operator: 'ew', value: '.org' },
        },
      },
    });
  });

  it('folds a condition after a value path into its filter', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'comparison', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
        right: { kind: 'comparison', path: { attribute: 'value' }, operator: 'eq', value: 'a@b.c' },
      },
    });
  });

  it('decodes JSON string escapes', () => {
    expect(parseFilter('title eq "a \\"b\\" \\\\ \\u00e9\\n"')).toMatchObject({ value: 'a "b" \\ é\n' });
  });

  it.each([
    ['42', 42],
    ['-1.5e3', -1500],
    ['0', 0],
    ['true', true],
    ['False', false],
    ['NULL', null],
  ])('reads the unquoted literal %s', (text, value) => {
    expect(parseFilter(`x eq ${text}`)).toMatchObject({ value, unquotedText: text });
  });

  // Entra ID sends unquoted values, such as `externalId eq jyoung`.
  it('reads an unquoted word as a string', () => {
    expect(parseFilter('externalId eq jyoung')).toEqual({
      kind: 'comparison',
      path: { attribute: 'externalId' },
      operator: 'eq',
      value: 'jyoung',
      unquotedText: 'jyoung',
    });
  });

  it('reads an unquoted word that starts with digits as a string', () => {
    expect(parseFilter('externalId eq 5e2b0c1a-0d4f')).toMatchObject({ value: '5e2b0c1a-0d4f' });
  });

  it('accepts tabs and repeated spaces', () => {
    expect(parseFilter('  userName\teq   "bjensen" ')).toEqual(userNameEq('bjensen'));
  });

  it('accepts $ref as a sub-attribute name', () => {
    expect(parseFilter('members.$ref pr')).toEqual({
      kind: 'present',
      path: { attribute: 'members', subAttribute: '$ref' },
    });
  });
});

interface SyntaxErrorCase {
  filter: string;
  message: string;
}

const SYNTAX_ERRORS: SyntaxErrorCase[] = [
  { filter: '', message: "Invalid filter at position 1: expected an attribute name, 'not' or '(', found end of filter" },
  { filter: 'userName "x"', message: "Invalid filter at position 10: expected a comparison operator after 'userName', found '\"x\"'" },
  { filter: 'userName eq', message: "Invalid filter at position 12: expected a value after 'eq', found end of filter" },
  { filter: 'userName eq and', message: "Invalid filter at position 13: expected a value after 'eq', found 'and'" },
  { filter: 'userName like "x"', message: "Invalid filter at position 10: expected a comparison operator after 'userName', found 'like'" },
  { filter: 'userName pr "x"', message: "Invalid filter at position 13: expected 'and', 'or' or the end of the filter, found '\"x\"'" },
  { filter: '(userName pr', message: "Invalid filter at position 13: expected 'and', 'or' or ')', found end of filter" },
  { filter: 'userName pr)', message: "Invalid filter at position 12: expected 'and', 'or' or the end of the filter, found ')'" },
  { filter: 'emails[type eq "work"', message: "Invalid filter at position 22: expected 'and', 'or' or ']', found end of filter" },
  { filter: 'emails[type[value pr]]', message: "Invalid filter at position 12: a value filter cannot contain another value filter" },
  { filter: 'emails[a.b pr]', message: "Invalid filter at position 8: expected a sub-attribute name inside '[...]', found 'a.b'" },
  { filter: 'name.givenName[value pr]', message: "Invalid filter at position 15: '[' must follow an attribute, not the sub-attribute 'name.givenName'" },
  { filter: 'emails[type pr].9 pr', message: "Invalid filter at position 16: expected a sub-attribute name after ']', found '.9'" },
  { filter: 'a.b.c pr', message: "Invalid filter at position 1: 'a.b.c' is not a valid attribute path" },
  { filter: '1abc pr', message: "Invalid filter at position 1: '1abc' is not a valid attribute path" },
  { filter: 'and pr', message: "Invalid filter at position 1: expected an attribute name, 'not' or '(', found 'and'" },
  { filter: 'title eq "abc', message: 'Invalid filter at position 10: missing closing \'"\' for the string that starts here' },
  {
    filter: 'title eq "a\\qb"',
    message: 'Invalid filter at position 10: invalid string "a\\qb". Escape quotes and backslashes with a backslash, and write line breaks as \\n',
  },
];

describe('parseFilter errors', () => {
  it.each(SYNTAX_ERRORS)('rejects $filter', ({ filter, message }) => {
    let caught: unknown;
    try {
      parseFilter(filter);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ScimError);
    expect((caught as ScimError).status).toBe(400);
    expect((caught as ScimError).scimType).toBe('invalidFilter');
    expect((caught as ScimError).message).toBe(message);
  });

  it('rejects nesting deeper than 32 levels', () => {
    const filter = `${'('.repeat(33)}title pr${')'.repeat(33)}`;
    expect(() => parseFilter(filter)).toThrow('Invalid filter at position 33: the filter is nested more than 32 levels deep');
  });

  it('accepts nesting of 32 levels', () => {
    const filter = `${'('.repeat(32)}title pr${')'.repeat(32)}`;
    expect(parseFilter(filter)).toEqual({ kind: 'present', path: { attribute: 'title' } });
  });

  it('rejects more than 100 expressions', () => {
    const filter = Array.from({ length: 101 }, () => 'title pr').join(' or ');
    expect(() => parseFilter(filter)).toThrow(/^Invalid filter at position 1201: the filter has more than 100 attribute expressions$/);
  });
});

describe('renderFilter', () => {
  it.each([
    'userName eq "bjensen"',
    '(a pr or b pr) and not (c eq 1)',
    'emails[type eq "work" and value co "@"]',
    `${ENTERPRISE}:manager.value eq "26"`,
    'externalId eq jyoung',
    'title eq "quote \\" and backslash \\\\"',
  ])('renders text that parses back to the same tree: %s', (filter) => {
    const tree = parseFilter(filter);
    expect(parseFilter(renderFilter(tree))).toEqual(tree);
  });
});
