/** CyberArk Identity (formerly Idaptive) profile: outbound SCIM provisioning from a SAML app. */

import type { ProviderProfile } from './types.ts';
import {
  ADA_FILTER,
  CAPTURE_ADA,
  CAPTURE_ADA_FROM_LIST,
  CAPTURE_EDITORS,
  CORE_USER,
  EDITORS_GROUP,
  groupBody,
  patchBody,
} from './scim-shapes.ts';

const HEADERS = {};

const BODY_HEADERS = { 'Content-Type': 'application/scim+json' };

const REQUIREMENTS = 'CyberArk Identity developer docs, SCIM API requirements';

/** Ada as CyberArk sends her in a PUT; only `active` and `displayName` differ between the two PUT steps. */
function adaReplacement(displayName: string, active: boolean): Record<string, unknown> {
  return {
    schemas: [CORE_USER],
    userName: 'ada@example.com',
    name: { givenName: 'Ada', familyName: 'Example' },
    displayName,
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    active,
    id: '{{user:ada}}',
  };
}

/** CyberArk Identity's profile. */
export const CYBERARK: ProviderProfile = {
  id: 'cyberark',
  displayName: 'CyberArk Identity',
  authMethods: ['bearer'],
  adminFields: [
    { label: 'SCIM URL', fills: 'baseUrl', hint: 'The ScimDesk SCIM base URL.' },
    { label: 'Access Token', fills: 'token', hint: 'The ScimDesk API token, sent as a bearer token.' },
  ],
  // NOTE: assumption. No sync interval was found in CyberArk's documentation.
  syncCycleMinutes: 0,
  userPatchResponse: 200,
  quirks: [
    'Requires GET /ServiceProviderConfig, /ResourceTypes/User, /ResourceTypes/Group and /Schemas/{urn}, so discovery resources must be served by id as well as listed.',
    'Its required endpoints include PUT /Users/{id} but no user PATCH, so profile updates and deactivation are full replacements (the deactivation form is inferred).',
    'DELETE /Users is not among its required endpoints.',
    'Changes group membership with PATCH /Groups/{id}; the op shapes are not documented.',
    'Lists users with count=1, which is presumably its connection test.',
    'Supports SCIM 1.1 and 2.0 targets.',
  ],
  reachabilityStep:
    'Make {baseUrl} reachable from the internet over HTTPS, for example through a tunnel, because CyberArk calls it from its cloud.',
  setupSteps: [
    'In the CyberArk Identity Admin Portal, open the SAML app and go to its Provisioning page.',
    'Enable provisioning for the app and choose SCIM 2.0.',
    'Enter {baseUrl} as the SCIM URL and {token} as the Access Token, then verify the connection.',
    'Assign the app to the users and roles to provision, and save.',
  ],
  sequence: [
    {
      name: '01-test-connection',
      kind: 'connection-test',
      summary: "CyberArk's connection check: reads one user",
      method: 'GET',
      path: '/Users?count=1',
      headers: HEADERS,
      expectStatus: [200],
      provenance: 'documented-vendor',
      source: `${REQUIREMENTS}; its use as the connection check is inferred`,
    },
    {
      name: '02-discovery',
      kind: 'discovery',
      summary: 'CyberArk reads the service provider configuration',
      method: 'GET',
      path: '/ServiceProviderConfig',
      headers: HEADERS,
      expectStatus: [200],
      provenance: 'documented-vendor',
      source: REQUIREMENTS,
    },
    {
      name: '03-lookup-user',
      kind: 'lookup-user',
      summary: 'CyberArk looks Ada up by userName',
      method: 'GET',
      path: `/Users?${ADA_FILTER}`,
      headers: HEADERS,
      expectStatus: [200],
      captures: CAPTURE_ADA_FROM_LIST,
      provenance: 'documented-vendor',
      source: `${REQUIREMENTS}; quoting and encoding inferred`,
    },
    {
      name: '04-create-user',
      kind: 'create-user',
      summary: 'CyberArk creates Ada',
      method: 'POST',
      path: '/Users',
      headers: BODY_HEADERS,
      body: {
        schemas: [CORE_USER],
        userName: 'ada@example.com',
        name: { givenName: 'Ada', familyName: 'Example' },
        displayName: 'Ada Example',
        emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
        active: true,
      },
      expectStatus: [201],
      captures: CAPTURE_ADA,
      provenance: 'inferred',
      source: `${REQUIREMENTS}; method documented, body inferred`,
    },
    {
      name: '05-update-user',
      kind: 'update-user',
      summary: "CyberArk replaces Ada's profile with PUT",
      method: 'PUT',
      path: '/Users/{{user:ada}}',
      headers: BODY_HEADERS,
      body: adaReplacement('Ada L. Example', true),
      expectStatus: [200],
      provenance: 'documented-vendor',
      source: REQUIREMENTS,
    },
    {
      name: '06-create-group',
      kind: 'create-group',
      summary: 'CyberArk creates the group',
      method: 'POST',
      path: '/Groups',
      headers: BODY_HEADERS,
      body: groupBody(EDITORS_GROUP),
      expectStatus: [201],
      captures: CAPTURE_EDITORS,
      provenance: 'inferred',
      source: `${REQUIREMENTS}; method documented, body inferred`,
    },
    {
      name: '07-add-member',
      kind: 'add-member',
      summary: 'CyberArk adds Ada to the group',
      method: 'PATCH',
      path: '/Groups/{{group:editors}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'add', path: 'members', value: [{ value: '{{user:ada}}' }] }]),
      expectStatus: [204],
      provenance: 'inferred',
      source: `${REQUIREMENTS}; op shape inferred`,
    },
    {
      name: '08-remove-member',
      kind: 'remove-member',
      summary: 'CyberArk removes Ada from the group',
      method: 'PATCH',
      path: '/Groups/{{group:editors}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'remove', path: 'members[value eq "{{user:ada}}"]' }]),
      expectStatus: [204],
      provenance: 'inferred',
      source: `${REQUIREMENTS}; op shape inferred`,
    },
    {
      name: '09-deactivate-user',
      kind: 'deactivate-user',
      summary: 'CyberArk deactivates Ada with a PUT carrying active false',
      method: 'PUT',
      path: '/Users/{{user:ada}}',
      headers: BODY_HEADERS,
      body: adaReplacement('Ada Example', false),
      expectStatus: [200],
      provenance: 'inferred',
      source: `${REQUIREMENTS}; inferred from the missing user PATCH and DELETE`,
    },
    {
      name: '10-delete-user',
      kind: 'delete-user',
      summary: 'CyberArk deletes Ada (not among its required endpoints)',
      method: 'DELETE',
      path: '/Users/{{user:ada}}',
      headers: HEADERS,
      expectStatus: [204],
      provenance: 'inferred',
      source: `${REQUIREMENTS}; not listed there`,
    },
  ],
};
