import type { FilterNode } from '../filter/ast.ts';
import { evaluateFilter } from '../filter/evaluate.ts';
import { ScimError } from '../errors.ts';
import type { ListQuery } from '../list.ts';
import { applyPatch } from '../patch/apply.ts';
import type { PatchOperation } from '../patch/operations.ts';
import { readPatchRequest } from '../patch/operations.ts';
import type { PatchTarget } from '../patch/path.ts';
import { applyProjection, includesAttribute, readProjection } from '../projection.ts';
import { LIST_RESPONSE_SCHEMA } from '../schema/urns.ts';
import { scimResponse, type RequestContext, type ScimResponse } from '../context.ts';
import { isBlank, readMembersValue, readResourceBody } from './body.ts';
import type { GroupRepository, MemberRef, StoredGroup } from './group-repository.ts';
import { checkPreconditions } from './preconditions.ts';
import { etagOf, renderGroup } from './render.ts';

/** The /Groups endpoint (RFC 7644 §3.3–§3.6); membership changes run as SQL set operations. */
export class GroupsEndpoint {
  private readonly groups: GroupRepository;

  constructor(groups: GroupRepository) {
    this.groups = groups;
  }

  create(ctx: RequestContext): ScimResponse {
    const { doc, members } = readResourceBody('Group', ctx.json, ctx.notes);
    const group = this.groups.insert(ctx.connection.id, doc, ctx.now);
    ctx.changes.push({ type: 'group.created', text: `Created group ${group.displayName}`, groupId: group.id, name: group.displayName });

    const added = this.groups.addMembers(group, members ?? []);
    this.recordMembers(ctx, group, added, []);
    return this.answer(ctx, group, 201);
  }

  get(ctx: RequestContext, id: string): ScimResponse {
    const group = this.require(ctx, id);
    return checkPreconditions(ctx.request, group.version, 'read') ?? this.answer(ctx, group, 200);
  }

  replace(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    const { doc, members } = readResourceBody('Group', ctx.json, ctx.notes);

    const { added, removed } = this.groups.replaceMembers(existing, members ?? []);
    const updated = this.groups.update(existing, doc, ctx.now);
    this.recordRename(ctx, existing, updated);
    this.recordMembers(ctx, updated, added, removed);
    return this.answer(ctx, updated, 200);
  }

  /** Applies a PATCH and returns 204, as Entra ID expects, or 200 with the resource when the request names `attributes`. */
  patch(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    const operations = readPatchRequest(ctx.json, ctx.notes);

    const added: MemberRef[] = [];
    const removed: MemberRef[] = [];
    const onMembers = (operation: PatchOperation, target: PatchTarget, value: unknown): void => {
      const result = this.applyMemberOperation(existing, operation, target, value);
      added.push(...result.added);
      removed.push(...result.removed);
    };
    const doc = applyPatch('Group', existing.doc, operations, ctx.notes, onMembers);
    if (typeof doc.displayName !== 'string' || isBlank(doc.displayName)) {
      throw new ScimError(400, 'invalidValue', "The attribute 'displayName' is required and cannot be removed or blank.");
    }

    const changedDoc = JSON.stringify(doc) !== JSON.stringify(existing.doc);
    const updated = changedDoc || added.length > 0 || removed.length > 0 ? this.groups.update(existing, doc, ctx.now) : existing;
    this.recordRename(ctx, existing, updated);
    this.recordMembers(ctx, updated, added, removed);

    if (ctx.request.query.get('attributes')) {
      return this.answer(ctx, updated, 200);
    }
    return scimResponse(204, undefined, { ETag: etagOf(updated.version) });
  }

  delete(ctx: RequestContext, id: string): ScimResponse {
    const existing = this.require(ctx, id);
    checkPreconditions(ctx.request, existing.version, 'write');
    const grantsAccess = this.groups.hasMappings(existing.id);
    const members = this.groups.delete(existing.id);
    for (const member of members) {
      if (member.type === 'User' && grantsAccess) {
        ctx.affectedUsers.add(member.id);
      }
    }
    ctx.changes.push({
      type: 'group.deleted',
      text: `Deleted group ${existing.displayName} with ${members.length} members`,
      groupId: existing.id,
      name: existing.displayName,
    });
    return scimResponse(204);
  }

