/**
 * fast-check generators for the filter property tests: random Users and
 * Groups, filter text from the grammar, and syntax trees.
 */
import fc from 'fast-check';
import type { AttributePath, FilterNode } from '../../../src/main/engine/scim/filter/ast.ts';
import { COMPARISON_OPERATORS } from '../../../src/main/engine/scim/filter/ast.ts';
import { ENTERPRISE_USER_SCHEMA } from '../../../src/main/engine/scim/schema/urns.ts';
import type { Resource } from './store-fixture.ts';

const ENTERPRISE = ENTERPRISE_USER_SCHEMA;

/**
 * Characters chosen to make case folding, LIKE wildcards and code point order
 * matter. İ lower-cases to two code units, and U+E000 sorts below 😀 by code
 * point but above it by UTF-16 code unit.
 */
const CHARACTERS = ['a', 'A', 'b', 'B', 'é', 'É', 'ß', 'İ', '_', '%', '@', '.', '\ue000', '😀'];

const text = (minLength = 0): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...CHARACTERS), { minLength, maxLength: 4 }).map((chars) => chars.join(''));

/** Instants one and a half hours apart, with milliseconds, as the store writes them. */
const INSTANTS = [0, 1, 2, 3, 4].map((step) => Date.UTC(2026, 0, 1) + step * 90 * 60_000 + step * 7);

const instant = fc.constantFrom(...INSTANTS).map((time) => new Date(time).toISOString());

/** Writes an instant as an ISO 8601 date-time with the given UTC offset, such as `+05:30`. */
function formatWithOffset(time: number, offsetMinutes: number): string {
  const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

const dateTimeLiteral = fc
  .tuple(fc.constantFrom(...INSTANTS), fc.integer({ min: -2, max: 2 }), fc.constantFrom(-120, 0, 60, 330))
  .map(([time, shift, offset]) => JSON.stringify(formatWithOffset(time + shift, offset)));

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined });

const email = fc.record(
  {
    value: text(),
    type: fc.constantFrom('work', 'home', 'Work'),
    primary: fc.boolean(),
  },
  { requiredKeys: ['value'] },
);

