import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA_DEFINITION } from '../../../src/main/engine/scim/schema/enterprise.ts';
import { GROUP_SCHEMA_DEFINITION } from '../../../src/main/engine/scim/schema/group.ts';
import type { AttributeDefinition, SchemaDefinition } from '../../../src/main/engine/scim/schema/types.ts';
import { USER_SCHEMA_DEFINITION } from '../../../src/main/engine/scim/schema/user.ts';

function attribute(schema: SchemaDefinition, path: string): AttributeDefinition {
  const [name, subName] = path.split('.');
  const top = schema.attributes.find((candidate) => candidate.name === name);
  const found = subName === undefined ? top : top?.subAttributes?.find((candidate) => candidate.name === subName);
  if (found === undefined) {
    throw new Error(`${schema.id} has no attribute ${path}`);
  }
  return found;
}

/** Every attribute and sub-attribute that RFC 7643 §4.1 defines for User, plus the common attributes of §3.1. */
const USER_PATHS = [
  'id', 'externalId', 'meta', 'meta.resourceType', 'meta.created', 'meta.lastModified', 'meta.location', 'meta.version',
  'userName', 'name', 'name.formatted', 'name.familyName', 'name.givenName', 'name.middleName', 'name.honorificPrefix',
  'name.honorificSuffix', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale',
  'timezone', 'active', 'password', 'addresses', 'addresses.formatted', 'addresses.streetAddress', 'addresses.locality',
  'addresses.region', 'addresses.postalCode', 'addresses.country', 'addresses.type', 'addresses.primary', 'groups',
  'groups.value', 'groups.$ref', 'groups.display', 'groups.type',
  ...['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509Certificates'].flatMap((name) => [
    name, `${name}.value`, `${name}.display`, `${name}.type`, `${name}.primary`,
  ]),
];

describe('User schema', () => {
  it.each(USER_PATHS)('defines %s', (path) => {
    expect(attribute(USER_SCHEMA_DEFINITION, path).name).toBe(path.split('.').at(-1));
  });

  it('defines nothing beyond RFC 7643', () => {
    const names = USER_SCHEMA_DEFINITION.attributes.flatMap((top) => [top.name, ...(top.subAttributes ?? []).map((sub) => `${top.name}.${sub.name}`)]);
    expect(names.sort()).toEqual([...USER_PATHS].sort());
  });

  it('makes userName required and unique on the server', () => {
    expect(attribute(USER_SCHEMA_DEFINITION, 'userName')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      uniqueness: 'server',
      mutability: 'readWrite',
    });
  });

  it('never returns the password', () => {
    expect(attribute(USER_SCHEMA_DEFINITION, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
  });

  it('makes id read-only, always returned and case-exact', () => {
    expect(attribute(USER_SCHEMA_DEFINITION, 'id')).toMatchObject({
      caseExact: true,
      mutability: 'readOnly',
      returned: 'always',
      uniqueness: 'server',
    });
  });

  it('makes externalId case-exact', () => {
    expect(attribute(USER_SCHEMA_DEFINITION, 'externalId').caseExact).toBe(true);
  });

  it('makes groups read-only', () => {
    expect(attribute(USER_SCHEMA_DEFINITION, 'groups')).toMatchObject({ multiValued: true, mutability: 'readOnly' });
    for (const sub of ['value', '$ref', 'display', 'type']) {
      expect(attribute(USER_SCHEMA_DEFINITION, `groups.${sub}`).mutability).toBe('readOnly');
    }
  });

  it.each([
    ['emails.type', ['work', 'home', 'other']],
    ['phoneNumbers.type', ['work', 'home', 'mobile', 'fax', 'pager', 'other']],
    ['ims.type', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']],
    ['photos.type', ['photo', 'thumbnail']],
    ['addresses.type', ['work', 'home', 'other']],
    ['groups.type', ['direct', 'indirect']],
  ])('lists the canonical values of %s', (path, values) => {
    expect(attribute(USER_SCHEMA_DEFINITION, path).canonicalValues).toEqual(values);
  });

  it.each([
    ['active', 'boolean'],
    ['profileUrl', 'reference'],
    ['photos.value', 'reference'],
    ['x509Certificates.value', 'binary'],
    ['emails.primary', 'boolean'],
    ['meta.created', 'dateTime'],
    ['meta.lastModified', 'dateTime'],
  ])('types %s as %s', (path, type) => {
    expect(attribute(USER_SCHEMA_DEFINITION, path).type).toBe(type);
  });

  it('makes the multi-valued attributes multi-valued', () => {
    for (const name of ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates']) {
      expect(attribute(USER_SCHEMA_DEFINITION, name).multiValued, name).toBe(true);
    }
  });
});

describe('enterprise User extension', () => {
  it.each(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager', 'manager.value', 'manager.$ref', 'manager.displayName'])(
    'defines %s',
    (path) => {
      expect(attribute(ENTERPRISE_USER_SCHEMA_DEFINITION, path).name).toBe(path.split('.').at(-1));
    },
  );

  it('makes manager.displayName read-only', () => {
    expect(attribute(ENTERPRISE_USER_SCHEMA_DEFINITION, 'manager.displayName').mutability).toBe('readOnly');
  });

  it('lets manager.$ref reference Users', () => {
    expect(attribute(ENTERPRISE_USER_SCHEMA_DEFINITION, 'manager.$ref')).toMatchObject({ type: 'reference', referenceTypes: ['User'] });
  });
});

describe('Group schema', () => {
  it('makes displayName required', () => {
    expect(attribute(GROUP_SCHEMA_DEFINITION, 'displayName')).toMatchObject({ type: 'string', required: true });
  });

  it('makes members multi-valued with an immutable value', () => {
    expect(attribute(GROUP_SCHEMA_DEFINITION, 'members')).toMatchObject({ type: 'complex', multiValued: true });
    expect(attribute(GROUP_SCHEMA_DEFINITION, 'members.value').mutability).toBe('immutable');
  });

  it('lists User and Group as member types', () => {
    expect(attribute(GROUP_SCHEMA_DEFINITION, 'members.type').canonicalValues).toEqual(['User', 'Group']);
  });

  it('includes the common attributes', () => {
    expect(GROUP_SCHEMA_DEFINITION.attributes.slice(0, 3).map((entry) => entry.name)).toEqual(['id', 'externalId', 'meta']);
  });
});
