/**
 * The core User schema (RFC 7643 §4.1, published form in §8.7.1), together with
 * the attribute defaults of §2.2 and the common attributes of §3.1 that the
 * Group schema shares.
 */
import type { AttributeDefinition, AttributeType, SchemaDefinition } from './types.ts';
import { USER_SCHEMA } from './urns.ts';

/** Characteristics that a definition may set. The rest take the RFC 7643 §2.2 defaults. */
export type AttributeCharacteristics = Partial<
  Omit<AttributeDefinition, 'name' | 'type' | 'description'>
>;

/**
 * Builds an attribute definition, filling each characteristic it omits with the
 * RFC 7643 §2.2 default: single-valued, not required, caseExact false, readWrite,
 * returned by default, no uniqueness.
 */
export function defineAttribute(
  name: string,
  type: AttributeType,
  description: string,
  characteristics: AttributeCharacteristics = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...characteristics,
  };
}

/**
 * Builds one of the User's multi-valued complex attributes that have the
 * value, display, type and primary sub-attributes (RFC 7643 §2.4, §4.1.2).
 */
function defineMultiValuedAttribute(
  name: string,
  description: string,
  valueType: AttributeType,
  typeValues: string[],
): AttributeDefinition {
  const value = defineAttribute('value', valueType, `The ${name} value.`);
  if (valueType === 'reference') {
    value.referenceTypes = ['external'];
  }
  const type = defineAttribute('type', 'string', `A label for the function of the value, such as ${typeValues[0] ?? 'work'}.`);
  if (typeValues.length > 0) {
    type.canonicalValues = typeValues;
  }
  return defineAttribute(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      value,
      defineAttribute('display', 'string', 'A human-readable name for the value.'),
      type,
      defineAttribute('primary', 'boolean', 'Whether this value is the preferred one; at most one value is primary.'),
    ],
  });
}

/**
 * The attributes every resource has (RFC 7643 §3.1). `id` is not marked
 * required because the service provider assigns it and clients do not send it.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  defineAttribute('id', 'string', 'The identifier the service provider assigned to the resource.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  defineAttribute('externalId', 'string', 'The identifier the provisioning client uses for the resource.', {
    caseExact: true,
  }),
  defineAttribute('meta', 'complex', 'Resource metadata maintained by the service provider.', {
    mutability: 'readOnly',
    subAttributes: [
      defineAttribute('resourceType', 'string', 'The name of the resource type.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      defineAttribute('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      defineAttribute('lastModified', 'dateTime', 'When the resource was last changed.', {
        mutability: 'readOnly',
      }),
      defineAttribute('location', 'reference', 'The URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      defineAttribute('version', 'string', 'The entity tag of this version of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
];

const nameAttribute = defineAttribute('name', 'complex', "The components of the user's name.", {
  subAttributes: [
    defineAttribute('formatted', 'string', 'The full name, formatted for display.'),
    defineAttribute('familyName', 'string', 'The family name, or last name in most Western languages.'),
    defineAttribute('givenName', 'string', 'The given name, or first name in most Western languages.'),
    defineAttribute('middleName', 'string', 'The middle name or names.'),
    defineAttribute('honorificPrefix', 'string', 'The honorific prefix, such as Ms. or Dr.'),
    defineAttribute('honorificSuffix', 'string', 'The honorific suffix, such as III.'),
  ],
});

const addressesAttribute = defineAttribute('addresses', 'complex', 'Physical mailing addresses.', {
  multiValued: true,
  subAttributes: [
    defineAttribute('formatted', 'string', 'The full address, formatted for display or a mailing label.'),
    defineAttribute('streetAddress', 'string', 'The street, house number and any other street-level details.'),
    defineAttribute('locality', 'string', 'The city or locality.'),
    defineAttribute('region', 'string', 'The state or region.'),
    defineAttribute('postalCode', 'string', 'The postal code.'),
    defineAttribute('country', 'string', 'The country as an ISO 3166-1 alpha-2 code.'),
    defineAttribute('type', 'string', 'A label for the address, such as work or home.', {
      canonicalValues: ['work', 'home', 'other'],
    }),
    defineAttribute('primary', 'boolean', 'Whether this is the preferred mailing address.'),
  ],
});

const readOnly = { mutability: 'readOnly' } as const;

const groupsAttribute = defineAttribute('groups', 'complex', 'The groups the user belongs to, maintained by the service provider.', {
  multiValued: true,
  mutability: 'readOnly',
  subAttributes: [
    defineAttribute('value', 'string', 'The id of the group.', readOnly),
    defineAttribute('$ref', 'reference', 'The URI of the group.', { ...readOnly, referenceTypes: ['User', 'Group'] }),
    defineAttribute('display', 'string', 'The display name of the group.', readOnly),
    defineAttribute('type', 'string', 'Whether the membership is direct or through a nested group.', {
      ...readOnly,
      canonicalValues: ['direct', 'indirect'],
    }),
  ],
});

/** The core User schema with every attribute of RFC 7643 §4.1 and the common attributes of §3.1. */
export const USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    ...COMMON_ATTRIBUTES,
    defineAttribute('userName', 'string', 'The unique identifier the user signs in with.', {
      required: true,
      uniqueness: 'server',
    }),
    nameAttribute,
    defineAttribute('displayName', 'string', 'The name of the user, suitable for display.'),
    defineAttribute('nickName', 'string', 'The casual name of the user.'),
    defineAttribute('profileUrl', 'reference', "The URL of the user's online profile.", {
      referenceTypes: ['external'],
    }),
    defineAttribute('title', 'string', "The user's job title."),
    defineAttribute('userType', 'string', "The user's relation to the organization, such as Employee or Contractor."),
    defineAttribute('preferredLanguage', 'string', "The user's preferred written or spoken language, as in the HTTP Accept-Language header."),
    defineAttribute('locale', 'string', "The user's default location for formatting, as a language tag such as en-US."),
    defineAttribute('timezone', 'string', "The user's time zone as an IANA name, such as Europe/Paris."),
    defineAttribute('active', 'boolean', "The user's administrative status."),
    defineAttribute('password', 'string', "The user's clear-text password, accepted on writes and never returned.", {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    defineMultiValuedAttribute('emails', 'Email addresses.', 'string', ['work', 'home', 'other']),
    defineMultiValuedAttribute('phoneNumbers', 'Phone numbers.', 'string', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    defineMultiValuedAttribute('ims', 'Instant messaging addresses.', 'string', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    defineMultiValuedAttribute('photos', 'URLs of photos of the user.', 'reference', ['photo', 'thumbnail']),
    addressesAttribute,
    groupsAttribute,
    defineMultiValuedAttribute('entitlements', 'Entitlements the user has.', 'string', []),
    defineMultiValuedAttribute('roles', 'Roles the user has.', 'string', []),
    defineMultiValuedAttribute('x509Certificates', 'X.509 certificates of the user, DER-encoded in base64.', 'binary', []),
  ],
};