  list(ctx: RequestContext, query: ListQuery): ScimResponse {
    const { total, groups } = this.groups.list(ctx.connection.id, query.where, query.orderBy, query.startIndex - 1, query.count);
    const withMembers = includesAttribute('Group', query.projection, 'members');
    const resources = groups.map((group) =>
      applyProjection('Group', renderGroup(group, ctx.request.baseUrl, withMembers ? this.groups.members(group.id) : undefined), query.projection),
    );
    return scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      startIndex: query.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    });
  }

  private applyMemberOperation(
    group: StoredGroup,
    operation: PatchOperation,
    target: PatchTarget,
    value: unknown,
  ): { added: MemberRef[]; removed: MemberRef[] } {
    const label = `PatchOp operation ${operation.index}`;
    if (target.subAttribute) {
      throw new ScimError(400, 'mutability', `${label}: member sub-attributes cannot be changed or removed; remove the member and add it again.`);
    }

    if (operation.op === 'add') {
      return { added: this.groups.addMembers(group, readMembersValue(value)), removed: [] };
    }
    if (operation.op === 'replace') {
      if (target.filter) {
        throw new ScimError(400, 'invalidPath', `${label}: replacing filtered members is not supported; remove them and add the new ones.`);
      }
      return this.groups.replaceMembers(group, readMembersValue(value));
    }

    if (target.filter) {
      return { added: [], removed: this.groups.removeMembers(group.id, this.matchMembers(group, target.filter)) };
    }
    if (operation.hasValue && value !== null) {
      // Entra ID's default job removes members by listing them as the value, without a filter.
      const ids = readMembersValue(Array.isArray(value) ? value : [value]).map((member) => member.value);
      return { added: [], removed: this.groups.removeMembers(group.id, ids) };
    }
    return { added: [], removed: this.groups.removeMembers(group.id, this.groups.memberRefs(group.id).map((ref) => ref.id)) };
  }

  /** Finds the member ids a value filter selects, e.g. `members[value eq "…"]`. */
  private matchMembers(group: StoredGroup, filter: FilterNode): string[] {
    const equalsId = memberIdsOfSimpleFilter(filter);
    if (equalsId) {
      return equalsId;
    }
    return this.groups
      .members(group.id)
      .filter((member) => evaluateFilter(filter, 'Group', { members: [member] }))
      .map((member) => member.value);
  }

  private recordRename(ctx: RequestContext, before: StoredGroup, after: StoredGroup): void {
    if (before.displayName !== after.displayName) {
      ctx.changes.push({ type: 'group.renamed', text: `Renamed group ${before.displayName} to ${after.displayName}`, groupId: after.id, name: after.displayName });
    }
  }

  private recordMembers(ctx: RequestContext, group: StoredGroup, added: MemberRef[], removed: MemberRef[]): void {
    const names = this.groups.namesOf([...added, ...removed]);
    // Joining or leaving a group that no mapping names cannot change anyone's access.
    const grantsAccess = this.groups.hasMappings(group.id);
    for (const [refs, type, verb] of [
      [added, 'member.added', 'joined'],
      [removed, 'member.removed', 'left'],
    ] as const) {
      for (const ref of refs) {
        if (ref.type === 'User' && grantsAccess) {
          ctx.affectedUsers.add(ref.id);
        }
        const text = `${names.get(ref.id) ?? ref.id} ${verb} ${group.displayName}`;
        ctx.changes.push({ type, text, groupId: group.id, ...(ref.type === 'User' ? { userId: ref.id } : {}) });
      }
    }
  }

  private require(ctx: RequestContext, id: string): StoredGroup {
    const group = this.groups.get(ctx.connection.id, id);
    if (!group) {
      throw new ScimError(404, undefined, `Group ${id} not found.`);
    }
    return group;
  }

  private answer(ctx: RequestContext, group: StoredGroup, status: number): ScimResponse {
    const projection = readProjection('Group', ctx.request.query.get('attributes'), ctx.request.query.get('excludedAttributes'));
    const members = includesAttribute('Group', projection, 'members') ? this.groups.members(group.id) : undefined;
    const resource = applyProjection('Group', renderGroup(group, ctx.request.baseUrl, members), projection);
    const headers: Record<string, string> = { ETag: etagOf(group.version) };
    if (status === 201) {
      headers.Location = `${ctx.request.baseUrl}/Groups/${group.id}`;
    }
    return scimResponse(status, resource, headers);
  }
}

/**
 * Returns the ids selected by a member filter that only compares `value` with `eq`,
 * joined by `or` (`members[value eq "a" or value eq "b"]`), so that removing a
 * member from a large group needs no scan of its members. Other filters return
 * undefined and are evaluated member by member.
 */
function memberIdsOfSimpleFilter(filter: FilterNode): string[] | undefined {
  if (filter.kind === 'valuePath') {
    return memberIdsOfSimpleFilter(filter.filter);
  }
  if (filter.kind === 'or') {
    const left = memberIdsOfSimpleFilter(filter.left);
    const right = memberIdsOfSimpleFilter(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (
    filter.kind === 'comparison' &&
    filter.operator === 'eq' &&
    filter.path.attribute.toLowerCase() === 'value' &&
    filter.path.subAttribute === undefined &&
    typeof filter.value === 'string'
  ) {
    return [filter.value];
  }
  return undefined;
}