/** A User in canonical case. Fields that are `undefined` are left out of the stored JSON. */
export const userArbitrary = (id: string): fc.Arbitrary<Resource> =>
  fc.record({
    id: fc.constant(id),
    userName: text(1),
    externalId: optional(text()),
    displayName: optional(text()),
    title: optional(fc.oneof(text(), fc.constant(null))),
    active: fc.boolean(),
    name: optional(fc.record({ givenName: text(), familyName: text() }, { requiredKeys: [] })),
    emails: optional(fc.array(email, { maxLength: 3 })),
    [ENTERPRISE]: optional(
      fc.record(
        { employeeNumber: text(), manager: fc.record({ value: text() }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
    ),
    meta: fc.record({ resourceType: fc.constant('User'), created: instant, lastModified: instant }),
  });

const member = fc.record(
  { value: fc.constantFrom('u1', 'U1', 'u2', 'g1'), type: fc.constantFrom('User', 'Group'), display: text() },
  { requiredKeys: ['value', 'type'] },
);

/** A Group in canonical case. Member values are unique within the group, as the primary key requires. */
export const groupArbitrary = (id: string): fc.Arbitrary<Resource> =>
  fc.record({
    id: fc.constant(id),
    displayName: text(1),
    externalId: optional(text()),
    members: fc.uniqueArray(member, { maxLength: 3, selector: (entry) => entry.value }),
    meta: fc.record({ resourceType: fc.constant('Group'), created: instant, lastModified: instant }),
  });

/** Spells every key of a resource in upper case when `upperCase` is true, to test case-insensitive lookup. */
export function shuffleKeyCase(resource: Resource, upperCase: boolean): Resource {
  if (!upperCase) {
    return resource;
  }
  const entries = Object.entries(resource).map(([key, value]) => {
    const nested = Array.isArray(value)
      ? value.map((item) => (isObject(item) ? shuffleKeyCase(item, true) : item))
      : isObject(value)
        ? shuffleKeyCase(value, true)
        : value;
    return [key.toUpperCase(), nested];
  });
  return Object.fromEntries(entries) as Resource;
}

function isObject(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const stringLiteral = fc.oneof(
  text().map((value) => JSON.stringify(value)),
  fc.constantFrom('12', 'true', 'aB', '"\\ue000"', '"😀"'),
);
const anyOperator = fc.constantFrom(...COMPARISON_OPERATORS);
const booleanLiteral = fc.constantFrom('true', 'false', 'True');

/** Builds filter text from the grammar over the given attribute paths. */
function filterText(paths: {
  strings: string[];
  booleans: string[];
  dateTimes: string[];
  others: string[];
  valuePaths: fc.Arbitrary<string>;
}): fc.Arbitrary<string> {
  const all = [...paths.strings, ...paths.booleans, ...paths.dateTimes, ...paths.others];
  const atom = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...paths.strings), anyOperator, stringLiteral).map((parts) => parts.join(' ')) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...paths.booleans), fc.constantFrom('eq', 'ne'), booleanLiteral).map((parts) => parts.join(' ')) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...paths.dateTimes), fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), dateTimeLiteral).map((parts) => parts.join(' ')) },
    { weight: 2, arbitrary: fc.constantFrom(...all).map((path) => `${path} pr`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...all), fc.constantFrom('eq', 'ne')).map(([path, op]) => `${path} ${op} null`) },
    { weight: 2, arbitrary: paths.valuePaths },
    // Filters that do not fit the schema: both back ends must reject them alike.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...paths.booleans), fc.constantFrom('gt', 'co')).map(([path, op]) => `${path} ${op} true`) },
  );
  return logic(atom, 3);
}

/** Combines atoms with and, or, not and parentheses, up to `depth` levels. */
function logic(atom: fc.Arbitrary<string>, depth: number): fc.Arbitrary<string> {
  if (depth === 0) {
    return atom;
  }
  const inner = logic(atom, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    {
      weight: 2,
      arbitrary: fc
        .tuple(inner, fc.constantFrom('and', 'or', 'AND', 'Or'), inner, fc.boolean())
        .map(([left, op, right, grouped]) => (grouped ? `(${left}) ${op} (${right})` : `${left} ${op} ${right}`)),
    },
    { weight: 1, arbitrary: inner.map((operand) => `not (${operand})`) },
  );
}

const emailFilter = logic(
  fc.oneof(
    fc.tuple(fc.constantFrom('value', 'TYPE', 'type'), anyOperator, stringLiteral).map((parts) => parts.join(' ')),
    fc.tuple(fc.constantFrom('primary'), fc.constantFrom('eq', 'ne'), booleanLiteral).map((parts) => parts.join(' ')),
    fc.constantFrom('value pr', 'primary pr', 'foo pr', 'display pr'),
  ),
  2,
);

/** Filter text for Users over every kind of path the store maps. */
export const userFilterArbitrary = filterText({
  strings: ['userName', 'USERNAME', 'name.givenName', 'name.familyName', 'displayName', 'title', 'externalId', 'id', 'emails', 'emails.value', 'emails.type', `${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:manager.value`, 'meta.resourceType'],
  booleans: ['active', 'emails.primary'],
  dateTimes: ['meta.created', 'meta.lastModified'],
  others: ['name', 'nickName', 'foo', 'name.foo', 'password', `${ENTERPRISE}:manager`],
  valuePaths: fc.oneof(
    emailFilter.map((inner) => `emails[${inner}]`),
    fc.tuple(emailFilter, anyOperator, stringLiteral).map(([inner, op, value]) => `emails[${inner}].value ${op} ${value}`),
    fc.tuple(anyOperator, stringLiteral).map(([op, value]) => `${ENTERPRISE}:manager[value ${op} ${value}]`),
    fc.tuple(anyOperator, stringLiteral).map(([op, value]) => `name[givenName ${op} ${value} or familyName pr]`),
  ),
});

