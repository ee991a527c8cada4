/** Listing and filtering resources: GET /Users and POST /.search (RFC 7644 §3.4.2, §3.4.3). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ENTERPRISE_USER_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA, patchBody } from '../helpers/scim-bodies.ts';
import { limitClause } from '../../src/main/engine/scim/list.ts';
import type { Json } from '../helpers/scim-client.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

/** The users every filter case runs against, in creation order. */
const POPULATION: Record<string, unknown>[] = [
  {
    userName: 'ada@example.com',
    displayName: 'Ada Lovelace',
    title: 'Engineer',
    externalId: 'ext-ada',
    emails: [
      { type: 'work', value: 'ada@work.example' },
      { type: 'home', value: 'ada@home.example' },
    ],
  },
  {
    userName: 'grace@example.com',
    displayName: 'Grace Hopper',
    title: 'Admiral',
    emails: [{ type: 'work', value: 'grace@work.example' }],
  },
  {
    userName: 'linus@example.com',
    displayName: 'Linus',
    active: false,
    emails: [{ type: 'home', value: 'linus@home.example' }],
  },
  {
    userName: 'margaret@example.org',
    displayName: 'Margaret Hamilton',
    title: 'Engineer',
    [ENTERPRISE_USER_SCHEMA]: { department: 'Apollo' },
  },
];

function userNames(reply: { json: Json }): string[] {
  return (reply.json.Resources as { userName: string }[]).map((user) => user.userName);
}

function listPath(filter: string, extra = ''): string {
  return `/Users?filter=${encodeURIComponent(filter)}${extra}`;
}

