import { describe, expect, it } from 'vitest';
import {
  findSubAttribute,
  getSchemaDefinition,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA_DEFINITION,
  resolveAttributePath,
  SCHEMA_DEFINITIONS,
  USER_RESOURCE_TYPE,
  USER_SCHEMA_DEFINITION,
} from '../../../src/main/engine/scim/schema/registry.ts';
import type { AttributeDefinition } from '../../../src/main/engine/scim/schema/types.ts';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../src/main/engine/scim/schema/urns.ts';

describe('resolveAttributePath', () => {
  it.each([
    ['userName', ['userName']],
    ['USERNAME', ['userName']],
    ['name.givenName', ['name', 'givenName']],
    ['NAME.GIVENNAME', ['name', 'givenName']],
    ['emails.value', ['emails', 'value']],
    ['meta.lastModified', ['meta', 'lastModified']],
    [`${USER_SCHEMA}:name.givenName`, ['name', 'givenName']],
    [`${USER_SCHEMA.toUpperCase()}:userName`, ['userName']],
    [`${ENTERPRISE_USER_SCHEMA}:manager`, [ENTERPRISE_USER_SCHEMA, 'manager']],
    [`${ENTERPRISE_USER_SCHEMA}:manager.value`, [ENTERPRISE_USER_SCHEMA, 'manager', 'value']],
    [`${ENTERPRISE_USER_SCHEMA.toLowerCase()}:EMPLOYEENUMBER`, [ENTERPRISE_USER_SCHEMA, 'employeeNumber']],
    ['groups.$ref', ['groups', '$ref']],
  ])('resolves the User path %s', (path, canonicalPath) => {
    expect(resolveAttributePath('User', path)?.canonicalPath).toEqual(canonicalPath);
  });

  it('returns the schema and definitions of an extension path', () => {
    const resolved = resolveAttributePath('User', `${ENTERPRISE_USER_SCHEMA}:manager.value`);

    expect(resolved?.schema).toBe(ENTERPRISE_USER_SCHEMA);
    expect(resolved?.attribute.name).toBe('manager');
    expect(resolved?.subAttribute?.name).toBe('value');
  });

  it('returns no sub-attribute for a top-level path', () => {
    const resolved = resolveAttributePath('User', 'userName');

    expect(resolved?.schema).toBe(USER_SCHEMA);
    expect(resolved?.subAttribute).toBeUndefined();
  });

  it.each([
    ['an unknown attribute', 'User', 'nickname2'],
    ['an unknown sub-attribute', 'User', 'name.nickName'],
    ['a sub-attribute of a simple attribute', 'User', 'userName.value'],
    ['a path two levels deep', 'User', 'name.givenName.value'],
    ['an unknown schema', 'User', 'urn:example:schema:1.0:User:userName'],
    ['the User schema on a Group', 'Group', `${USER_SCHEMA}:displayName`],
    ['the enterprise extension on a Group', 'Group', `${ENTERPRISE_USER_SCHEMA}:manager`],
    ['a User attribute on a Group', 'Group', 'userName'],
    ['an empty path', 'User', ''],
  ] as const)('returns undefined for %s', (_case, resourceType, path) => {
    expect(resolveAttributePath(resourceType, path)).toBeUndefined();
  });

  it.each([
    ['displayName', ['displayName']],
    ['members.value', ['members', 'value']],
    ['MEMBERS.TYPE', ['members', 'type']],
    [`${GROUP_SCHEMA}:members`, ['members']],
    ['id', ['id']],
    ['meta.created', ['meta', 'created']],
  ])('resolves the Group path %s', (path, canonicalPath) => {
    expect(resolveAttributePath('Group', path)?.canonicalPath).toEqual(canonicalPath);
  });
});

describe('findSubAttribute', () => {
  const name = USER_SCHEMA_DEFINITION.attributes.find((attribute) => attribute.name === 'name');

  it('finds a sub-attribute ignoring case', () => {
    expect(findSubAttribute(name!, 'FAMILYNAME')?.name).toBe('familyName');
  });

  it('returns undefined for an unknown sub-attribute', () => {
    expect(findSubAttribute(name!, 'surname')).toBeUndefined();
  });

  it('returns undefined on a simple attribute', () => {
    const userName = USER_SCHEMA_DEFINITION.attributes.find((attribute) => attribute.name === 'userName');
    expect(findSubAttribute(userName!, 'value')).toBeUndefined();
  });
});

describe('resource types', () => {
  it('serves Users with the optional enterprise extension', () => {
    expect(USER_RESOURCE_TYPE).toMatchObject({
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
    });
  });

  it('serves Groups without extensions', () => {
    expect(GROUP_RESOURCE_TYPE).toMatchObject({ name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, schemaExtensions: [] });
  });

  it('publishes the three schemas', () => {
    expect(SCHEMA_DEFINITIONS.map((schema) => schema.id)).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]);
  });

  it('finds a schema by URN ignoring case', () => {
    expect(getSchemaDefinition(GROUP_SCHEMA.toUpperCase())).toBe(GROUP_SCHEMA_DEFINITION);
  });
});

function collectNames(attributes: readonly AttributeDefinition[]): string[] {
  return attributes.flatMap((attribute) => [
    attribute.name,
    ...(attribute.subAttributes ?? []).map((sub) => `${attribute.name}.${sub.name}`),
  ]);
}

describe('schema definitions', () => {
  it('gives every attribute every characteristic', () => {
    for (const schema of SCHEMA_DEFINITIONS) {
      for (const attribute of schema.attributes.flatMap((top) => [top, ...(top.subAttributes ?? [])])) {
        expect(Object.keys(attribute)).toEqual(
          expect.arrayContaining(['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']),
        );
      }
    }
  });

  it('gives complex attributes sub-attributes and no others', () => {
    for (const schema of SCHEMA_DEFINITIONS) {
      for (const attribute of schema.attributes) {
        expect(attribute.subAttributes !== undefined, attribute.name).toBe(attribute.type === 'complex');
      }
    }
  });

  it('uses each name once per level', () => {
    for (const schema of SCHEMA_DEFINITIONS) {
      const names = collectNames(schema.attributes).map((name) => name.toLowerCase());
      expect(new Set(names).size, schema.id).toBe(names.length);
    }
  });
});
