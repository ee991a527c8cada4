import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { describeEvent } from '../../src/main/engine/events/detail.ts';
import { REDACTED, redactBody, redactFilter, redactHeaders, redactPath, redactText } from '../../src/main/engine/events/redact.ts';
import { createManualClock, sendScim } from './in-process.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const BASIC = Buffer.from('okta-client:hunter2-basic').toString('base64');

describe('redactHeaders', () => {
  it('keeps the scheme of Bearer and Basic credentials', () => {
    const headers = redactHeaders({ Authorization: 'Bearer abc.def.ghi', 'proxy-authorization': `Basic ${BASIC}` });

    expect(headers).toEqual({ Authorization: `Bearer ${REDACTED}`, 'proxy-authorization': `Basic ${REDACTED}` });
  });

  it('replaces credential headers whatever their name', () => {
    const headers = redactHeaders({
      cookie: 'session=1',
      'x-api-key': 'k-123',
      'X-Auth-Token': 'tok',
      'x-client-secret': 's3',
      'accept': 'application/scim+json',
    });

    expect(headers).toEqual({
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'X-Auth-Token': REDACTED,
      'x-client-secret': REDACTED,
      accept: 'application/scim+json',
    });
  });

  it('removes credentials echoed in other headers', () => {
    expect(redactHeaders({ 'x-forwarded-auth': 'Bearer eyJhbGciOi.x1' })['x-forwarded-auth']).toBe(`Bearer ${REDACTED}`);
  });

  it('joins repeated headers and drops absent ones', () => {
    expect(redactHeaders({ 'set-cookie': ['a=1', 'b=2'], via: undefined })).toEqual({ 'set-cookie': REDACTED });
  });
});

describe('redactBody', () => {
  it('replaces password attributes at any depth', () => {
    const body = redactBody({
      userName: 'ada@example.com',
      password: 'hunter2',
      'urn:example:extension': { nested: [{ Password: 'deep', keep: 'x' }] },
    });

    expect(body).toEqual({
      userName: 'ada@example.com',
      password: REDACTED,
      'urn:example:extension': { nested: [{ Password: REDACTED, keep: 'x' }] },
    });
  });

  it('replaces OAuth client secrets and tokens in any spelling', () => {
    const body = redactBody({ client_secret: 'a', clientSecret: 'b', access_token: 'c', refresh_token: 'd', apiKey: 'e', client_id: 'keep' });

    expect(body).toEqual({
      client_secret: REDACTED,
      clientSecret: REDACTED,
      access_token: REDACTED,
      refresh_token: REDACTED,
      apiKey: REDACTED,
      client_id: 'keep',
    });
  });

  it('replaces the value of a PATCH operation on the password', () => {
    const body = redactBody({
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: 'replace', path: 'password', value: 'hunter2' },
        { op: 'Replace', path: `${USER_SCHEMA}:password`, value: 'hunter3' },
        { op: 'replace', value: { password: 'hunter4', active: false } },
        { op: 'replace', path: 'displayName', value: 'Ada' },
      ],
    });

    expect(body).toEqual({
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: 'replace', path: 'password', value: REDACTED },
        { op: 'Replace', path: `${USER_SCHEMA}:password`, value: REDACTED },
        { op: 'replace', value: { password: REDACTED, active: false } },
        { op: 'replace', path: 'displayName', value: 'Ada' },
      ],
    });
  });

  it('removes credentials inside string values', () => {
    const body = redactBody({ note: `sent with Basic ${BASIC}`, token_hint: 'x', url: 'https://svc:p4ss@idp.example.com/scim' });

    expect(body).toEqual({ note: `sent with Basic ${REDACTED}`, token_hint: REDACTED, url: `https://svc:${REDACTED}@idp.example.com/scim` });
  });
});

describe('redactPath', () => {
  it('replaces secret query parameters', () => {
    const path = redactPath('/Users?access_token=abc&filter=userName%20eq%20%22ada%22&client_secret=s&api_key=k&Password=p');

    expect(path).toBe(`/Users?access_token=${REDACTED}&filter=userName%20eq%20%22ada%22&client_secret=${REDACTED}&api_key=${REDACTED}&Password=${REDACTED}`);
  });

  it('keeps a path without a query', () => {
    expect(redactPath('/Users/2819c223')).toBe('/Users/2819c223');
  });
});