describe('GET /Users with a filter', () => {
  let harness: ScimHarness;

  beforeAll(async () => {
    harness = await startScimHarness();
    for (const user of POPULATION) {
      const reply = await harness.scim('POST', '/Users', { schemas: [USER_SCHEMA], ...user });
      expect(reply.status).toBe(201);
    }
  });

  afterAll(async () => {
    await harness.close();
  });

  const cases: { rule: string; filter: string; expected: string[] }[] = [
    { rule: 'eq matches userName exactly', filter: 'userName eq "ada@example.com"', expected: ['ada@example.com'] },
    { rule: 'eq compares userName case-insensitively', filter: 'userName eq "ADA@Example.COM"', expected: ['ada@example.com'] },
    { rule: 'attribute names and operators are case-insensitive', filter: 'USERNAME Eq "ada@example.com"', expected: ['ada@example.com'] },
    {
      rule: 'ne excludes the userName whatever its case',
      filter: 'userName ne "ADA@example.com"',
      expected: ['grace@example.com', 'linus@example.com', 'margaret@example.org'],
    },
    { rule: 'co finds a substring, ignoring case', filter: 'displayName co "hop"', expected: ['grace@example.com'] },
    { rule: 'sw finds a prefix, ignoring case', filter: 'userName sw "MAR"', expected: ['margaret@example.org'] },
    {
      rule: 'pr finds users that have the attribute',
      filter: 'title pr',
      expected: ['ada@example.com', 'grace@example.com', 'margaret@example.org'],
    },
    { rule: 'not negates a group', filter: 'not (title pr)', expected: ['linus@example.com'] },
    {
      rule: 'and requires both comparisons',
      filter: 'title eq "Engineer" and active eq true',
      expected: ['ada@example.com', 'margaret@example.org'],
    },
    {
      rule: 'or accepts either comparison',
      filter: 'title eq "Admiral" or userName sw "linus"',
      expected: ['grace@example.com', 'linus@example.com'],
    },
    { rule: 'a boolean compares with eq false', filter: 'active eq false', expected: ['linus@example.com'] },
    {
      rule: 'a value path compares a sub-attribute of the matching value',
      filter: 'emails[type eq "work"].value eq "grace@work.example"',
      expected: ['grace@example.com'],
    },
    {
      rule: 'a value path with names in any case',
      filter: 'Emails[Type eq "work"].Value sw "ada"',
      expected: ['ada@example.com'],
    },
    {
      rule: 'a value filter combines conditions on one value',
      filter: 'emails[type eq "work" and value co "ada"]',
      expected: ['ada@example.com'],
    },
    {
      rule: 'a value filter does not mix conditions of two values',
      filter: 'emails[type eq "home" and value co "work"]',
      expected: [],
    },
    {
      rule: 'a dotted path matches any value of a multi-valued attribute',
      filter: 'emails.type eq "home"',
      expected: ['ada@example.com', 'linus@example.com'],
    },
    {
      rule: 'an extension attribute is addressed by its URN',
      filter: `${ENTERPRISE_USER_SCHEMA}:department eq "Apollo"`,
      expected: ['margaret@example.org'],
    },
    { rule: 'externalId is compared case-sensitively', filter: 'externalId eq "EXT-ADA"', expected: [] },
    { rule: 'externalId matches its exact value', filter: 'externalId eq "ext-ada"', expected: ['ada@example.com'] },
  ];

  it.each(cases)('$rule', async ({ filter, expected }) => {
    const reply = await harness.scim('GET', listPath(filter));

    expect(reply.status).toBe(200);
    expect(userNames(reply)).toEqual(expected);
    expect(reply.json.totalResults).toBe(expected.length);
  });

  it('returns an empty ListResponse when nothing matches', async () => {
    const reply = await harness.scim('GET', listPath('userName eq "3f2b8c1e-5a7d-4e9f-b0c3-d6a1e2f4b5c7"'));

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  const invalidFilters: { rule: string; filter: string; detail: string }[] = [
    {
      rule: 'rejects an unknown operator',
      filter: 'userName bogus "x"',
      detail: "Invalid filter at position 10: expected a comparison operator after 'userName', found 'bogus'",
    },
    {
      rule: 'rejects a comparison without a value',
      filter: 'userName eq',
      detail: "Invalid filter at position 12: expected a value after 'eq', found end of filter",
    },
    {
      rule: 'rejects an unclosed parenthesis',
      filter: '(userName eq "a"',
      detail: "Invalid filter at position 17: expected 'and', 'or' or ')', found end of filter",
    },
    {
      rule: 'rejects a dangling and',
      filter: 'userName eq "a" and',
      detail: "Invalid filter at position 20: expected an attribute name, 'not' or '(', found end of filter",
    },
  ];

  it.each(invalidFilters)('$rule with 400 invalidFilter', async ({ filter, detail }) => {
    const reply = await harness.scim('GET', listPath(filter));

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidFilter');
    expect(reply.json.status).toBe('400');
    expect(reply.json.detail).toBe(detail);
  });

  it('reads query parameter names case-insensitively', async () => {
    const reply = await harness.scim('GET', `/Users?FILTER=${encodeURIComponent('userName eq "grace@example.com"')}&Count=5`);

    expect(reply.status).toBe(200);
    expect(userNames(reply)).toEqual(['grace@example.com']);
  });

  it('sorts by userName in descending order', async () => {
    const reply = await harness.scim('GET', '/Users?sortBy=userName&sortOrder=descending');

    expect(reply.status).toBe(200);
    expect(userNames(reply)).toEqual(['margaret@example.org', 'linus@example.com', 'grace@example.com', 'ada@example.com']);
  });

  it('reads sortOrder without regard to case', async () => {
    const reply = await harness.scim('GET', '/Users?sortBy=userName&sortOrder=Descending');

    expect(reply.status).toBe(200);
    expect(userNames(reply)[0]).toBe('margaret@example.org');
  });

  it('rejects an unknown sortOrder with 400 invalidValue', async () => {
    const reply = await harness.scim('GET', '/Users?sortBy=userName&sortOrder=downwards');

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe(`'sortOrder' must be "ascending" or "descending", got "downwards".`);
  });

  it('takes the filter from a SearchRequest body on POST /Users/.search', async () => {
    const reply = await harness.scim('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title eq "Engineer"',
      attributes: ['userName'],
      startIndex: 2,
      count: 1,
    });

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 2,
      startIndex: 2,
      itemsPerPage: 1,
      Resources: [{ schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: reply.json.Resources[0].id, userName: 'margaret@example.org' }],
    });
  });
});

