/**
 * A provider's request shapes for a generated directory. Each request is the provider's own step
 * from its profile, with its headers, body layout and quirks (such as `active: "true"` or a
 * repeated group name). Only the sample values (Ada, the editors group) become generated ones.
 */

import { randomUUID } from 'node:crypto';
import type { ProviderProfile, ProviderStep, StepKind } from '../../shared/providers/index.ts';
import type { DirectoryGroup, DirectoryUser } from './directory.ts';

/** One request to send: path relative to the SCIM base URL, the provider's headers and a JSON body. */
export interface ShapedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A member of a group push: the SCIM id the server gave the user, and the user. */
export interface ShapedMember {
  id: string;
  user: DirectoryUser;
}

/** The requests a provider sends to provision a directory, in its own shapes. */
export interface ProviderShapes {
  /** The lookup before a create, or null when the provider sends none. */
  lookupUser(user: DirectoryUser): ShapedRequest | null;
  createUser(user: DirectoryUser): ShapedRequest;
  lookupGroup(group: DirectoryGroup): ShapedRequest | null;
  createGroup(group: DirectoryGroup): ShapedRequest;
  addMembers(groupId: string, group: DirectoryGroup, members: ShapedMember[]): ShapedRequest;
}

const SAMPLE_USER = 'ada@example.com';
const SAMPLE_DISPLAY_NAME = 'Ada Example';
const SAMPLE_USER_ID = '{{user:ada}}';
const SAMPLE_GROUP_ID = '{{group:editors}}';

/** Builds the provider's shapes; throws when its sequence lacks a step a directory push needs. */
export function providerShapes(profile: ProviderProfile): ProviderShapes {
  const createUser = requireStep(profile, 'create-user');
  const createGroup = requireStep(profile, 'create-group');
  const addMember = requireStep(profile, 'add-member');
  const lookupUser = findStep(profile, 'lookup-user');
  const lookupGroup = findStep(profile, 'lookup-group');
  const sampleGroup = String((createGroup.body as { displayName?: unknown }).displayName ?? '');

  return {
    lookupUser: (user) =>
      lookupUser && lookupUser.path.includes(encodeURIComponent(SAMPLE_USER))
        ? request(lookupUser, lookupUser.path.replace(encodeURIComponent(SAMPLE_USER), encodeURIComponent(user.userName)))
        : null,
    createUser: (user) => request(createUser, createUser.path, shapeUser(createUser.body, user)),
    lookupGroup: (group) =>
      lookupGroup && lookupGroup.path.includes(encodeURIComponent(sampleGroup))
        ? request(lookupGroup, lookupGroup.path.replace(encodeURIComponent(sampleGroup), encodeURIComponent(group.name)))
        : null,
    createGroup: (group) => request(createGroup, createGroup.path, shapeGroup(createGroup.body, group)),
    addMembers: (groupId, group, members) =>
      request(addMember, addMember.path.replace(SAMPLE_GROUP_ID, groupId), shapeMembers(addMember.body, sampleGroup, groupId, group, members)),
  };
}

function request(step: ProviderStep, path: string, body?: unknown): ShapedRequest {
  return { method: step.method ?? 'GET', path, headers: { ...step.headers }, body };
}

function findStep(profile: ProviderProfile, kind: StepKind): ProviderStep | undefined {
  return profile.sequence.find((step) => step.kind === kind && step.method !== null);
}

function requireStep(profile: ProviderProfile, kind: StepKind): ProviderStep {
  const step = findStep(profile, kind);
  if (!step) {
    throw new Error(`The ${profile.displayName} profile has no ${kind} step, so its directory shapes cannot be built.`);
  }
  return step;
}

/** Replaces the sample user's values in a create body, attribute by attribute. */
function shapeUser(template: unknown, user: DirectoryUser): unknown {
  return mapJson(template, (key, value, parentKey) => {
    if (typeof value !== 'string') {
      return value;
    }
    switch (key) {
      case 'userName':
        return user.userName;
      case 'givenName':
        return user.givenName;
      case 'familyName':
        return user.familyName;
      case 'middleName':
        return undefined;
      case 'formatted':
      case 'displayName':
        return parentKey === 'manager' ? value : user.displayName;
      case 'title':
        return user.title;
      case 'department':
        return user.department;
      case 'employeeNumber':
        return value.replace(/\d+$/, (digits) => String(1000 + user.index).padStart(digits.length, '0'));
      case 'externalId':
        return externalIdLike(value, user);
      case 'password':
        return `${randomUUID()}-Aa1`;
      default:
        return value.replaceAll(SAMPLE_USER, user.email).replaceAll(SAMPLE_DISPLAY_NAME, user.displayName);
    }
  });
}

/** Returns an externalId in the template's format: a mail nickname, a numbered id, or an opaque id of the same length. */
function externalIdLike(template: string, user: DirectoryUser): string {
  if (template === 'ada') {
    return user.userName.split('@')[0]!;
  }
  if (/\d{3,}$/.test(template)) {
    return template.replace(/\d+$/, (digits) => String(user.index + 1).padStart(digits.length, '0'));
  }
  const prefix = template.slice(0, 3);
  const opaque = randomUUID().replaceAll('-', '');
  return (prefix + opaque).slice(0, Math.max(template.length, 8));
}

function shapeGroup(template: unknown, group: DirectoryGroup): unknown {
  return mapJson(template, (key, value) => {
    if (key === 'displayName') return group.name;
    if (key === 'externalId' && typeof value === 'string') return randomUUID();
    return value;
  });
}

/**
 * Fills a membership PATCH: the group's id and name where the sample group's were, and the
 * member list repeated for each member in the shape of the sample member.
 */
function shapeMembers(template: unknown, sampleGroup: string, groupId: string, group: DirectoryGroup, members: ShapedMember[]): unknown {
  const replaceGroup = (text: string): string => text.replaceAll(SAMPLE_GROUP_ID, groupId).replaceAll(sampleGroup, group.name);
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return replaceGroup(value);
    }
    if (Array.isArray(value)) {
      const sample = value.find((item) => (item as { value?: unknown } | null)?.value === SAMPLE_USER_ID);
      if (sample !== undefined) {
        return members.map((member) => fillMember(sample, member));
      }
      return value.map(expand);
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, expand(inner)]));
    }
    return value;
  };
  return expand(template);
}

function fillMember(sample: unknown, member: ShapedMember): unknown {
  return JSON.parse(JSON.stringify(sample).replaceAll(SAMPLE_USER_ID, member.id).replaceAll(SAMPLE_USER, member.user.userName));
}

type JsonMapper = (key: string, value: unknown, parentKey: string | null) => unknown;

/** Maps a JSON value key by key; a mapper that returns undefined drops the key. */
function mapJson(value: unknown, mapper: JsonMapper, parentKey: string | null = null): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => mapJson(item, mapper, parentKey));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const mapped = inner !== null && typeof inner === 'object' ? mapJson(inner, mapper, key) : mapper(key, inner, parentKey);
    if (mapped !== undefined) {
      result[key] = mapped;
    }
  }
  return result;
}
