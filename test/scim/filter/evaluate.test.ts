import { describe, expect, it } from 'vitest';
import { createFilterPredicate, evaluateFilter } from '../../../src/main/engine/scim/filter/evaluate.ts';
import { parseFilter } from '../../../src/main/engine/scim/filter/parse.ts';

describe('evaluateFilter', () => {
  it('reads resource keys in any case', () => {
    const resource = { USERNAME: 'Ann', Name: { GivenName: 'Ann' }, EMAILS: [{ VALUE: 'a@x.org', Type: 'work' }] };

    expect(evaluateFilter(parseFilter('userName eq "ann"'), 'User', resource)).toBe(true);
    expect(evaluateFilter(parseFilter('name.givenName eq "ann"'), 'User', resource)).toBe(true);
    expect(evaluateFilter(parseFilter('emails[type eq "work"].value eq "a@x.org"'), 'User', resource)).toBe(true);
  });

  it('reads the extension key in any case', () => {
    const resource = { 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { department: 'Sales' } };
    const filter = parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales"');

    expect(evaluateFilter(filter, 'User', resource)).toBe(true);
  });

  it('prefers the canonical key over another spelling', () => {
    const resource = { userName: 'ann', USERNAME: 'bob' };

    expect(evaluateFilter(parseFilter('userName eq "ann"'), 'User', resource)).toBe(true);
  });

  it('skips values of the wrong JSON type', () => {
    const resource = { title: 42, emails: ['a@x.org', { value: 'b@x.org' }] };

    expect(evaluateFilter(parseFilter('title eq "42"'), 'User', resource)).toBe(false);
    expect(evaluateFilter(parseFilter('emails eq "a@x.org"'), 'User', resource)).toBe(false);
    expect(evaluateFilter(parseFilter('emails eq "b@x.org"'), 'User', resource)).toBe(true);
  });

  it('normalizes dateTime values in the resource', () => {
    const resource = { meta: { created: '2026-03-01T09:30:00+01:00' } };

    expect(evaluateFilter(parseFilter('meta.created eq "2026-03-01T08:30:00Z"'), 'User', resource)).toBe(true);
  });
});

describe('createFilterPredicate', () => {
  it('tests many resources with one filter', () => {
    const isActive = createFilterPredicate(parseFilter('active eq true'), 'User');

    expect([{ active: true }, { active: false }, {}].map(isActive)).toEqual([true, false, false]);
  });

  it('checks the filter before any resource is tested', () => {
    expect(() => createFilterPredicate(parseFilter('active gt true'), 'User')).toThrow(
      "Invalid filter: operator 'gt' cannot compare the boolean attribute 'active'. Use eq or ne.",
    );
  });
});