describe('GET /Users paging', () => {
  let harness: ScimHarness;
  let createdIds: string[];

  beforeEach(async () => {
    harness = await startScimHarness();
    createdIds = [];
    for (let index = 1; index <= 7; index += 1) {
      createdIds.push(await harness.createUser(`user${index}@example.com`));
    }
  });

  afterEach(async () => {
    await harness.close();
  });

  it('returns numeric totalResults, itemsPerPage and startIndex', async () => {
    const reply = await harness.scim('GET', '/Users?startIndex=3&count=2');

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(7);
    expect(reply.json.itemsPerPage).toBe(2);
    expect(reply.json.startIndex).toBe(3);
    expect(reply.json.Resources).toHaveLength(2);
  });

  it('pages through every user once in a stable order', async () => {
    const seen: string[] = [];

    for (let startIndex = 1; startIndex <= 7; startIndex += 3) {
      const reply = await harness.scim('GET', `/Users?startIndex=${startIndex}&count=3`);
      expect(reply.status).toBe(200);
      expect(reply.json.totalResults).toBe(7);
      seen.push(...(reply.json.Resources as { id: string }[]).map((user) => user.id));
      // A change between pages must not move users between pages.
      const patched = await harness.scim('PATCH', `/Users/${createdIds[0]}`, patchBody({ op: 'replace', path: 'displayName', value: `Seen ${startIndex}` }));
      expect(patched.status).toBe(200);
    }

    expect(seen).toEqual(createdIds);
  });

  it('returns the last partial page', async () => {
    const reply = await harness.scim('GET', '/Users?startIndex=7&count=3');

    expect(reply.json.itemsPerPage).toBe(1);
    expect(reply.json.Resources.map((user: { id: string }) => user.id)).toEqual([createdIds[6]]);
  });

  it('returns no resources past the end', async () => {
    const reply = await harness.scim('GET', '/Users?startIndex=20&count=3');

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 7, startIndex: 20, itemsPerPage: 0, Resources: [] });
  });

  it('returns only the count when count is 0', async () => {
    const reply = await harness.scim('GET', '/Users?count=0');

    expect(reply.json).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 7, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('reads a startIndex below 1 as 1', async () => {
    const reply = await harness.scim('GET', '/Users?startIndex=0&count=1');

    expect(reply.json.startIndex).toBe(1);
    expect(reply.json.Resources[0].id).toBe(createdIds[0]);
  });

  it('rejects a count that is not an integer with 400 invalidValue', async () => {
    const reply = await harness.scim('GET', '/Users?count=ten');

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe(`'count' must be an integer, got "ten".`);
  });

  const outOfRange: { rule: string; query: string; startIndex: number; itemsPerPage: number }[] = [
    { rule: 'a startIndex past the safe integers returns an empty page', query: 'startIndex=99999999999999999999&count=2', startIndex: Number.MAX_SAFE_INTEGER, itemsPerPage: 0 },
    { rule: 'a negative count returns no resources', query: 'count=-3', startIndex: 1, itemsPerPage: 0 },
    { rule: 'a count past the maximum page size returns every user', query: 'count=99999999999999999999', startIndex: 1, itemsPerPage: 7 },
  ];

  it.each(outOfRange)('$rule', async ({ query, startIndex, itemsPerPage }) => {
    const reply = await harness.scim('GET', `/Users?${query}`);

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(7);
    expect(reply.json.startIndex).toBe(startIndex);
    expect(reply.json.itemsPerPage).toBe(itemsPerPage);
  });

  it('clamps a huge startIndex on POST /.search', async () => {
    const reply = await harness.scim('POST', '/.search', { startIndex: 1e20, count: 2 });

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(7);
    expect(reply.json.itemsPerPage).toBe(0);
  });

  it('pages users then groups on POST /.search', async () => {
    const groupId = await harness.createGroup('Everyone');

    const reply = await harness.scim('POST', '/.search', { startIndex: 7, count: 5 });

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(8);
    expect(reply.json.itemsPerPage).toBe(2);
    expect(reply.json.Resources.map((resource: { id: string }) => resource.id)).toEqual([createdIds[6], groupId]);
  });
});

describe('GET /Users sorting (RFC 7644 §3.4.2.3)', () => {
  let harness: ScimHarness;

  beforeAll(async () => {
    harness = await startScimHarness();
    await harness.createUser('first', { emails: [{ value: 'c@example.com' }, { value: 'A@example.com', primary: true }] });
    await harness.createUser('second', { emails: [{ value: 'b@example.com', type: 'work' }] });
    await harness.createUser('third', { emails: [] });
    await harness.createUser('fourth', { emails: [{ value: 'd@example.com' }, { value: '0@example.com' }] });
  });

  afterAll(async () => {
    await harness.close();
  });

  const cases: { rule: string; query: string; expected: string[] }[] = [
    { rule: 'a multi-valued attribute sorts by its primary value, else its first', query: 'sortBy=emails.value', expected: ['first', 'second', 'fourth', 'third'] },
    { rule: 'a multi-valued attribute without a sub-attribute sorts by value', query: 'sortBy=emails', expected: ['first', 'second', 'fourth', 'third'] },
    { rule: 'descending order puts users without the attribute first', query: 'sortBy=emails.value&sortOrder=descending', expected: ['third', 'fourth', 'second', 'first'] },
    { rule: 'a sub-attribute other than value sorts by the primary value too', query: 'sortBy=emails.type', expected: ['second', 'first', 'third', 'fourth'] },
  ];

  it.each(cases)('$rule', async ({ query, expected }) => {
    const reply = await harness.scim('GET', `/Users?${query}`);

    expect(reply.status).toBe(200);
    expect(userNames(reply)).toEqual(expected);
  });

  it('rejects a complex attribute without a value sub-attribute', async () => {
    const reply = await harness.scim('GET', '/Users?sortBy=name');

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("'sortBy' names the complex attribute 'name', so name one of its sub-attributes, such as 'name.formatted'.");
  });
});

