/**
 * Pushes a generated directory to a SCIM server in a provider's request shapes: users (each
 * looked up first when the provider does so), then groups, then memberships in batches, with a
 * bounded number of requests in flight.
 */

import { request, type Dispatcher } from 'undici';
import type { ProviderProfile } from '../../shared/providers/index.ts';
import { joinUrl, parseBaseUrl } from '../replay/url.ts';
import type { Directory, DirectoryGroup, DirectoryUser } from './directory.ts';
import { providerShapes, type ProviderShapes, type ShapedMember, type ShapedRequest } from './shapes.ts';

/** Members added per PATCH request. */
export const MEMBERS_PER_PATCH = 50;
/** Failure messages kept for the summary; later ones are only counted. */
const KEPT_FAILURES = 10;
/** Time limit for one request, in milliseconds. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface PushOptions {
  profile: ProviderProfile;
  /** SCIM base URL, such as http://127.0.0.1:8417/scim/v2. */
  baseUrl: string;
  /** Bearer token; never printed or stored. */
  token: string;
  directory: Directory;
  /** Maximum requests in flight. */
  concurrency: number;
  dispatcher?: Dispatcher;
  /** Called after every request with the counts so far. */
  onProgress?: (progress: PushProgress) => void;
}

/** Counts of a push, updated while it runs. */
export interface PushProgress {
  phase: 'users' | 'groups' | 'memberships' | 'done';
  users: { total: number; created: number; existing: number; failed: number };
  groups: { total: number; created: number; existing: number; failed: number };
  memberships: { total: number; added: number; failed: number };
  requests: number;
}

/** The outcome of a push. */
export interface PushSummary extends PushProgress {
  durationMs: number;
  /** The first failures, each naming the request and the response. */
  failures: string[];
  failureCount: number;
  /**
   * The first request that got 401 or 403, with its status; null when none did. After it the push
   * sends nothing more, because every later request would be rejected too.
   */
  rejectedBy: string | null;
}

interface Answer {
  status: number;
  body: unknown;
}

/**
 * Pushes the directory and resolves with the counts; request failures are counted, not thrown.
 * A 401 or 403 stops the push (see PushSummary.rejectedBy).
 */
