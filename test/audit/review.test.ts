import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleOutput } from '../../src/shared/api.ts';
import { createConsoleHandlers } from '../../src/main/engine/admin/console-handlers.ts';
import { dispatchConsoleCall, type DispatchResult } from '../../src/main/engine/admin/dispatch.ts';
import { verifyChain } from '../../src/main/engine/audit/chain.ts';
import { buildAuditFixture, createScimCaller, NAMES, type AuditFixture } from './fixture.ts';
import { exportJson } from './helpers.ts';

const DECIDED_AT = '2025-04-02T09:15:00.000Z';
const SIGNED_AT = '2025-04-03T16:00:00.000Z';

describe('access review', () => {
  let fixture: AuditFixture;
  let call: (method: string, input: unknown) => DispatchResult;

  beforeEach(() => {
    fixture = buildAuditFixture();
    const handlers = createConsoleHandlers(fixture.engine, { version: 'test', transport: 'http', actor: 'console' });
    call = (method, input) => dispatchConsoleCall(handlers, method, input);
  });

  afterEach(() => {
    fixture.close();
  });

  function ok<T>(result: DispatchResult): T {
    if (!result.ok) {
      throw new Error(`call failed: ${result.error.message}`);
    }
    return result.output as T;
  }

  function start(): ConsoleOutput<'startReview'> {
    return ok(call('startReview', { name: 'Q1 2025', reviewer: 'Rita Reviewer' }));
  }

  it('covers every granted role and no plain member', () => {
    const review = start();

    const page = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id }));

    expect(review.itemCount).toBe(4);
    expect(page.items.map((item) => [item.userName, item.scopeName, item.role, item.decision])).toEqual([
      ['ada@example.com', 'Organization', 'admin', null],
      ['ada@example.com', NAMES.dataScience, 'admin', null],
      ['ada@example.com', NAMES.engineering, 'admin', null],
      ['grace@example.com', NAMES.dataScience, 'viewer', null],
    ]);
    expect(review.headEventId).toBe(fixture.engine.events.headId());
  });

  it('records decisions as chained events and exports them', async () => {
    const review = start();
    const { ada, grace } = fixture.users;
    fixture.clock.set(DECIDED_AT);

    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: ada, scope: 'organization' }], decision: 'keep' }));
    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: ada, scope: fixture.workspaces.dataScience }, { userId: ada, scope: fixture.workspaces.engineering }], decision: 'keep' }));
    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: grace, scope: fixture.workspaces.dataScience }], decision: 'revoke', comment: 'Left the team in March.' }));
    fixture.clock.set(SIGNED_AT);
    const signed = ok<ConsoleOutput<'signOffReview'>>(call('signOffReview', { reviewId: review.id, reviewer: 'Rita Reviewer' }));
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });

    expect(signed).toMatchObject({ signedOffAt: SIGNED_AT, signedOffBy: 'Rita Reviewer', decided: { keep: 3, revoke: 1, change: 0 } });
    const graceRow = report.sections.review!.rows.find((row) => row.userId === grace)!;
    expect(graceRow).toMatchObject({ decision: 'revoke', comment: 'Left the team in March.', decidedBy: 'Rita Reviewer', decidedAt: DECIDED_AT, role: 'viewer', scope: NAMES.dataScience });
    expect(report.details).toContainEqual({ label: 'Status', value: `Signed off under the name Rita Reviewer (not verified) at ${SIGNED_AT}, recorded actor console` });
    expect(report.details).toContainEqual({ label: 'Reviewer (as named when the review started)', value: 'Rita Reviewer' });
    expect(report.summary.figures).toContainEqual({ label: 'Undecided', value: 0 });
    const events = fixture.engine.events.list(undefined, 3).events.map((event) => event.summary);
    expect(events[0]).toMatch(/^Exported the review report \(json\) at event log head \d+, file SHA-256 [0-9a-f]{64}$/);
    expect(events[1]).toBe('Signed off the access review "Q1 2025" under the name Rita Reviewer: keep 3, revoke 1, change 0');
    expect(events[2]).toBe('Access review "Q1 2025": Revoke viewer in Data Science for grace@example.com from Okta production: Left the team in March.');
    expect(verifyChain(fixture.engine.db).ok).toBe(true);
  });

  it('reports the recorded actor beside the named reviewer', async () => {
    const review = start();
    const cliHandlers = createConsoleHandlers(fixture.engine, { version: 'test', transport: 'http', actor: 'cli (bob)' });
    const { ada, grace } = fixture.users;

    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: ada, scope: 'organization' }], decision: 'keep' }));
    ok(dispatchConsoleCall(cliHandlers, 'setReviewDecision', { reviewId: review.id, items: [{ userId: grace, scope: fixture.workspaces.dataScience }], decision: 'revoke' }));
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });
    const rows = report.sections.review!.rows;

    expect(rows.find((row) => row.userId === ada && row.scope === 'Organization')).toMatchObject({ decidedBy: 'Rita Reviewer', decidedVia: 'console' });
    expect(rows.find((row) => row.userId === grace)).toMatchObject({ decidedBy: 'Rita Reviewer', decidedVia: 'cli (bob)' });
    expect(rows.find((row) => row.userId === ada && row.scope === NAMES.engineering)).toMatchObject({ decidedBy: null, decidedVia: null });
    expect(report.details).toContainEqual({ label: 'Started by (recorded actor)', value: 'console' });
    const authentication = report.details.find((detail) => detail.label === 'Reviewer authentication');
    expect(authentication?.value).toContain('The console does not authenticate reviewers');
  });

  it('shows the recorded actor in the console rows', () => {
    const review = start();

    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: fixture.users.grace, scope: fixture.workspaces.dataScience }], decision: 'keep' }));
    const page = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id, search: 'grace' }));

    expect(page.items[0]).toMatchObject({ decidedBy: 'Rita Reviewer', decidedVia: 'console' });
    expect(page.review).toMatchObject({ reviewer: 'Rita Reviewer', startedBy: 'console', signedOffVia: null });
  });

  it('says decisions are recorded, not applied', async () => {
    const review = start();
    const { ada, grace } = fixture.users;
    const items = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id })).items.map((item) => ({ userId: item.userId, scope: item.scope }));
    ok(call('setReviewDecision', { reviewId: review.id, items, decision: 'keep' }));
    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: grace, scope: fixture.workspaces.dataScience }], decision: 'revoke' }));
    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: ada, scope: fixture.workspaces.engineering }], decision: 'change', newRole: 'editor' }));
    ok(call('signOffReview', { reviewId: review.id, reviewer: 'Rita Reviewer' }));

    const signedOff = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });
    const rowOf = (report: typeof signedOff, userId: string, scope: string) => report.sections.review!.rows.find((row) => row.userId === userId && row.scopeId === scope);

    const decisions = signedOff.details.find((detail) => detail.label === 'Decisions');
    expect(decisions?.value).toContain('Recorded, not applied.');
    expect(decisions?.value).toContain('change the mapping (for example in a draft) or the group membership in the identity provider');
    expect(rowOf(signedOff, grace, fixture.workspaces.dataScience)).toMatchObject({ decision: 'revoke', currentRole: 'viewer', accessMatchesDecision: false });
    expect(rowOf(signedOff, ada, fixture.workspaces.engineering)).toMatchObject({ decision: 'change', newRole: 'editor', currentRole: 'admin', accessMatchesDecision: false });
    expect(rowOf(signedOff, ada, 'organization')).toMatchObject({ decision: 'keep', currentRole: 'admin', accessMatchesDecision: true });

    // Carrying out the revoke in the identity provider: Grace leaves the viewers group.
    fixture.scim('PATCH', `/Groups/${fixture.groups.dsViewers}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${grace}"]` }] }, 204);
    const carriedOut = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });

    expect(rowOf(carriedOut, grace, fixture.workspaces.dataScience)).toMatchObject({ decision: 'revoke', currentRole: null, accessMatchesDecision: true });
  });

  it('names the connection of each decided account', () => {
    const { token } = fixture.engine.createConnection('okta', 'Okta staging', 'test');
    const staging = createScimCaller(fixture.engine, token);
    const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
    const groupSchema = 'urn:ietf:params:scim:schemas:core:2.0:Group';
    const twin = staging('POST', '/Users', { schemas: [userSchema], userName: 'grace@example.com', active: true }, 201).id as string;
    const group = staging('POST', '/Groups', { schemas: [groupSchema], displayName: 'staging-viewers', members: [{ value: twin }] }, 201).id as string;
    fixture.engine.addMapping(group, { kind: 'workspace', workspaceId: fixture.workspaces.dataScience, role: 'viewer' }, 'test');
    const review = start();

    for (const userId of [fixture.users.grace, twin]) {
      ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId, scope: fixture.workspaces.dataScience }], decision: 'revoke', comment: 'duplicate account' }));
    }
    const summaries = fixture.engine.events.list(undefined, 2).events.map((event) => event.summary);

    expect(summaries).toEqual([
      'Access review "Q1 2025": Revoke viewer in Data Science for grace@example.com from Okta staging: duplicate account',
      'Access review "Q1 2025": Revoke viewer in Data Science for grace@example.com from Okta production: duplicate account',
    ]);
  });

  it('refuses sign-off while roles lack a decision', () => {
    const review = start();

    const result = call('signOffReview', { reviewId: review.id, reviewer: 'Rita Reviewer' });

    expect(result).toMatchObject({ ok: false, status: 422, error: { code: 'refused' } });
    expect(result.ok ? undefined : result.error.message).toBe('The access review "Q1 2025" has 4 of 4 roles without a decision. Decide on each role, then sign off.');
  });

  it('refuses decisions after sign-off', () => {
    const review = start();
    const items = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id })).items.map((item) => ({ userId: item.userId, scope: item.scope }));
    ok(call('setReviewDecision', { reviewId: review.id, items, decision: 'keep' }));
    ok(call('signOffReview', { reviewId: review.id, reviewer: 'Rita' }));

    const result = call('setReviewDecision', { reviewId: review.id, items: items.slice(0, 1), decision: 'revoke' });

    expect(result).toMatchObject({ ok: false, status: 422, error: { code: 'refused' } });
    expect(result.ok ? undefined : result.error.message).toContain('was signed off at');
  });

  it('rejects a change decision without the role', () => {
    const review = start();
    const before = fixture.engine.events.headId();

    for (const comment of [undefined, '', 'editor']) {
      const result = call('setReviewDecision', { reviewId: review.id, items: [{ userId: fixture.users.grace, scope: fixture.workspaces.dataScience }], decision: 'change', comment });

      expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'invalid' } });
      expect(result.ok ? undefined : result.error.message).toContain('needs the role to give instead');
    }
    expect(fixture.engine.events.headId()).toBe(before);
  });

  it('records the new role of a change decision', async () => {
    const review = start();
    const grace = { userId: fixture.users.grace, scope: fixture.workspaces.dataScience };

    ok(call('setReviewDecision', { reviewId: review.id, items: [grace], decision: 'change', newRole: 'editor', comment: 'Leads the team now.' }));
    const page = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id, search: 'grace' }));
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review', reviewId: review.id });

    expect(page.items[0]).toMatchObject({ decision: 'change', newRole: 'editor', comment: 'Leads the team now.' });
    expect(report.sections.review!.rows.find((row) => row.userId === fixture.users.grace)).toMatchObject({ decision: 'change', newRole: 'editor' });
    expect(report.sections.review!.rows.find((row) => row.userId === fixture.users.ada)).toMatchObject({ decision: null, newRole: null });
    // The newest event records the export, so the decision is the one before it.
    expect(fixture.engine.events.list(undefined, 2).events[1]!.summary).toBe(
      'Access review "Q1 2025": Change viewer to editor in Data Science for grace@example.com from Okta production: Leads the team now.',
    );
  });

  it.each([
    { rule: 'the role the user has', item: 'grace', decision: 'change', newRole: 'viewer', message: 'grace@example.com already has viewer in Data Science. Choose a different role, or keep it.' },
    { rule: 'an organization role', item: 'ada', decision: 'change', newRole: 'editor', message: 'ada@example.com is an organization admin, which has no other role to change to. Keep or revoke it.' },
    { rule: 'a keep decision', item: 'grace', decision: 'keep', newRole: 'editor', message: 'Only a "change" decision takes a new role, not "keep".' },
  ])('rejects a new role for $rule', ({ item, decision, newRole, message }) => {
    const review = start();
    const before = fixture.engine.events.headId();
    const target = item === 'ada' ? { userId: fixture.users.ada, scope: 'organization' } : { userId: fixture.users.grace, scope: fixture.workspaces.dataScience };

    const result = call('setReviewDecision', { reviewId: review.id, items: [target], decision, newRole });

    expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'invalid', message } });
    expect(fixture.engine.events.headId()).toBe(before);
  });

  it('refuses sign-off with a change decision that lacks the role', () => {
    const review = start();
    const items = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id })).items.map((item) => ({ userId: item.userId, scope: item.scope }));
    ok(call('setReviewDecision', { reviewId: review.id, items, decision: 'keep' }));
    // A decision stored before the rule existed.
    fixture.engine.db.prepare("UPDATE review_decisions SET decision = 'change', comment = '' WHERE review_id = ? AND user_id = ? AND scope = 'organization'").run(review.id, fixture.users.ada);

    const result = call('signOffReview', { reviewId: review.id, reviewer: 'Rita Reviewer' });

    expect(result).toMatchObject({ ok: false, status: 422, error: { code: 'refused' } });
    expect(result.ok ? undefined : result.error.message).toBe(
      'The access review "Q1 2025" has 1 "change" decision without the role to give instead. Decide each one again with its new role, then sign off.',
    );
  });

  it('rejects an item the review does not cover and changes nothing', () => {
    const review = start();
    const before = fixture.engine.events.headId();

    const result = call('setReviewDecision', { reviewId: review.id, items: [{ userId: fixture.users.mallory, scope: 'organization' }], decision: 'keep' });

    expect(result).toMatchObject({ ok: false, status: 404, error: { code: 'not-found' } });
    expect(fixture.engine.events.headId()).toBe(before);
  });

  it('rejects an unknown decision before the engine sees it', () => {
    const review = start();

    const result = call('setReviewDecision', { reviewId: review.id, items: [{ userId: fixture.users.ada, scope: 'organization' }], decision: 'approve' });

    expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'invalid' } });
  });

  it('pages, searches and filters undecided rows', () => {
    const review = start();
    ok(call('setReviewDecision', { reviewId: review.id, items: [{ userId: fixture.users.ada, scope: 'organization' }], decision: 'revoke', comment: 'Should be a workspace admin only.' }));

    const search = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id, search: 'GRACE' }));
    const undecided = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id, undecidedOnly: true, limit: 2, offset: 1 }));

    expect(search.items.map((item) => item.userName)).toEqual(['grace@example.com']);
    expect(undecided.total).toBe(3);
    expect(undecided.items.map((item) => item.scopeName)).toEqual([NAMES.engineering, NAMES.dataScience]);
    expect(undecided.review.decided.revoke).toBe(1);
  });

  it('keeps the roles of its start while access changes', async () => {
    const review = start();

    fixture.scim('PATCH', `/Users/${fixture.users.grace}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }, 200);
    const page = ok<ConsoleOutput<'listReviewRows'>>(call('listReviewRows', { reviewId: review.id }));
    const report = await exportJson(fixture.engine, fixture.dataDir, { kind: 'review' });

    expect(page.total).toBe(4);
    expect(report.sections.review!.rows).toHaveLength(4);
    expect(report.details).toContainEqual({ label: 'Status', value: 'Draft: not signed off, 4 roles without a decision' });
  });

  it('reports a missing review with a next step', async () => {
    const result = call('listReviewRows', { reviewId: 'nope' });

    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.ok ? undefined : result.error.message).toBe('No access review has the id "nope". List the reviews to find its id.');
    await expect(exportJson(fixture.engine, fixture.dataDir, { kind: 'review' })).rejects.toThrow('There is no access review yet.');
  });
});
