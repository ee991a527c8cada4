import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCurrentAccessNow, describeCurrentAccessCheck } from '../../src/main/engine/audit/access-consistency.ts';
import { createReportContext } from '../../src/main/engine/audit/reports/context.ts';
import { buildAuditFixture, NAMES, TIMES, type AuditFixture } from './fixture.ts';

let fixture: AuditFixture;

beforeEach(() => {
  fixture = buildAuditFixture();
});

afterEach(() => {
  fixture.close();
});

function check() {
  return checkCurrentAccessNow(createReportContext(fixture.engine.db, TIMES.report, 'test-directory'));
}

describe('checkCurrentAccess', () => {
  it('agrees on an unchanged store', () => {
    const result = check();

    expect(result.agrees).toBe(true);
    expect(result.usersCompared).toBe(4);
    expect(result.differingUsers).toEqual([]);
    expect(describeCurrentAccessCheck(result)).toMatch(/^Agrees with the event log: .* all 4 users/);
  });

  it('finds an edited role', () => {
    fixture.engine.db.prepare("UPDATE effective_roles SET role = 'admin' WHERE user_id = ? AND scope = ?").run(fixture.users.grace, fixture.workspaces.dataScience);

    const result = check();

    expect(result.agrees).toBe(false);
    expect(result.differingUserCount).toBe(1);
    expect(result.differingUsers[0]!.userName).toBe('grace@example.com');
    expect(result.differingUsers[0]!.differences).toEqual([
      `${NAMES.dataScience}: stored admin (granted by ${NAMES.dsViewers}, since ${TIMES.moved}), the event log gives viewer (granted by ${NAMES.dsViewers}, since ${TIMES.moved})`,
      `${NAMES.dataScience}: stored admin, but the user's groups and their mappings grant viewer`,
    ]);
    expect(describeCurrentAccessCheck(result)).toContain('DIFFERS from the event log: 1 user differs (grace@example.com)');
  });

  it('finds an added role', () => {
    fixture.engine.db
      .prepare('INSERT INTO effective_roles (user_id, scope, role, since) VALUES (?, ?, ?, ?)')
      .run(fixture.users.mallory, fixture.workspaces.engineering, 'admin', TIMES.mapped);

    const result = check();

    expect(result.differingUsers.map((user) => user.userName)).toEqual(['mallory@example.com']);
    expect(result.differingUsers[0]!.differences[0]).toContain(`${NAMES.engineering}: stored admin (granted by no group, since ${TIMES.mapped}), the event log gives no role`);
  });

  it('finds an edited membership', () => {
    fixture.engine.db.prepare('DELETE FROM group_members WHERE group_id = ? AND member_id = ?').run(fixture.groups.orgAdmins, fixture.users.ada);

    const result = check();

    expect(result.differingUsers.map((user) => user.userName)).toEqual(['ada@example.com']);
    expect(result.differingUsers[0]!.differences[0]).toMatch(/^Organization: stored admin \(granted by no group/);
  });

  it('finds an edited mapping', () => {
    fixture.engine.db.prepare("UPDATE mappings SET role = 'admin' WHERE group_id = ?").run(fixture.groups.dsViewers);

    const result = check();

    // Grace is an active member of the viewers group, so the edited mapping grants her admin while her
    // stored role stays viewer. Linus is inactive and has no role either way.
    expect(result.differingUsers.map((user) => user.userName)).toEqual(['grace@example.com']);
    expect(result.differingUsers[0]!.differences).toEqual([`${NAMES.dataScience}: stored viewer, but the user's groups and their mappings grant admin`]);
  });

  it('finds an edited user', () => {
    fixture.engine.db.prepare("UPDATE users SET user_name = 'eve@example.com', active = 1 WHERE id = ?").run(fixture.users.linus);

    const result = check();

    expect(result.differingUsers[0]!.differences).toEqual([
      'userName: stored "eve@example.com", the event log gives "linus@example.com"',
      'active: stored true, the event log gives false',
      // Active again in the users table only, Linus's groups grant roles that the stored roles lack.
      `${NAMES.dataScience}: stored no role, but the user's groups and their mappings grant viewer`,
      `${NAMES.engineering}: stored no role, but the user's groups and their mappings grant admin`,
    ]);
  });

  it('finds an inserted user', () => {
    const columns = fixture.engine.db.prepare('SELECT * FROM users WHERE id = ?').get(fixture.users.mallory) as Record<string, unknown>;
    const seq = (fixture.engine.db.prepare('SELECT MAX(seq) FROM users').pluck().get() as number) + 1;
    const copy = { ...columns, id: '00000000-0000-7000-8000-000000000001', seq, user_name: 'ghost@example.com', user_name_key: 'ghost@example.com' };
    const names = Object.keys(copy);
    fixture.engine.db.prepare(`INSERT INTO users (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(copy));

    const result = check();

    expect(result.differingUsers.map((user) => user.userName)).toEqual(['ghost@example.com']);
    expect(result.differingUsers[0]!.differences).toEqual(['in the users table, but no event of the log created the user or the log records it as deleted']);
  });
});
