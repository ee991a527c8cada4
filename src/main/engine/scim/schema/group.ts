import type { SchemaDefinition } from './types.ts';
import { GROUP_SCHEMA } from './urns.ts';
import { COMMON_ATTRIBUTES, defineAttribute } from './user.ts';

const immutable = { mutability: 'immutable' } as const;

/**
 * The core Group schema (RFC 7643 §4.2) with the common attributes of §3.1.
 * `displayName` is required as §4.2 states, although the published form in
 * §8.7.1 lists it as optional. `members.display` is not in §8.7.1. It is kept
 * because providers send it and the store keeps it with each membership.
 */
export const GROUP_SCHEMA_DEFINITION: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    ...COMMON_ATTRIBUTES,
    defineAttribute('displayName', 'string', 'The name of the group, suitable for display.', {
      required: true,
    }),
    defineAttribute('members', 'complex', 'The users and groups that belong to the group.', {
      multiValued: true,
      subAttributes: [
        defineAttribute('value', 'string', 'The id of the member.', immutable),
        defineAttribute('$ref', 'reference', 'The URI of the member.', {
          ...immutable,
          referenceTypes: ['User', 'Group'],
        }),
        defineAttribute('display', 'string', 'The display name of the member.', immutable),
        defineAttribute('type', 'string', 'The resource type of the member.', {
          ...immutable,
          canonicalValues: ['User', 'Group'],
        }),
      ],
    }),
  ],
};
