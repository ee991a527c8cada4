import { AdminError } from '../admin/errors.ts';
import type { Engine } from '../engine.ts';
import { listOAuthClients, revokeOAuthClient } from '../oauth/clients.ts';
import { describeBasicCredentials, revokeBasicCredentials } from './basic-credentials.ts';
import { listTokenStates, revokeToken, type TokenState } from './token-lifecycle.ts';

/** Kind of a credential a provider authenticates with. */
export type CredentialKind = 'token' | 'basic' | 'oauth-client';

/**
 * One credential of a connection, whatever its kind, as `connection credentials` lists it.
 * `id` is what revocation takes: the token id, the Basic user name or the OAuth client id.
 */
export interface CredentialListing {
  kind: CredentialKind;
  id: string;
  state: TokenState;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** Lists a connection's credentials that are not revoked, static tokens first, then Basic credentials and OAuth clients. */
export function listCredentials(engine: Engine, connectionId: string): CredentialListing[] {
  const tokens = listTokenStates(engine, connectionId).map((token) => ({
    kind: 'token' as const,
    id: token.id,
    state: token.state,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
  }));
  const basic = describeBasicCredentials(engine, connectionId);
  const basicListing =
    basic === null
      ? []
      : [{ kind: 'basic' as const, id: basic.username, state: 'active' as const, createdAt: basic.createdAt, expiresAt: null, lastUsedAt: basic.lastUsedAt }];
  const clients = listOAuthClients(engine, connectionId).map((client) => ({
    kind: 'oauth-client' as const,
    id: client.clientId,
    state: 'active' as const,
    createdAt: client.createdAt,
    expiresAt: null,
    lastUsedAt: client.lastUsedAt,
  }));
  return [...tokens, ...basicListing, ...clients];
}

/**
 * Revokes one credential of a connection, found by its id whatever its kind, as one admin
 * change in the event log. Revoking an OAuth client also revokes the access tokens it was
 * issued. Returns the kind that was revoked.
 */
export function revokeCredential(engine: Engine, connectionId: string, credentialId: string, actor: string): CredentialKind {
  const connection = engine.connections.get(connectionId);
  const credential = listCredentials(engine, connectionId).find((candidate) => candidate.id === credentialId);
  if (!credential) {
    const known = listCredentials(engine, connectionId).map((candidate) => `${candidate.id} (${KIND_NAMES[candidate.kind]})`);
    const hint = known.length > 0 ? `Its credentials are: ${known.join(', ')}.` : 'It has no credentials that are not revoked.';
    throw new AdminError('not-found', `The connection "${connection.name}" has no credential with the id "${credentialId}" that is not revoked. ${hint}`);
  }

  switch (credential.kind) {
    case 'token':
      revokeToken(engine, connectionId, credentialId, actor);
      break;
    case 'basic':
      revokeBasicCredentials(engine, connectionId, actor);
      break;
    case 'oauth-client':
      revokeOAuthClient(engine, connectionId, credentialId, actor);
      break;
  }
  return credential.kind;
}

/** Names of the credential kinds in messages and listings. */
export const KIND_NAMES: Record<CredentialKind, string> = {
  token: 'bearer token',
  basic: 'HTTP Basic user name',
  'oauth-client': 'OAuth client',
};
