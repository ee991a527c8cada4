/** PATCH /Users/{id} (RFC 7644 §3.5.2) with the request shapes identity providers send. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ENTERPRISE_USER_SCHEMA, patchBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;
let adaId: string;

beforeEach(async () => {
  harness = await startScimHarness();
  adaId = await harness.createUser('ada@example.com', {
    displayName: 'Ada Example',
    name: { givenName: 'Ada', familyName: 'Example' },
    emails: [
      { type: 'work', value: 'ada@example.com', primary: true },
      { type: 'home', value: 'ada@home.example' },
    ],
    [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-1001', department: 'Research' },
  });
});

afterEach(async () => {
  await harness.close();
});

function patchAda(...operations: Parameters<typeof patchBody>) {
  return harness.scim('PATCH', `/Users/${adaId}`, patchBody(...operations));
}

function storedAda(): Record<string, unknown> {
  const stored = harness.storedUser(adaId);
  if (!stored) {
    throw new Error(`User ${adaId} is not in the store.`);
  }
  return stored.doc;
}

describe('PATCH /Users/{id} operations', () => {
  it.each(['Replace', 'REPLACE', 'replace'])('reads the op name %s case-insensitively', async (op) => {
    const reply = await patchAda({ op, path: 'displayName', value: 'Ada Lovelace' });

    expect(reply.status).toBe(200);
    expect(reply.json.displayName).toBe('Ada Lovelace');
    expect(storedAda().displayName).toBe('Ada Lovelace');
  });

  it('reads active "False" as the boolean false', async () => {
    const reply = await patchAda({ op: 'Replace', path: 'active', value: 'False' });

    expect(reply.status).toBe(200);
    expect(reply.json.active).toBe(false);
    expect(harness.storedUser(adaId)?.active).toBe(false);
  });

  it('reads active "True" as the boolean true in a path-less replace', async () => {
    await patchAda({ op: 'replace', path: 'active', value: false });

    const reply = await patchAda({ op: 'replace', value: { active: 'True' } });

    expect(reply.status).toBe(200);
    expect(harness.storedUser(adaId)?.active).toBe(true);
  });

  it('applies a path-less value keyed by dotted and URN-qualified paths', async () => {
    const reply = await patchAda({
      op: 'replace',
      value: {
        displayName: 'Ada Example-Byron',
        'name.familyName': 'Example-Byron',
        [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: 'E-1002',
        'urn:ietf:params:scim:schemas:core:2.0:User:title': 'Research Engineer',
      },
    });

    expect(reply.status).toBe(200);
    const doc = storedAda();
    expect(doc.displayName).toBe('Ada Example-Byron');
    expect(doc.name).toEqual({ givenName: 'Ada', familyName: 'Example-Byron' });
    expect(doc[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'E-1002', department: 'Research' });
    expect(doc.title).toBe('Research Engineer');
  });

  it('merges a path-less extension object into the stored extension', async () => {
    const reply = await patchAda({ op: 'replace', value: { [ENTERPRISE_USER_SCHEMA]: { department: 'Data Science' } } });

    expect(reply.status).toBe(200);
    expect(storedAda()[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'E-1001', department: 'Data Science' });
  });

  it('changes only the email that the value path selects', async () => {
    const reply = await patchAda({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada.example@example.com' });

    expect(reply.status).toBe(200);
    expect(storedAda().emails).toEqual([
      { type: 'work', value: 'ada.example@example.com', primary: true },
      { type: 'home', value: 'ada@home.example' },
    ]);
  });

  it('adds a value when an equality value path matches none', async () => {
    const reply = await patchAda({ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' });

    expect(reply.status).toBe(200);
    expect(storedAda().phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
  });

  it('removes only the value that a value filter selects', async () => {
    const reply = await patchAda({ op: 'remove', path: 'emails[type eq "home"]' });

    expect(reply.status).toBe(200);
    expect(storedAda().emails).toEqual([{ type: 'work', value: 'ada@example.com', primary: true }]);
  });

  it('demotes the old primary email when a new primary is added', async () => {
    const reply = await patchAda({ op: 'add', path: 'emails', value: [{ type: 'other', value: 'ada@other.example', primary: true }] });

    expect(reply.status).toBe(200);
    expect(storedAda().emails).toEqual([
      { type: 'work', value: 'ada@example.com', primary: false },
      { type: 'home', value: 'ada@home.example' },
      { type: 'other', value: 'ada@other.example', primary: true },
    ]);
  });

  const primaryChanges: { rule: string; operation: Parameters<typeof patchBody>[0] }[] = [
    { rule: 'replace of a value path primary', operation: { op: 'replace', path: 'emails[type eq "home"].primary', value: true } },
    { rule: 'add of a value path primary', operation: { op: 'add', path: 'emails[type eq "home"].primary', value: true } },
    { rule: 'replace of a filtered value', operation: { op: 'replace', path: 'emails[type eq "home"]', value: { primary: true } } },
    { rule: 'path-less value keyed by a value path', operation: { op: 'replace', value: { 'emails[type eq "home"].primary': true } } },
  ];

  it.each(primaryChanges)('demotes the old primary on $rule', async ({ operation }) => {
    const reply = await patchAda(operation);

    expect(reply.status).toBe(200);
    expect(storedAda().emails).toEqual([
      { type: 'work', value: 'ada@example.com', primary: false },
      { type: 'home', value: 'ada@home.example', primary: true },
    ]);
  });

  it('applies several operations in order', async () => {
    const reply = await patchAda(
      { op: 'replace', path: 'displayName', value: 'First' },
      { op: 'add', path: 'emails', value: [{ type: 'other', value: 'ada@other.example' }] },
      { op: 'replace', path: 'displayName', value: 'Second' },
      { op: 'remove', path: 'emails[type eq "other"]' },
    );

    expect(reply.status).toBe(200);
    const doc = storedAda();
    expect(doc.displayName).toBe('Second');
    expect(doc.emails).toEqual([
      { type: 'work', value: 'ada@example.com', primary: true },
      { type: 'home', value: 'ada@home.example' },
    ]);
  });

  it('removes a single-valued attribute', async () => {
    const reply = await patchAda({ op: 'remove', path: 'displayName' });

    expect(reply.status).toBe(200);
    expect(reply.json.displayName).toBeUndefined();
    expect(harness.storedUser(adaId)?.displayName).toBeNull();
  });
});

describe('PATCH /Users/{id} enterprise manager', () => {
  let graceId: string;

  beforeEach(async () => {
    graceId = await harness.createUser('grace@example.com');
  });

  it('sets the manager from an object', async () => {
    const reply = await patchAda({ op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: { value: graceId } });

    expect(reply.status).toBe(200);
    expect(reply.json[ENTERPRISE_USER_SCHEMA].manager).toEqual({ value: graceId });
    expect(storedAda()[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'E-1001', department: 'Research', manager: { value: graceId } });
  });

  it('sets the manager from a bare id string', async () => {
    const reply = await patchAda({ op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: graceId });

    expect(reply.status).toBe(200);
    expect((storedAda()[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>).manager).toEqual({ value: graceId });
  });

  it('resolves the unqualified path manager to the extension', async () => {
    const reply = await patchAda({ op: 'Add', path: 'manager', value: { value: graceId } });

    expect(reply.status).toBe(200);
    expect((storedAda()[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>).manager).toEqual({ value: graceId });
  });

  it('sets the manager from a path-less URN-qualified key', async () => {
    const reply = await patchAda({ op: 'replace', value: { [`${ENTERPRISE_USER_SCHEMA}:manager`]: graceId } });

    expect(reply.status).toBe(200);
    expect((storedAda()[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>).manager).toEqual({ value: graceId });
  });

  it('sets the manager from the one-element array Entra ID sends', async () => {
    const reference = `https://scim.example.com/scim/Users/${graceId}`;

    const reply = await patchAda({ op: 'Add', path: 'manager', value: [{ $ref: reference, value: graceId }] });

    expect(reply.status).toBe(200);
    expect((storedAda()[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>).manager).toEqual({ $ref: reference, value: graceId });
  });

  it('removes the manager and keeps the other extension attributes', async () => {
    await patchAda({ op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: graceId });

    const reply = await patchAda({ op: 'remove', path: `${ENTERPRISE_USER_SCHEMA}:manager` });

    expect(reply.status).toBe(200);
    expect(storedAda()[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'E-1001', department: 'Research' });
  });
});

describe('PATCH /Users/{id} rejections', () => {
  const rejections: { rule: string; operations: Parameters<typeof patchBody>; scimType: string; detail: string }[] = [
    {
      rule: 'remove without a path',
      operations: [{ op: 'remove' }],
      scimType: 'noTarget',
      detail: "PatchOp operation 1: 'remove' needs a 'path'.",
    },
    {
      rule: 'a value filter that matches nothing and cannot create a value',
      operations: [{ op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x@example.com' } }],
      scimType: 'noTarget',
      detail: `PatchOp operation 1: no value of 'emails' matches [type eq "other"].`,
    },
    {
      rule: 'an unknown op',
      operations: [{ op: 'move', path: 'displayName', value: 'x' }],
      scimType: 'invalidSyntax',
      detail: `PatchOp operation 1: 'op' must be "add", "replace" or "remove", got "move".`,
    },
    {
      rule: 'replace without a value',
      operations: [{ op: 'replace', path: 'displayName' }],
      scimType: 'invalidSyntax',
      detail: "PatchOp operation 1: 'replace' needs a 'value'.",
    },
    {
      rule: 'an unknown attribute path',
      operations: [{ op: 'replace', path: 'shoeSize', value: 42 }],
      scimType: 'invalidPath',
      detail: 'PatchOp operation 1: "shoeSize" is not an attribute of User.',
    },
    {
      rule: 'a read-only attribute',
      operations: [{ op: 'replace', path: 'id', value: 'mine' }],
      scimType: 'mutability',
      detail: "PatchOp operation 1: 'id' is read-only.",
    },
    {
      rule: 'a read-only sub-attribute',
      operations: [{ op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager.displayName`, value: 'Grace' }],
      scimType: 'mutability',
      detail: "PatchOp operation 1: 'manager.displayName' is read-only.",
    },
    {
      rule: 'a boolean that is not true or false',
      operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
      scimType: 'invalidValue',
      detail: 'PatchOp operation 1: active: expected a boolean, got "maybe".',
    },
    {
      rule: 'removing the required userName',
      operations: [{ op: 'remove', path: 'userName' }],
      scimType: 'invalidValue',
      detail: "The attribute 'userName' is required and cannot be removed or blank.",
    },
    {
      rule: 'replacing userName with white space',
      operations: [{ op: 'replace', path: 'userName', value: '  ' }],
      scimType: 'invalidValue',
      detail: "The attribute 'userName' is required and cannot be removed or blank.",
    },
    {
      rule: 'two primary emails',
      operations: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.example', primary: true }, { value: 'b@x.example', primary: true }] }],
      scimType: 'invalidValue',
      detail: `PatchOp operation 1: emails: at most one value of 'emails' may have "primary": true, found 2.`,
    },
  ];

  it.each(rejections)('rejects $rule with 400 $scimType', async ({ operations, scimType, detail }) => {
    const before = harness.storedUser(adaId);

    const reply = await patchAda(...operations);

    expect(reply.status).toBe(400);
    expect(reply.json.status).toBe('400');
    expect(reply.json.scimType).toBe(scimType);
    expect(reply.json.detail).toBe(detail);
    expect(harness.storedUser(adaId)).toEqual(before);
  });

  it('rejects a body without Operations with 400 invalidSyntax', async () => {
    const reply = await harness.scim('PATCH', `/Users/${adaId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidSyntax');
    expect(reply.json.detail).toBe("A PatchOp request needs a non-empty 'Operations' array.");
  });

  it('changes nothing when the last of several operations is invalid', async () => {
    const before = harness.storedUser(adaId);

    const reply = await patchAda(
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'add', path: 'nickName', value: 'Countess' },
      { op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' },
    );

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('mutability');
    expect(reply.json.detail).toBe("PatchOp operation 4: 'meta' is read-only.");
    const after = harness.storedUser(adaId);
    expect(after).toEqual(before);
    expect(after?.active).toBe(true);
    expect(after?.version).toBe(1);
  });

  it('returns 404 for an unknown user', async () => {
    const reply = await harness.scim('PATCH', '/Users/unknown-id', patchBody({ op: 'replace', path: 'active', value: false }));

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe('User unknown-id not found.');
  });
});