describe('redactText', () => {
  it('removes ScimDesk tokens and secrets wherever they appear', () => {
    expect(redactText('token scd_AbCdEfGh12345678 and scs_ZyXwVuTs98765432')).toBe(`token ${REDACTED} and ${REDACTED}`);
  });

  it.each([
    ['digest Zm9vYmFyMTIz', `digest ${REDACTED}`],
    ['NEGOTIATE YIIBhwYGKwYB=', `NEGOTIATE ${REDACTED}`],
    ['id sca_AbCdEfGh12345678', `id ${REDACTED}`],
    ['ldap://admin:s3cret@dc.example.com', `ldap://admin:${REDACTED}@dc.example.com`],
  ])('removes the credential in %s', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it('returns text without credentials unchanged', () => {
    expect(redactText('ada.lovelace.17@bench.example.com')).toBe('ada.lovelace.17@bench.example.com');
  });

  it('keeps prose about bearer tokens readable', () => {
    const text = 'The bearer token is not valid. Send "Authorization: Bearer <token>" or use Basic authentication.';

    expect(redactText(text)).toBe(text);
    expect(redactText('Bearer realm="ScimDesk"')).toBe('Bearer realm="ScimDesk"');
  });
});

describe('redactFilter', () => {
  it.each([
    ['password eq "s3cret"', `password eq "${REDACTED}"`],
    ['userName eq "ada" and PASSWORD ne "a\\"b"', `userName eq "ada" and PASSWORD ne "${REDACTED}"`],
    ['urn:ietf:params:scim:schemas:core:2.0:User:password eq "s3cret"', `urn:ietf:params:scim:schemas:core:2.0:User:password eq "${REDACTED}"`],
    ['not (password sw bare)', `not (password sw "${REDACTED}")`],
    ['password eq "unterminated', `password eq "${REDACTED}"`],
  ])('replaces the compared value in %s', (filter, redacted) => {
    expect(redactFilter(filter)).toBe(redacted);
  });

  it('replaces a filter with a mistyped operator on a secret', () => {
    expect(redactFilter('password xx "s3cret"')).toBe(REDACTED);
  });

  it('keeps filters on other attributes', () => {
    expect(redactFilter('userName eq "ada" and emails[type eq "work"]')).toBe('userName eq "ada" and emails[type eq "work"]');
  });

  it('keeps a presence test on a secret', () => {
    expect(redactFilter('password pr')).toBe('password pr');
  });

  it('redacts the filter of a query and of a search body', () => {
    expect(redactPath('/Users?filter=password%20eq%20%22s3cret%22&count=1')).toBe('/Users?filter=password%20eq%20%22%5Bredacted%5D%22&count=1');
    expect(redactBody({ filter: 'password eq "s3cret"', count: 1 })).toEqual({ filter: `password eq "${REDACTED}"`, count: 1 });
  });
});

describe('stored events', () => {
  let engine: Engine;

  beforeEach(() => {
    engine = Engine.openInMemory({ clock: createManualClock('2025-03-03T09:00:00.000Z') });
  });

  afterEach(() => engine.close());

  it('keep no secret of a request in any table', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const created = sendScim(
      engine,
      token,
      'POST',
      '/Users?access_token=query-secret-1',
      { schemas: [USER_SCHEMA], userName: 'ada@example.com', password: 'body-secret-2', active: true },
      { 'x-api-key': 'header-secret-3' },
    );
    const id = (created.body as { id: string }).id;
    sendScim(engine, token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'replace', path: 'password', value: 'patch-secret-4' }],
    });
    sendScim(engine, null, 'GET', '/Users', undefined, { authorization: `Basic ${BASIC}` });
    sendScim(engine, token, 'GET', `/Users?filter=${encodeURIComponent('password eq "filter-secret-5"')}`);
    sendScim(engine, token, 'GET', `/Users?filter=${encodeURIComponent('password eq "filter-secret-6" oops')}`);
    sendScim(engine, token, 'POST', '/Users/.search', { schemas: [SEARCH_SCHEMA], filter: 'password eq "filter-secret-7' });
    engine['scim'].flushReadEvents();

    const dump = JSON.stringify([
      engine.db.prepare('SELECT * FROM events').all(),
      engine.db.prepare('SELECT * FROM event_payloads').all(),
      engine.db.prepare('SELECT * FROM event_refs').all(),
    ]);
    const secrets = [token, 'query-secret-1', 'body-secret-2', 'header-secret-3', 'patch-secret-4', BASIC, 'hunter2-basic'];
    for (const secret of [...secrets, 'filter-secret-5', 'filter-secret-6', 'filter-secret-7']) {
      expect(dump, `the store contains ${secret}`).not.toContain(secret);
    }
  });

  it('show the redacted request and response in the detail', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', password: 'x1', active: 'False' });

    const detail = describeEvent(engine, engine.events.headId());

    expect(detail.payload).toBe('stored');
    expect((detail.request!.headers as Record<string, string>).authorization).toBe(`Bearer ${REDACTED}`);
    expect((detail.request!.body as Record<string, unknown>).password).toBe(REDACTED);
    expect(detail.response!.status).toBe(201);
    expect(detail.normalizations.join(' ')).toContain('False');
    expect(detail.users.map((user) => user.userName)).toEqual(['ada@example.com']);
  });
});
