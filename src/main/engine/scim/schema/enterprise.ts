import type { SchemaDefinition } from './types.ts';
import { ENTERPRISE_USER_SCHEMA } from './urns.ts';
import { defineAttribute } from './user.ts';

/**
 * The enterprise User extension (RFC 7643 §4.3, published form in §8.7.1).
 * `manager.value` and `manager.$ref` are not marked required. §4.3 calls them
 * REQUIRED, but the published schema in §8.7.1 lists both as required false.
 */
export const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    defineAttribute('employeeNumber', 'string', 'The identifier the organization assigned to the person, usually by order of hire.'),
    defineAttribute('costCenter', 'string', 'The name of a cost center.'),
    defineAttribute('organization', 'string', 'The name of an organization.'),
    defineAttribute('division', 'string', 'The name of a division.'),
    defineAttribute('department', 'string', 'The name of a department.'),
    defineAttribute('manager', 'complex', "The user's manager, as a reference to another User.", {
      subAttributes: [
        defineAttribute('value', 'string', 'The id of the User who is the manager.'),
        defineAttribute('$ref', 'reference', 'The URI of the User who is the manager.', {
          referenceTypes: ['User'],
        }),
        defineAttribute('displayName', 'string', 'The display name of the manager.', {
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};
