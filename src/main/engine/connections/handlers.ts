import type { Connection } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { createOAuthClient, listOAuthClients, OAUTH_TOKEN_PATH } from '../oauth/clients.ts';
import { describeBasicCredentials, issueBasicCredentials } from './basic-credentials.ts';
import { revokeCredential } from './credentials.ts';
import type { ConnectionRecord } from './connections.ts';
import { deleteConnection, describeConnectionRemoval, setConnectionDisabled, startConnectionSetup } from './lifecycle.ts';
import { getSetupProgress, listSetupProgress, saveSetupProgress } from './setup-progress.ts';
import { listSetupRequests } from './setup-requests.ts';
import { issueStaticToken, listTokenStates, revokeToken, rotateToken } from './token-lifecycle.ts';

/** Console methods of connection setup and credentials. */
export type ConnectionHandlers = Pick<
  ConsoleHandlers,
  | 'startConnectionSetup'
  | 'getSetupProgress'
  | 'saveSetupProgress'
  | 'listSetupProgress'
  | 'listSetupRequests'
  | 'listConnectionCredentials'
  | 'issueToken'
  | 'rotateToken'
  | 'revokeToken'
  | 'revokeCredential'
  | 'issueBasicCredentials'
  | 'createOAuthClient'
  | 'setConnectionDisabled'
  | 'describeConnectionRemoval'
  | 'deleteConnection'
  | 'startSimulation'
  | 'getSimulation'
>;

/** Returns the URL of the OAuth token endpoint on the origin identity providers use. */
export function tokenEndpointUrl(engine: Engine): string {
  return new URL(OAUTH_TOKEN_PATH, engine.scimBaseUrl()).href;
}

/**
 * Implements the connection methods of the console API. `toConnection` describes a connection
 * the way listConnections does.
 */
export function createConnectionHandlers(
  engine: Engine,
  host: HostInfo,
  toConnection: (record: ConnectionRecord) => Connection,
): ConnectionHandlers {
  const ok = { ok: true as const };
  return {
    startConnectionSetup: (input) => toConnection(startConnectionSetup(engine, input.provider, input.name, host.actor)),
    getSetupProgress: (input) => getSetupProgress(engine, input.connectionId),
    saveSetupProgress: (input) => saveSetupProgress(engine, input.connectionId, input),
    listSetupProgress: () => listSetupProgress(engine),
    listSetupRequests: (input) => listSetupRequests(engine, input.connectionId, input.afterEventId, input.limit),
    listConnectionCredentials: (input) => ({
      connectionId: input.connectionId,
      tokens: listTokenStates(engine, input.connectionId),
      basic: describeBasicCredentials(engine, input.connectionId),
      oauthClients: listOAuthClients(engine, input.connectionId),
      tokenUrl: tokenEndpointUrl(engine),
    }),
    issueToken: (input) => issueStaticToken(engine, input.connectionId, input.expiresAt, host.actor),
    rotateToken: (input) =>
      rotateToken(engine, input.connectionId, { overlapMs: input.overlapSeconds * 1000, expiresAt: input.expiresAt }, host.actor),
    revokeToken: (input) => {
      revokeToken(engine, input.connectionId, input.tokenId, host.actor);
      return ok;
    },
    revokeCredential: (input) => ({ kind: revokeCredential(engine, input.connectionId, input.credentialId, host.actor) }),
    issueBasicCredentials: (input) => issueBasicCredentials(engine, input.connectionId, host.actor),
    createOAuthClient: (input) => ({
      ...createOAuthClient(engine, input.connectionId, host.actor, input.accessTokenSeconds),
      tokenUrl: tokenEndpointUrl(engine),
    }),
    setConnectionDisabled: (input) => toConnection(setConnectionDisabled(engine, input.connectionId, input.disabled, host.actor)),
    describeConnectionRemoval: (input) => describeConnectionRemoval(engine, input.connectionId),
    deleteConnection: (input) => deleteConnection(engine, input.connectionId, input.confirmName, host.actor),
    startSimulation: (input) => requireSimulator(host).start(input.connectionId, host.actor),
    getSimulation: (input) => requireSimulator(host).get(input.simulationId),
  };
}

function requireSimulator(host: HostInfo): NonNullable<HostInfo['simulator']> {
  if (!host.simulator) {
    throw new AdminError('refused', 'This ScimDesk host serves no SCIM endpoint, so it cannot run the simulator. Open the console of the desktop app or of "scimdesk serve".');
  }
  return host.simulator;
}
