import { getProvider } from '../../../../shared/providers/index.ts';
import { ScimError } from '../errors.ts';
import type { ListQuery } from '../list.ts';
import { applyPatch } from '../patch/apply.ts';
import { readPatchRequest } from '../patch/operations.ts';
import { applyProjection, includesAttribute, readProjection } from '../projection.ts';
import { LIST_RESPONSE_SCHEMA } from '../schema/urns.ts';
import { scimResponse, type RequestContext, type ScimResponse } from '../context.ts';
import { isBlank, readResourceBody } from './body.ts';
import { checkPreconditions } from './preconditions.ts';
import { etagOf, renderUser } from './render.ts';
import type { StoredUser, UserGroup, UserRepository } from './user-repository.ts';

/** The /Users endpoint (RFC 7644 §3.3–§3.6) over a UserRepository. */
export class UsersEndpoint {
  private readonly users: UserRepository;

  constructor(users: UserRepository) {
    this.users = users;
  }

  create(ctx: RequestContext): ScimResponse {
    const { doc } = readResourceBody('User', ctx.json, ctx.notes);
    const user = this.users.insert(ctx.connection.id, doc, ctx.now);

    // Not added to ctx.affectedUsers: roles come only from group memberships, and no group can
    // name the new id yet, so its access (none) needs no recomputing.
    ctx.changes.push({ type: 'user.created', text: `Created user ${user.userName}`, userId: user.id, userName: user.userName, ...shownNameChange(user) });
    if (!user.active) {
      ctx.changes.push({ type: 'user.deactivated', text: `${user.userName} was created inactive`, userId: user.id, userName: user.userName });
    }
    // A new user belongs to no group yet, so its groups need no query.
    return this.answer(ctx, user, 201, []);
  }

  get(ctx: RequestContext, id: string): ScimResponse {
    const user = this.require(ctx, id);
    const notModified = checkPreconditions(ctx.request, user.version, 'read');
    return notModified ?? this.answer(ctx, user, 200);
  }

  replace(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    const { doc } = readResourceBody('User', ctx.json, ctx.notes);
    const updated = this.users.update(existing, doc, ctx.now);
    this.recordUpdate(ctx, existing, updated);
    return this.answer(ctx, updated, 200);
  }

  patch(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    const operations = readPatchRequest(ctx.json, ctx.notes);
    const doc = applyPatch('User', existing.doc, operations, ctx.notes);
    if (typeof doc.userName !== 'string' || isBlank(doc.userName)) {
      throw new ScimError(400, 'invalidValue', "The attribute 'userName' is required and cannot be removed or blank.");
    }
    const updated = this.users.update(existing, doc, ctx.now);
    this.recordUpdate(ctx, existing, updated);

    // RFC 7644 §3.5.2 allows 200 with the resource or 204; the connection's provider decides,
    // and a request that names `attributes` always gets them.
    const answerWith = getProvider(ctx.connection.provider)?.userPatchResponse ?? 200;
    if (answerWith === 204 && !ctx.request.query.get('attributes')) {
      return scimResponse(204, undefined, { ETag: etagOf(updated.version) });
    }
    return this.answer(ctx, updated, 200);
  }

  delete(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    this.users.delete(existing.id);

    ctx.affectedUsers.add(existing.id);
    ctx.changes.push({ type: 'user.deleted', text: `Deleted user ${existing.userName}`, userId: existing.id, userName: existing.userName });
    return scimResponse(204);
  }

  list(ctx: RequestContext, query: ListQuery): ScimResponse {
    const withGroups = includesAttribute('User', query.projection, 'groups');
    const { total, users } = this.users.list(ctx.connection.id, query.where, query.orderBy, query.startIndex - 1, query.count, withGroups);
    const resources = users.map((user) => applyProjection('User', renderUser(user, ctx.request.baseUrl, user.groups), query.projection));
    return scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      startIndex: query.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    });
  }

  private require(ctx: RequestContext, id: string): StoredUser {
    const user = this.users.get(ctx.connection.id, id);
    if (!user) {
      throw new ScimError(404, undefined, `User ${id} not found.`);
    }
    return user;
  }

  private recordUpdate(ctx: RequestContext, before: StoredUser, after: StoredUser): void {
    ctx.affectedUsers.add(after.id);
    if (before.active && !after.active) {
      ctx.changes.push({ type: 'user.deactivated', text: `Deactivated user ${after.userName}`, userId: after.id, userName: after.userName });
    } else if (!before.active && after.active) {
      ctx.changes.push({ type: 'user.reactivated', text: `Reactivated user ${after.userName}`, userId: after.id, userName: after.userName });
    }
    if (before.userName !== after.userName) {
      ctx.changes.push({ type: 'user.renamed', text: `Renamed user ${before.userName} to ${after.userName}`, userId: after.id, userName: after.userName });
    }
    if (JSON.stringify({ ...before.doc, active: null }) !== JSON.stringify({ ...after.doc, active: null })) {
      ctx.changes.push({ type: 'user.updated', text: `Updated user ${after.userName}`, userId: after.id, userName: after.userName, ...shownNameChange(after) });
    }
  }

  private answer(ctx: RequestContext, user: StoredUser, status: number, knownGroups?: UserGroup[]): ScimResponse {
    const projection = readProjection('User', ctx.request.query.get('attributes'), ctx.request.query.get('excludedAttributes'));
    const groups = includesAttribute('User', projection, 'groups') ? (knownGroups ?? this.users.groupsOf(user.id)) : undefined;
    const resource = applyProjection('User', renderUser(user, ctx.request.baseUrl, groups), projection);
    const headers: Record<string, string> = { ETag: etagOf(user.version) };
    if (status === 201) {
      headers.Location = `${ctx.request.baseUrl}/Users/${user.id}`;
    }
    return scimResponse(status, resource, headers);
  }
}

/**
 * Returns the name shown for a user, built like `shownNameSql` in admin/shown-name.ts: the
 * displayName, else name.formatted, else the given and family names. user.created and
 * user.updated record it, so that views of a past moment can show it.
 */
function shownNameChange(user: StoredUser): { displayName?: string } {
  const name = typeof user.doc.name === 'object' && user.doc.name !== null ? (user.doc.name as Record<string, unknown>) : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const formatted = typeof name.formatted === 'string' ? name.formatted : undefined;
  const parts = `${text(name.givenName)} ${text(name.familyName)}`.trim();
  const displayName = user.displayName ?? formatted ?? (parts === '' ? undefined : parts);
  return displayName === undefined ? {} : { displayName };
}
