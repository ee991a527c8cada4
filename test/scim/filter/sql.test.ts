import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../../src/main/engine/scim/filter/evaluate.ts';
import { parseFilter } from '../../../src/main/engine/scim/filter/parse.ts';
import { compileFilter, registerScimFunctions } from '../../../src/main/engine/scim/filter/sql.ts';
import { createTestDatabase, insertGroup, insertUser, selectIds, type Resource } from './store-fixture.ts';

describe('compileFilter', () => {
  it('sends request values only as parameters', () => {
    const compiled = compileFilter(parseFilter(`userName eq "x' OR 1=1 --"`), 'User');

    expect(compiled.sql).toBe('r.user_name_key = ?');
    expect(compiled.params).toEqual(["x' or 1=1 --"]);
  });

  it('spells JSON paths from the schema', () => {
    const compiled = compileFilter(parseFilter('NAME.GIVENNAME eq "Ann"'), 'User');

    expect(compiled.sql).toBe(
      `(scim_fold(json_extract(r.doc, '$."name"."givenName"')) = ? AND json_extract(r.doc, '$."name"."givenName"') IS NOT NULL)`,
    );
    expect(compiled.params).toEqual(['ann']);
  });

  it('quotes the extension urn in JSON paths', () => {
    const compiled = compileFilter(
      parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:MANAGER.value eq "m1"'),
      'User',
    );

    expect(compiled.sql).toContain(`'$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."manager"."value"'`);
  });

  it('compiles an unknown attribute to false', () => {
    expect(compileFilter(parseFilter('foo eq "x"'), 'User')).toEqual({ sql: '0', params: [], atMostOneRow: false, absentPaths: ['foo'] });
  });

  it('compares caseExact columns without folding', () => {
    expect(compileFilter(parseFilter('externalId eq "A"'), 'User')).toEqual({
      sql: '(r.external_id = ? AND r.external_id IS NOT NULL)',
      params: ['A'],
      atMostOneRow: false,
      absentPaths: [],
    });
  });

  it('marks equality on a unique key as matching at most one row', () => {
    expect(compileFilter(parseFilter('userName eq "Ada"'), 'User').atMostOneRow).toBe(true);
    expect(compileFilter(parseFilter('id eq "2819c223"'), 'User').atMostOneRow).toBe(true);
    expect(compileFilter(parseFilter('id eq "e9e30dba"'), 'Group').atMostOneRow).toBe(true);
    expect(compileFilter(parseFilter('userName eq "Ada" or userName eq "Bo"'), 'User').atMostOneRow).toBe(false);
    expect(compileFilter(parseFilter('userName sw "Ada"'), 'User').atMostOneRow).toBe(false);
    expect(compileFilter(parseFilter('displayName eq "Sales"'), 'Group').atMostOneRow).toBe(false);
  });

  it('binds booleans as 1 and 0', () => {
    expect(compileFilter(parseFilter('active eq true or active eq false'), 'User').params).toEqual([1, 0]);
  });

  it.each([
    ['userName eq "Ann"', 'users_user_name_key'],
    ['externalId eq "e1"', 'users_external_id'],
  ])('lets SQLite use an index for %s', (filter, index) => {
    const db = createTestDatabase();
    db.exec('CREATE INDEX users_user_name_key ON users (connection_id, user_name_key)');
    db.exec('CREATE INDEX users_external_id ON users (connection_id, external_id)');
    const compiled = compileFilter(parseFilter(filter), 'User');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM users r WHERE r.connection_id = ? AND ${compiled.sql}`)
      .all('c1', ...compiled.params) as { detail: string }[];

    expect(plan.map((step) => step.detail).join('\n')).toContain(`USING INDEX ${index}`);
  });
});

describe('largest accepted filters', () => {
  it.each([
    ['100 comparisons', Array.from({ length: 100 }, (_, index) => `name.givenName ew "w${index}"`).join(' and ')],
    ['33 value filters', Array.from({ length: 33 }, (_, index) => `emails[type eq "w${index}" and not (value co "x")]`).join(' or ')],
    ['16 nested not', `${'not ('.repeat(16)}title pr${')'.repeat(16)}`],
  ])('runs %s in SQLite', (_case, filter) => {
    const db = createTestDatabase();
    insertUser(db, { id: 'u1', userName: 'ann', active: true });

    expect(() => selectIds(db, 'users', parseFilter(filter))).not.toThrow();
  });
});

describe('registerScimFunctions', () => {
  it('registers scim_fold', () => {
    const db = new Database(':memory:');
    registerScimFunctions(db);

    expect(db.prepare("SELECT scim_fold('ÀbC') AS text, scim_fold(5) AS number").get()).toEqual({ text: 'àbc', number: 5 });
  });
});

describe('groups of a User', () => {
  const users: Resource[] = [
    { id: 'u1', userName: 'ann', active: true, groups: [{ value: 'g1', display: 'Admins', type: 'direct' }] },
    { id: 'u2', userName: 'bob', active: true, groups: [] },
  ];

  function setUp(): Database.Database {
    const db = createTestDatabase();
    users.forEach((user) => insertUser(db, { ...user, groups: undefined }));
    insertGroup(db, { id: 'g1', displayName: 'Admins', members: [{ value: 'u1', type: 'User' }] });
    return db;
  }

  it.each([
    ['groups.value eq "G1"', ['u1']],
    ['groups eq "g1"', ['u1']],
    ['groups[display eq "admins" and type eq "direct"]', ['u1']],
    ['groups pr', ['u1']],
    ['not (groups pr)', ['u2']],
  ])('reads group_members for %s', (filter, expected) => {
    const node = parseFilter(filter);
    const inMemory = users.filter((user) => evaluateFilter(node, 'User', user)).map((user) => user.id);

    expect(selectIds(setUp(), 'users', node)).toEqual(expected);
    expect(inMemory).toEqual(expected);
  });
});