describe('GET /Users attribute selection', () => {
  let harness: ScimHarness;
  let adaId: string;

  beforeEach(async () => {
    harness = await startScimHarness();
    adaId = await harness.createUser('ada@example.com', {
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      title: 'Engineer',
      [ENTERPRISE_USER_SCHEMA]: { department: 'Research' },
    });
  });

  afterEach(async () => {
    await harness.close();
  });

  it('returns only id, schemas and the requested attributes', async () => {
    const reply = await harness.scim('GET', '/Users?attributes=userName,name.givenName');

    expect(reply.status).toBe(200);
    expect(reply.json.Resources).toEqual([
      { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: adaId, userName: 'ada@example.com', name: { givenName: 'Ada' } },
    ]);
  });

  it('reads attribute names case-insensitively', async () => {
    const reply = await harness.scim('GET', '/Users?attributes=USERNAME');

    expect(reply.json.Resources[0]).toEqual({ schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: adaId, userName: 'ada@example.com' });
  });

  it('selects an extension attribute by its URN', async () => {
    const reply = await harness.scim('GET', `/Users?attributes=${ENTERPRISE_USER_SCHEMA}:department`);

    expect(reply.json.Resources[0][ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Research' });
    expect(reply.json.Resources[0].userName).toBeUndefined();
  });

  it('selects a whole extension by its schema URN', async () => {
    const reply = await harness.scim('GET', `/Users/${adaId}?attributes=${ENTERPRISE_USER_SCHEMA}`);

    expect(reply.status).toBe(200);
    expect(reply.json[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Research' });
    expect(reply.json.userName).toBeUndefined();
    expect(reply.json.id).toBe(adaId);
  });

  it('excludes a whole extension by its schema URN', async () => {
    const reply = await harness.scim('POST', '/Users/.search', { excludedAttributes: [ENTERPRISE_USER_SCHEMA.toUpperCase()] });

    expect(reply.status).toBe(200);
    expect(reply.json.Resources[0][ENTERPRISE_USER_SCHEMA]).toBeUndefined();
    expect(reply.json.Resources[0].title).toBe('Engineer');
  });

  it('leaves out excluded attributes and keeps the others', async () => {
    const reply = await harness.scim('GET', '/Users?excludedAttributes=emails,name,meta');

    const user = reply.json.Resources[0];
    expect(user.emails).toBeUndefined();
    expect(user.name).toBeUndefined();
    expect(user.meta).toBeUndefined();
    expect(user.userName).toBe('ada@example.com');
    expect(user.title).toBe('Engineer');
  });

  it('never excludes id', async () => {
    const reply = await harness.scim('GET', '/Users?excludedAttributes=id');

    expect(reply.json.Resources[0].id).toBe(adaId);
  });

  it('leaves members out of a group list with excludedAttributes=members', async () => {
    await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('GET', '/Groups?excludedAttributes=members');

    expect(reply.status).toBe(200);
    expect(reply.json.Resources[0].displayName).toBe('Engineers');
    expect(reply.json.Resources[0].members).toBeUndefined();
  });

  it('includes members in a group list by default', async () => {
    await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('GET', '/Groups');

    expect(reply.json.Resources[0].members.map((member: { value: string }) => member.value)).toEqual([adaId]);
  });
});

describe('limitClause', () => {
  it('writes the page bounds into the SQL', () => {
    expect(limitClause(100, 200)).toBe('LIMIT 100 OFFSET 200');
  });

  it('rejects bounds that are not safe integers', () => {
    for (const [limit, offset] of [[1.5, 0], [10, -1], [Number.NaN, 0], [10, 2 ** 60]]) {
      expect(() => limitClause(limit!, offset!), `${limit} ${offset}`).toThrow('invalid page bounds');
    }
  });
});
