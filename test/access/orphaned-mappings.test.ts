/** Mappings whose group the identity provider deleted, as the console lists them. */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { createConsoleApi } from '../helpers/console-api.ts';
import { createThroughScim, sendScim } from '../events/in-process.ts';

let engine: Engine;

afterEach(() => engine.close());

describe('listMappings of a deleted group', () => {
  it('names the group as the log recorded it', () => {
    engine = Engine.openInMemory();
    const { token } = engine.createConnection('entra', 'Entra ID', 'test');
    const groupId = createThroughScim(engine, token, '/Groups', { displayName: 'app-kolena-organization-admin' });
    engine.addMapping(groupId, { kind: 'organization-admin' }, 'test');
    expect(sendScim(engine, token, 'DELETE', `/Groups/${groupId}`).status).toBe(204);

    const [mapping] = createConsoleApi(engine).call('listMappings', {});

    expect(mapping!.groupName).toBeNull();
    expect(mapping!.deletedGroup).toEqual({ displayName: 'app-kolena-organization-admin', connectionName: 'Entra ID' });
  });

  it('adds nothing to a live group', () => {
    engine = Engine.openInMemory();
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const groupId = createThroughScim(engine, token, '/Groups', { displayName: 'admins' });
    engine.addMapping(groupId, { kind: 'organization-admin' }, 'test');

    const [mapping] = createConsoleApi(engine).call('listMappings', {});

    expect(mapping!.deletedGroup).toBeUndefined();
  });
});