export async function pushDirectory(options: PushOptions): Promise<PushSummary> {
  const started = performance.now();
  const base = parseBaseUrl(options.baseUrl);
  const shapes = providerShapes(options.profile);
  const { users, groups } = options.directory;
  const memberships = groups.reduce((sum, group) => sum + group.memberIndexes.length, 0);
  const summary: PushSummary = {
    phase: 'users',
    users: { total: users.length, created: 0, existing: 0, failed: 0 },
    groups: { total: groups.length, created: 0, existing: 0, failed: 0 },
    memberships: { total: memberships, added: 0, failed: 0 },
    requests: 0,
    durationMs: 0,
    failures: [],
    failureCount: 0,
    rejectedBy: null,
  };

  const send = async (shaped: ShapedRequest): Promise<Answer | undefined> => {
    try {
      const answer = await sendRequest(base, shaped, options);
      if ((answer.status === 401 || answer.status === 403) && summary.rejectedBy === null) {
        summary.rejectedBy = `${shaped.method} ${shaped.path} answered ${answer.status}${detailOf(answer)}`;
      }
      return answer;
    } catch (error) {
      fail(summary, `${shaped.method} ${shaped.path} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      summary.requests += 1;
      options.onProgress?.(summary);
    }
  };

  const userIds = new Map<number, string>();
  await runBounded(users, options.concurrency, async (user) => {
    if (summary.rejectedBy !== null) return;
    const id = await provisionUser(shapes, user, send, summary);
    if (id !== undefined) userIds.set(user.index, id);
  });

  summary.phase = 'groups';
  const groupIds = new Map<string, string>();
  await runBounded(groups, options.concurrency, async (group) => {
    if (summary.rejectedBy !== null) return;
    const id = await provisionGroup(shapes, group, send, summary);
    if (id !== undefined) groupIds.set(group.name, id);
  });

  summary.phase = 'memberships';
  const batches = groups.flatMap((group) => membershipBatches(group, groupIds.get(group.name), userIds, users, summary));
  await runBounded(batches, options.concurrency, async (batch) => {
    if (summary.rejectedBy !== null) return;
    const answer = await send(shapes.addMembers(batch.groupId, batch.group, batch.members));
    if (answer && answer.status < 300) {
      summary.memberships.added += batch.members.length;
    } else {
      summary.memberships.failed += batch.members.length;
      if (answer) fail(summary, `Adding ${batch.members.length} members to ${batch.group.name} answered ${answer.status}${detailOf(answer)}`);
    }
  });

  summary.phase = 'done';
  summary.durationMs = Math.round(performance.now() - started);
  options.onProgress?.(summary);
  return summary;
}

type Send = (shaped: ShapedRequest) => Promise<Answer | undefined>;

/** Looks the user up as the provider does, creates it when missing, and returns its SCIM id. */
async function provisionUser(shapes: ProviderShapes, user: DirectoryUser, send: Send, summary: PushSummary): Promise<string | undefined> {
  const lookup = shapes.lookupUser(user);
  if (lookup) {
    const found = await send(lookup);
    const existing = firstResourceId(found);
    if (existing !== undefined) {
      summary.users.existing += 1;
      return existing;
    }
  }
  const created = await send(shapes.createUser(user));
  const id = created?.status === 201 ? idOf(created.body) : undefined;
  if (id === undefined) {
    summary.users.failed += 1;
    if (created) fail(summary, `Creating ${user.userName} answered ${created.status}${detailOf(created)}`);
    return undefined;
  }
  summary.users.created += 1;
  return id;
}

async function provisionGroup(shapes: ProviderShapes, group: DirectoryGroup, send: Send, summary: PushSummary): Promise<string | undefined> {
  const lookup = shapes.lookupGroup(group);
  if (lookup) {
    const existing = firstResourceId(await send(lookup));
    if (existing !== undefined) {
      summary.groups.existing += 1;
      return existing;
    }
  }
  const created = await send(shapes.createGroup(group));
  const id = created?.status === 201 ? idOf(created.body) : undefined;
  if (id === undefined) {
    summary.groups.failed += 1;
    if (created) fail(summary, `Creating the group ${group.name} answered ${created.status}${detailOf(created)}`);
    return undefined;
  }
  summary.groups.created += 1;
  return id;
}

interface MembershipBatch {
  groupId: string;
  group: DirectoryGroup;
  members: ShapedMember[];
}

/** Splits a group's members into PATCH batches; members whose user or group failed count as failed. */
function membershipBatches(
  group: DirectoryGroup,
  groupId: string | undefined,
  userIds: Map<number, string>,
  users: DirectoryUser[],
  summary: PushSummary,
): MembershipBatch[] {
  const members: ShapedMember[] = [];
  for (const index of group.memberIndexes) {
    const id = userIds.get(index);
    if (id === undefined || groupId === undefined) {
      summary.memberships.failed += 1;
    } else {
      members.push({ id, user: users[index]! });
    }
  }
  const batches: MembershipBatch[] = [];
  for (let start = 0; start < members.length; start += MEMBERS_PER_PATCH) {
    batches.push({ groupId: groupId!, group, members: members.slice(start, start + MEMBERS_PER_PATCH) });
  }
  return batches;
}

async function sendRequest(base: URL, shaped: ShapedRequest, options: PushOptions): Promise<Answer> {
  const headers: Record<string, string> = { ...shaped.headers, Authorization: `Bearer ${options.token}` };
  const payload = shaped.body === undefined ? undefined : JSON.stringify(shaped.body);
  if (payload !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/scim+json';
  }
  const response = await request(joinUrl(base, shaped.path), {
    method: shaped.method as Dispatcher.HttpMethod,
    headers,
    body: payload,
    dispatcher: options.dispatcher,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.body.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, body };
}

/** Runs `work` for every item with at most `limit` running at once. */
async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function firstResourceId(answer: Answer | undefined): string | undefined {
  if (answer?.status !== 200) return undefined;
  const resources = (answer.body as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(resources) ? idOf(resources[0]) : undefined;
}

function idOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function detailOf(answer: Answer): string {
  const detail = (answer.body as { detail?: unknown } | undefined)?.detail;
  return typeof detail === 'string' ? `: ${detail}` : '';
}

function fail(summary: PushSummary, message: string): void {
  summary.failureCount += 1;
  if (summary.failures.length < KEPT_FAILURES) summary.failures.push(message);
}
