/**
 * One case per filter rule, each run through both back ends: the in-memory
 * evaluator and the compiled SQL on a real SQLite database.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../src/main/engine/scim/errors.ts';
import { evaluateFilter } from '../../../src/main/engine/scim/filter/evaluate.ts';
import { parseFilter } from '../../../src/main/engine/scim/filter/parse.ts';
import { ENTERPRISE_USER_SCHEMA } from '../../../src/main/engine/scim/schema/urns.ts';
import { createTestDatabase, insertGroup, insertUser, selectIds, type Resource } from './store-fixture.ts';

const ENTERPRISE = ENTERPRISE_USER_SCHEMA;

function meta(resourceType: string, created = '2026-01-01T00:00:00.000Z'): Resource {
  return { resourceType, created, lastModified: '2026-02-01T00:00:00.000Z' };
}

const USERS: Resource[] = [
  {
    id: 'u1',
    userName: 'BJensen',
    externalId: 'ext-1',
    displayName: 'Babs Jensen',
    active: true,
    password: 'secret',
    title: 'Tour Guide',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    [ENTERPRISE]: { employeeNumber: '701984', manager: { value: 'u9', displayName: 'John Smith' } },
    meta: meta('User', '2026-03-01T08:30:00.000Z'),
  },
  {
    id: 'u2',
    userName: 'mario',
    externalId: 'EXT-1',
    active: false,
    title: '',
    emails: [
      { value: 'mario@corp.example', type: 'home' },
      { value: 'mario@example.com', type: 'work' },
    ],
    meta: meta('User', '2026-03-01T07:59:00.000Z'),
  },
  { id: 'u3', userName: 'nobody', active: true, emails: [], nickName: null, meta: meta('User') },
  { id: 'u4', userName: 'percent', active: true, title: '100%_remote', meta: meta('User') },
  { id: 'u5', userName: 'emoji', active: true, title: '😀', meta: meta('User') },
];

const GROUPS: Resource[] = [
  {
    id: 'g1',
    displayName: 'Admins',
    externalId: 'x1',
    members: [
      { value: 'u1', type: 'User', display: 'Babs Jensen' },
      { value: 'g2', type: 'Group' },
    ],
    meta: meta('Group'),
  },
  { id: 'g2', displayName: 'Everyone', members: [], meta: meta('Group') },
];

const ALL_USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];

interface MatchCase {
  name: string;
  filter: string;
  expected: string[];
}

const USER_CASES: MatchCase[] = [
  { name: 'matches userName case-insensitively', filter: 'userName eq "bjensen"', expected: ['u1'] },
  { name: 'reads operators in any case', filter: 'userName EQ "bjensen"', expected: ['u1'] },
  { name: 'reads attribute names in any case', filter: 'USERNAME eq "bjensen"', expected: ['u1'] },
  { name: 'compares externalId case-sensitively', filter: 'externalId eq "EXT-1"', expected: ['u2'] },
  { name: 'compares id case-sensitively', filter: 'id eq "U1"', expected: [] },
  // Entra ID sends unquoted values, such as `externalId eq jyoung`.
  { name: 'accepts an unquoted value from Entra ID', filter: 'externalId eq ext-1', expected: ['u1'] },
  { name: 'compares an unquoted number as text', filter: `${ENTERPRISE}:employeeNumber eq 701984`, expected: ['u1'] },
  { name: 'matches any value of a multi-valued attribute', filter: 'emails.value eq "babs@jensen.org"', expected: ['u1'] },
  { name: 'compares the value sub-attribute by default', filter: 'emails eq "BABS@jensen.org"', expected: ['u1'] },
  { name: 'keeps a value filter within one element', filter: 'emails[type eq "work" and value co "corp"]', expected: [] },
  { name: 'matches a value filter on one element', filter: 'emails[type eq "home" and value co "corp"]', expected: ['u2'] },
  { name: 'tests the sub-attribute after a value filter', filter: 'emails[type eq "work"].value sw "bjensen"', expected: ['u1'] },
  { name: 'matches a boolean sub-attribute', filter: 'emails[primary eq true]', expected: ['u1'] },
  { name: 'reads a sub-attribute of a complex attribute', filter: 'name.familyName eq "jensen"', expected: ['u1'] },
  { name: 'resolves a urn-qualified core path', filter: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "Barbara"', expected: ['u1'] },
  { name: 'reads an extension attribute', filter: `${ENTERPRISE}:employeeNumber eq "701984"`, expected: ['u1'] },
  { name: 'reads an extension sub-attribute', filter: `${ENTERPRISE}:manager.value eq "u9"`, expected: ['u1'] },
  { name: 'filters inside a single complex attribute', filter: `${ENTERPRISE}:manager[value eq "u9" and displayName sw "john"]`, expected: ['u1'] },
  { name: 'finds an extension attribute without its urn', filter: 'employeeNumber eq "701984"', expected: ['u1'] },
  { name: 'finds substrings with co', filter: 'userName co "JEN"', expected: ['u1'] },
  { name: 'matches prefixes with sw', filter: 'displayName sw "babs"', expected: ['u1'] },
  { name: 'matches suffixes with ew', filter: 'emails.value ew ".ORG"', expected: ['u1'] },
  { name: 'treats percent as a plain character', filter: 'title co "%"', expected: ['u4'] },
  { name: 'treats underscore as a plain character', filter: 'title sw "_"', expected: [] },
  { name: 'matches a suffix containing underscore', filter: 'title ew "_remote"', expected: ['u4'] },
  { name: 'matches an empty substring in any string', filter: 'title co ""', expected: ['u1', 'u2', 'u4', 'u5'] },
  { name: 'orders strings after folding case', filter: 'userName gt "a" and userName lt "c"', expected: ['u1'] },
  { name: 'orders strings by code point', filter: 'title gt "\\ue000"', expected: ['u5'] },
  { name: 'compares dateTime as instants', filter: 'meta.created gt "2026-03-01T09:00:00+01:00"', expected: ['u1'] },
  { name: 'matches an equal instant in another offset', filter: 'meta.created eq "2026-03-01T09:30:00+01:00"', expected: ['u1'] },
  { name: 'compares lastModified', filter: 'meta.lastModified lt "2026-02-01T00:00:00.001Z"', expected: ALL_USERS },
  { name: 'matches booleans', filter: 'active eq false', expected: ['u2'] },
  { name: 'treats an empty string as not present', filter: 'title pr', expected: ['u1', 'u4', 'u5'] },
  { name: 'treats an empty array as not present', filter: 'emails pr', expected: ['u1', 'u2'] },
  { name: 'reads eq null as not present', filter: 'title eq null', expected: ['u2', 'u3'] },
  { name: 'reads ne null as present', filter: 'title ne null', expected: ['u1', 'u4', 'u5'] },
  { name: 'treats a null value as not present', filter: 'nickName eq null', expected: ALL_USERS },
  { name: 'needs a value for ne to match', filter: 'title ne "Tour Guide"', expected: ['u2', 'u4', 'u5'] },
  { name: 'negates a comparison on an absent value', filter: 'not (title eq "Tour Guide")', expected: ['u2', 'u3', 'u4', 'u5'] },
  { name: 'binds not without parentheses tightly', filter: 'not title pr and active eq true', expected: ['u3'] },
  { name: 'binds and tighter than or', filter: 'userName eq "mario" or userName eq "nobody" and active eq false', expected: ['u2'] },
  { name: 'groups with parentheses', filter: '(userName eq "mario" or userName eq "nobody") and active eq true', expected: ['u3'] },
  { name: 'treats an unknown attribute as absent', filter: 'foo eq "x" or foo pr', expected: [] },
  { name: 'negates an unknown attribute to true', filter: 'not (foo pr)', expected: ALL_USERS },
  { name: 'treats an unknown sub-attribute as absent', filter: 'name.nickname pr or emails[label eq "x"]', expected: [] },
  { name: 'never matches the password', filter: 'password pr or password eq "secret"', expected: [] },
  { name: 'matches meta.resourceType', filter: 'meta.resourceType eq "User"', expected: ALL_USERS },
];

const GROUP_CASES: MatchCase[] = [
  { name: 'matches Group displayName case-insensitively', filter: 'displayName eq "ADMINS"', expected: ['g1'] },
  { name: 'matches Group externalId', filter: 'externalId eq "x1"', expected: ['g1'] },
  { name: 'matches a member by value', filter: 'members.value eq "u1"', expected: ['g1'] },
  { name: 'compares members by value by default', filter: 'members eq "U1"', expected: ['g1'] },
  { name: 'filters members by type', filter: 'members[type eq "group" and value eq "g2"]', expected: ['g1'] },
  { name: 'matches member display', filter: 'members.display sw "babs"', expected: ['g1'] },
  { name: 'treats a group without members as not present', filter: 'not (members pr)', expected: ['g2'] },
  { name: 'matches meta.resourceType on Groups', filter: 'meta.resourceType eq "Group"', expected: ['g1', 'g2'] },
];

function evaluateIds(filter: string, resourceType: 'User' | 'Group', resources: Resource[]): string[] {
  const node = parseFilter(filter);
  return resources.filter((resource) => evaluateFilter(node, resourceType, resource)).map((resource) => String(resource.id));
}

function sqlIds(filter: string, resourceType: 'User' | 'Group'): string[] {
  const db = createTestDatabase();
  USERS.forEach((user) => insertUser(db, user));
  GROUPS.forEach((group) => insertGroup(db, group));
  return selectIds(db, resourceType === 'User' ? 'users' : 'groups', parseFilter(filter));
}

describe('filter on Users', () => {
  it.each(USER_CASES)('$name', ({ filter, expected }) => {
    expect(evaluateIds(filter, 'User', USERS)).toEqual(expected);
    expect(sqlIds(filter, 'User')).toEqual(expected);
  });
});

describe('filter on Groups', () => {
  it.each(GROUP_CASES)('$name', ({ filter, expected }) => {
    expect(evaluateIds(filter, 'Group', GROUPS)).toEqual(expected);
    expect(sqlIds(filter, 'Group')).toEqual(expected);
  });
});

interface ErrorCase {
  name: string;
  resourceType: 'User' | 'Group';
  filter: string;
  message: string;
}

const ERROR_CASES: ErrorCase[] = [
  {
    name: 'rejects gt on a boolean',
    resourceType: 'User',
    filter: 'active gt true',
    message: "Invalid filter: operator 'gt' cannot compare the boolean attribute 'active'. Use eq or ne.",
  },
  {
    name: 'rejects co on a dateTime',
    resourceType: 'User',
    filter: 'meta.created co "2026"',
    message: "Invalid filter: operator 'co' cannot compare the dateTime attribute 'meta.created'. Use eq, ne, gt, ge, lt or le.",
  },
  {
    name: 'rejects text that is not a dateTime',
    resourceType: 'User',
    filter: 'meta.created gt "yesterday"',
    message: 'Invalid filter: "yesterday" is not an ISO 8601 date-time such as "2026-01-31T08:00:00Z".',
  },
  {
    name: 'rejects an impossible date',
    resourceType: 'User',
    filter: 'meta.created gt "2026-02-30T00:00:00Z"',
    message: 'Invalid filter: "2026-02-30T00:00:00Z" is not an ISO 8601 date-time such as "2026-01-31T08:00:00Z".',
  },
  {
    name: 'rejects a string for a boolean',
    resourceType: 'User',
    filter: 'active eq "yes"',
    message: "Invalid filter: 'active' is a boolean attribute, so compare it with true or false, not \"yes\".",
  },
  {
    name: 'rejects comparing a complex attribute without value',
    resourceType: 'User',
    filter: 'name eq "Barbara"',
    message: "Invalid filter: 'name' is a complex attribute, so compare one of its sub-attributes, such as 'name.formatted'.",
  },
  {
    name: 'rejects gt on a complex attribute without value',
    resourceType: 'User',
    filter: 'addresses gt "a"',
    message: "Invalid filter: 'addresses' is a complex attribute, so compare one of its sub-attributes, such as 'addresses.formatted'.",
  },
  {
    name: 'rejects a value filter on a simple attribute',
    resourceType: 'User',
    filter: 'userName[value eq "x"]',
    message: "Invalid filter: 'userName' is not a complex attribute, so it cannot take a value filter '[...]'.",
  },
  {
    name: 'rejects co with null',
    resourceType: 'User',
    filter: 'title co null',
    message: "Invalid filter: operator 'co' cannot compare with null. Use 'eq null', 'ne null' or 'pr' to test for a value.",
  },
  {
    name: 'rejects meta.location',
    resourceType: 'User',
    filter: 'meta.location pr',
    message: "Invalid filter: 'meta.location' cannot be used in a filter because the store does not keep it as a value.",
  },
  {
    name: 'rejects members.$ref',
    resourceType: 'Group',
    filter: 'members.$ref pr',
    message: "Invalid filter: 'members.$ref' cannot be used in a filter because the store does not keep it as a value.",
  },
  {
    name: 'rejects an error in a branch that is not needed',
    resourceType: 'User',
    filter: 'id pr or active gt true',
    message: "Invalid filter: operator 'gt' cannot compare the boolean attribute 'active'. Use eq or ne.",
  },
];

function captureError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

describe('filter errors', () => {
  it.each(ERROR_CASES)('$name', ({ filter, resourceType, message }) => {
    const resources = resourceType === 'User' ? USERS : GROUPS;
    const inMemory = captureError(() => evaluateIds(filter, resourceType, resources));
    const inSql = captureError(() => sqlIds(filter, resourceType));

    expect(inMemory.status).toBe(400);
    expect(inMemory.scimType).toBe('invalidFilter');
    expect(inMemory.message).toBe(message);
    expect(inSql.status).toBe(400);
    expect(inSql.scimType).toBe('invalidFilter');
    expect(inSql.message).toBe(message);
  });
});