const memberFilter = logic(
  fc.oneof(
    fc.tuple(fc.constantFrom('value', 'type', 'display'), anyOperator, stringLiteral).map((parts) => parts.join(' ')),
    fc.tuple(fc.constantFrom('value', 'type'), anyOperator, fc.constantFrom('"u1"', '"User"', '"group"')).map((parts) => parts.join(' ')),
    fc.constantFrom('display pr', 'value pr', 'foo pr'),
  ),
  2,
);

/** Filter text for Groups, including memberships. */
export const groupFilterArbitrary = filterText({
  strings: ['displayName', 'externalId', 'id', 'members', 'members.value', 'members.display', 'members.type'],
  booleans: ['active'],
  dateTimes: ['meta.created', 'meta.lastModified'],
  others: ['foo'],
  valuePaths: memberFilter.map((inner) => `members[${inner}]`),
});

const NAMES = ['userName', 'name', 'givenName', 'emails', 'value', 'type', 'manager', 'x-y_1', '$ref'];

const nameArbitrary = fc
  .tuple(fc.constantFrom(...NAMES), fc.boolean())
  .map(([name, upper]) => (upper ? name.toUpperCase() : name));

const pathArbitrary: fc.Arbitrary<AttributePath> = fc
  .record(
    {
      schema: fc.constantFrom(ENTERPRISE, ENTERPRISE.toUpperCase()),
      attribute: nameArbitrary.filter((name) => name !== '$ref'),
      subAttribute: nameArbitrary,
    },
    { requiredKeys: ['attribute'] },
  );

const elementPathArbitrary: fc.Arbitrary<AttributePath> = nameArbitrary.map((attribute) => ({ attribute }));

const BARE_WORDS = ['jyoung', 'a@b.c', 'x-1', '5e2b-9'];

const comparisonArbitrary = (path: fc.Arbitrary<AttributePath>): fc.Arbitrary<FilterNode> =>
  fc.tuple(path, anyOperator, fc.oneof(
    fc.string().map((value) => ({ value })),
    fc.integer().map((value) => ({ value, unquotedText: String(value) })),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)).map((value) => ({ value, unquotedText: String(value) })),
    fc.constantFrom('true', 'FALSE').map((word) => ({ value: word.toLowerCase() === 'true', unquotedText: word })),
    fc.constant({ value: null, unquotedText: 'null' }),
    fc.constantFrom(...BARE_WORDS).map((word) => ({ value: word, unquotedText: word })),
  )).map(([nodePath, operator, literal]) => ({ kind: 'comparison', path: nodePath, operator, ...literal }));

function treeArbitrary(path: fc.Arbitrary<AttributePath>, withValuePaths: boolean, depth: number): fc.Arbitrary<FilterNode> {
  const atoms: fc.Arbitrary<FilterNode>[] = [
    comparisonArbitrary(path),
    path.map((nodePath): FilterNode => ({ kind: 'present', path: nodePath })),
  ];
  if (withValuePaths) {
    atoms.push(
      fc.tuple(nameArbitrary, treeArbitrary(elementPathArbitrary, false, 1)).map(
        ([attribute, filter]): FilterNode => ({ kind: 'valuePath', path: { attribute }, filter }),
      ),
    );
  }
  const atom = fc.oneof(...atoms);
  if (depth === 0) {
    return atom;
  }
  const inner = treeArbitrary(path, withValuePaths, depth - 1);
  return fc.oneof(
    atom,
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), inner, inner).map(([kind, left, right]): FilterNode => ({ kind, left, right })),
    inner.map((filter): FilterNode => ({ kind: 'not', filter })),
  );
}

/** Syntax trees of the shape `parseFilter` produces. */
export const filterTreeArbitrary = treeArbitrary(pathArbitrary, true, 3);
