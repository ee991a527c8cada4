/** Google Workspace profile: automatic user provisioning from a SAML app. */

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

const THIRD_PARTY_GUIDES = 'authn.sh and Ory guides to Google Workspace SCIM (third party)';
const NORMALIZER = 'dmlab-work/module-admin-scim-google request normalizer (third party, low confidence)';
const NOT_FOUND = 'No source found; RFC 7644 shape';

/** Google Workspace's profile. */
export const GOOGLE: ProviderProfile = {
  id: 'google',
  displayName: 'Google Workspace',
  authMethods: ['bearer'],
  adminFields: [
    { label: 'Endpoint URL', fills: 'baseUrl', hint: 'The ScimDesk SCIM base URL.' },
    { label: 'Access token', fills: 'token', hint: 'The ScimDesk API token.' },
  ],
  // NOTE: estimate. Kolena's SCIM guide gives about 30 minutes; Google's own help, as quoted by a
  // third party, states that users are synced every few hours.
  syncCycleMinutes: 30,
  userPatchResponse: 200,
  quirks: [
    'Auto-provisioning is configured on a SAML app; custom apps may not be allowed to enable it, so check in a live tenant.',
    'Probes the endpoint with GET /Users?count=1 when the admin clicks Continue (third-party report).',
    'A third-party normalizer reports active arriving as the string "true" or "false" in create bodies and PATCH values, so accept both forms.',
    'Syncs only active, suspended and deleted users, not archived ones.',
    'Each deprovisioning trigger (app access removed, user suspended, user deleted) can be set to suspend or delete the user in the app.',
    'Whether groups are pushed to custom apps, the update method and the lookup filter are undocumented; the sequence uses RFC 7644 shapes.',
  ],
  reachabilityStep:
    'Make {baseUrl} reachable from the internet over HTTPS, for example through a tunnel, because Google calls it from its cloud.',
  setupSteps: [
    'In the Google Admin console, open Apps, Web and mobile apps, and select the SAML app.',
    'Open Auto-provisioning and enter {baseUrl} as the Endpoint URL and {token} as the Access token, then click Continue.',
    'Review the attribute mapping and set the provisioning scope to the groups or organisational units to sync.',
    'Choose what happens to a user when app access is removed, when the user is suspended and when the user is deleted.',
    'Turn auto-provisioning on, and expect changes to arrive in minutes to hours rather than at once.',
  ],
  sequence: [
    {
      name: '01-test-connection',
      kind: 'connection-test',
      summary: "Google's endpoint probe: reads one user",
      method: 'GET',
      path: '/Users?count=1',
      headers: HEADERS,
      expectStatus: [200],
      provenance: 'documented-3p',
      source: THIRD_PARTY_GUIDES,
    },
    {
      name: '02-lookup-user',
      kind: 'lookup-user',
      summary: 'Google looks Ada up by userName',
      method: 'GET',
      path: `/Users?${ADA_FILTER}`,
      headers: HEADERS,
      expectStatus: [200],
      captures: CAPTURE_ADA_FROM_LIST,
      provenance: 'inferred',
      source: 'RFC 7644 section 3.4.2.2 filter shape',
    },
    {
      name: '03-create-user',
      kind: 'create-user',
      summary: 'Google creates Ada with active as a string',
      method: 'POST',
      path: '/Users',
      headers: BODY_HEADERS,
      body: {
        schemas: [CORE_USER],
        userName: 'ada@example.com',
        name: { givenName: 'Ada', familyName: 'Example' },
        displayName: 'Ada Example',
        emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
        active: 'true',
      },
      expectStatus: [201],
      captures: CAPTURE_ADA,
      provenance: 'inferred',
      source: NORMALIZER,
    },
    {
      name: '04-update-user',
      kind: 'update-user',
      summary: "Google changes Ada's family name",
      method: 'PATCH',
      path: '/Users/{{user:ada}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'replace', path: 'name.familyName', value: 'Example-Byron' }]),
      expectStatus: [200],
      provenance: 'inferred',
      source: NOT_FOUND,
    },
    {
      name: '05-create-group',
      kind: 'create-group',
      summary: 'Google creates the group',
      method: 'POST',
      path: '/Groups',
      headers: BODY_HEADERS,
      body: groupBody(EDITORS_GROUP),
      expectStatus: [201],
      captures: CAPTURE_EDITORS,
      provenance: 'inferred',
      source: NOT_FOUND,
    },
    {
      name: '06-add-member',
      kind: 'add-member',
      summary: 'Google adds Ada to the group',
      method: 'PATCH',
      path: '/Groups/{{group:editors}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'add', path: 'members', value: [{ value: '{{user:ada}}' }] }]),
      expectStatus: [204],
      provenance: 'inferred',
      source: NOT_FOUND,
    },
    {
      name: '07-remove-member',
      kind: 'remove-member',
      summary: 'Google removes Ada from the group',
      method: 'PATCH',
      path: '/Groups/{{group:editors}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'remove', path: 'members[value eq "{{user:ada}}"]' }]),
      expectStatus: [204],
      provenance: 'inferred',
      source: NOT_FOUND,
    },
    {
      name: '08-deactivate-user',
      kind: 'deactivate-user',
      summary: 'Google suspends Ada with active as the string "false"',
      method: 'PATCH',
      path: '/Users/{{user:ada}}',
      headers: BODY_HEADERS,
      body: patchBody([{ op: 'replace', path: 'active', value: 'false' }]),
      expectStatus: [200],
      provenance: 'inferred',
      source: `${THIRD_PARTY_GUIDES}; ${NORMALIZER}`,
    },
    {
      name: '09-delete-user',
      kind: 'delete-user',
      summary: 'Google deletes Ada when the deprovisioning action is delete',
      method: 'DELETE',
      path: '/Users/{{user:ada}}',
      headers: HEADERS,
      expectStatus: [204],
      provenance: 'documented-3p',
      source: `${THIRD_PARTY_GUIDES}; Google help article 7681608 as quoted by helpdesk.ftnt.info`,
    },
  ],
};
