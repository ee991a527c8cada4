/**
 * The benchmark's workloads. Each one sends a bounded number of SCIM requests
 * through runTasks and checks the responses. Later workloads use the users and
 * groups that earlier ones created, which BenchState carries.
 */
import {
  addMembersOperation,
  deactivateOperation,
  groupBody,
  MANAGER_SPAN,
  patchBody,
  removeMemberOperation,
  userBody,
  userNameLookupPath,
  userNameOf,
} from './bodies.ts';
import { runTasks, type Recorder, type RunOutcome, type ScimClient } from './driver.ts';

/** Members added per PATCH when a group grows. */
export const MEMBER_BATCH_SIZE = 100;
/** Users per page when paging through all users. */
export const PAGE_SIZE = 100;
/** userName prefix of the users that the create workload makes. */
const BENCH_PREFIX = 'bench';
/** userName prefix of the users that the Entra ID replay makes. */
const REPLAY_PREFIX = 'entra';

/** Request counts and bounds of one benchmark run. */
export interface WorkloadSizes {
  users: number;
  lookups: number;
  groups: number;
  /** Members the large group grows to (at most `users`). */
  groupMembers: number;
  removals: number;
  deactivations: number;
  replayUsers: number;
  /** Requests in flight at once in the concurrent workloads. */
  concurrency: number;
  /** Time after which a workload starts no more tasks, in milliseconds. */
  timeLimitMs: number;
}

/** Returns the sizes of a full run multiplied by `scale` (e.g. 0.1 for a quick check). */
export function sizesFor(scale: number, timeLimitSeconds: number): WorkloadSizes {
  const scaled = (count: number, minimum: number): number => Math.max(minimum, Math.round(count * scale));
  return {
    users: scaled(20_000, 20),
    lookups: scaled(20_000, 20),
    groups: scaled(200, 4),
    groupMembers: scaled(20_000, 20),
    removals: scaled(2_000, 2),
    deactivations: scaled(5_000, 5),
    replayUsers: scaled(2_000, 2),
    concurrency: 8,
    timeLimitMs: timeLimitSeconds * 1000,
  };
}

/** A user the server created. */
export interface CreatedUser {
  id: string;
  userName: string;
}

/** What the workloads created, for the workloads after them. */
export interface BenchState {
  /** Created users by index; an index whose POST failed has no entry. */
  users: (CreatedUser | undefined)[];
  groupIds: (string | undefined)[];
  /** Latency of each member batch of growGroup, in milliseconds, in order. */
  memberBatchLatenciesMs: number[];
}

/** A workload: sends its requests to `client` and returns what happened. */
export type Workload = (client: ScimClient, state: BenchState, sizes: WorkloadSizes) => Promise<RunOutcome>;

function createdUsers(state: BenchState): CreatedUser[] {
  return state.users.filter((user): user is CreatedUser => user !== undefined);
}

function createdGroupIds(state: BenchState): string[] {
  return state.groupIds.filter((id): id is string => id !== undefined);
}

function bounds(sizes: WorkloadSizes, tasks: number, concurrency = sizes.concurrency): { tasks: number; concurrency: number; timeLimitMs: number } {
  return { tasks, concurrency, timeLimitMs: sizes.timeLimitMs };
}

/** Returns the `id` of a created resource, recording an error when it has none. */
function idOf(body: unknown, recorder: Recorder, requestLabel: string): string | undefined {
  if (body === undefined) {
    return undefined;
  }
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') {
    recorder.fail(`${requestLabel} returned a resource without an id.`);
    return undefined;
  }
  return id;
}

/**
 * Returns a pseudo-random number generator (mulberry32) over [0, 1), so that
 * lookups visit users in the same scattered order on every run.
 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** POST /Users with the enterprise extension; each block of MANAGER_SPAN users reports to the first user of the block before. */
export const createUsers: Workload = (client, state, sizes) =>
  runTasks(bounds(sizes, sizes.users), async (index, recorder) => {
    const managerIndex = (Math.floor(index / MANAGER_SPAN) - 1) * MANAGER_SPAN;
    const managerId = managerIndex >= 0 ? state.users[managerIndex]?.id : undefined;
    const body = userBody(BENCH_PREFIX, index, managerId);
    const created = await recorder.call(client, { method: 'POST', path: '/Users', body, expect: [201] });
    const id = idOf(created, recorder, 'POST /Users');
    if (id !== undefined) {
      state.users[index] = { id, userName: String(body.userName) };
    }
  });

/** GET /Users?filter=userName eq "…" for created users in a scattered order; each must find exactly that user. */
export const lookUpUsers: Workload = (client, state, sizes) => {
  const users = createdUsers(state);
  const random = seededRandom(20_000);
  return runTasks(bounds(sizes, users.length === 0 ? 0 : sizes.lookups), async (_index, recorder) => {
    const user = users[Math.floor(random() * users.length)]!;
    const found = (await recorder.call(client, { method: 'GET', path: userNameLookupPath(user.userName), expect: [200] })) as
      | { totalResults?: number; Resources?: { id?: string }[] }
      | undefined;
    if (found && (found.totalResults !== 1 || found.Resources?.[0]?.id !== user.id)) {
      recorder.fail(`The lookup of ${user.userName} returned totalResults ${found.totalResults}, not the one user ${user.id}.`);
    }
  });
};

/** The same lookups as lookUpUsers sent to the ceiling server, which returns the same body for each. */
export const lookUpCeiling: Workload = (client, _state, sizes) =>
  runTasks(bounds(sizes, sizes.lookups), async (index, recorder) => {
    await recorder.call(client, { method: 'GET', path: userNameLookupPath(userNameOf(BENCH_PREFIX, index % sizes.users)), expect: [200] });
  });

/** Pages through all users, one page after another, and checks that the ids seen add up to totalResults. */
export const pageUsers: Workload = async (client, state, sizes) => {
  const seen = new Set<string>();
  let resourcesSeen = 0;
  let totalResults: number | undefined;
  // A few spare pages, in case the server contains more users than this run created.
  const maxPages = Math.ceil(createdUsers(state).length / PAGE_SIZE) + 5;

  const outcome = await runTasks(bounds(sizes, maxPages, 1), async (index, recorder) => {
    const startIndex = index * PAGE_SIZE + 1;
    const page = (await recorder.call(client, { method: 'GET', path: `/Users?startIndex=${startIndex}&count=${PAGE_SIZE}`, expect: [200] })) as
      | { totalResults?: number; Resources?: { id?: string }[] }
      | undefined;
    if (!page) {
      return;
    }
    totalResults = page.totalResults;
    for (const resource of page.Resources ?? []) {
      seen.add(String(resource.id));
      resourcesSeen += 1;
    }
    return (page.Resources?.length ?? 0) > 0 && startIndex + PAGE_SIZE <= (totalResults ?? 0);
  });

  if (!outcome.cutShort && (totalResults !== seen.size || resourcesSeen !== seen.size)) {
    outcome.recorder.fail(`Paging saw ${resourcesSeen} resources with ${seen.size} distinct ids, but totalResults is ${totalResults}.`);
  }
  return outcome;
};

/** POST /Groups without members, as Entra ID creates groups. */
export const createGroups: Workload = (client, state, sizes) =>
  runTasks(bounds(sizes, sizes.groups), async (index, recorder) => {
    const created = await recorder.call(client, { method: 'POST', path: '/Groups', body: groupBody(index), expect: [201] });
    const id = idOf(created, recorder, 'POST /Groups');
    if (id !== undefined) {
      state.groupIds[index] = id;
    }
  });

/** Grows the first group to `groupMembers` members, one PATCH of MEMBER_BATCH_SIZE members after another. */
export const growGroup: Workload = async (client, state, sizes) => {
  const groupId = createdGroupIds(state)[0];
  const members = createdUsers(state).slice(0, sizes.groupMembers);
  const batches = groupId === undefined ? 0 : Math.ceil(members.length / MEMBER_BATCH_SIZE);

  const outcome = await runTasks(bounds(sizes, batches, 1), async (index, recorder) => {
    const batch = members.slice(index * MEMBER_BATCH_SIZE, (index + 1) * MEMBER_BATCH_SIZE).map((user) => user.id);
    const body = patchBody(addMembersOperation(batch));
    await recorder.call(client, { method: 'PATCH', path: `/Groups/${groupId}`, body, expect: [200, 204] });
  });
  state.memberBatchLatenciesMs = [...outcome.recorder.latenciesMs];
  return outcome;
};

/** Removes the large group's first members one PATCH at a time, with a `members[value eq "…"]` path. */
export const removeMembers: Workload = (client, state, sizes) => {
  const groupId = createdGroupIds(state)[0];
  const members = createdUsers(state).slice(0, Math.min(sizes.removals, sizes.groupMembers));
  return runTasks(bounds(sizes, groupId === undefined ? 0 : members.length), async (index, recorder) => {
    const body = patchBody(removeMemberOperation(members[index]!.id));
    await recorder.call(client, { method: 'PATCH', path: `/Groups/${groupId}`, body, expect: [200, 204] });
  });
};

/**
 * PATCH active=false on users that are still members of the large group. The
 * server may respond with 204 (the engine does for Entra ID connections), and only a
 * 200 body can be checked.
 */
export const deactivateUsers: Workload = (client, state, sizes) => {
  const users = createdUsers(state).slice(sizes.removals, sizes.removals + sizes.deactivations);
  return runTasks(bounds(sizes, users.length), async (index, recorder) => {
    const user = users[index]!;
    const body = patchBody(deactivateOperation());
    const updated = (await recorder.call(client, { method: 'PATCH', path: `/Users/${user.id}`, body, expect: [200, 204] })) as
      | { active?: unknown }
      | null
      | undefined;
    if (updated && updated.active !== false) {
      recorder.fail(`PATCH /Users/${user.id} returned active ${JSON.stringify(updated.active)} instead of false.`);
    }
  });
};

/**
 * Entra ID's sequence for a newly assigned user: a lookup by userName that finds
 * nothing, POST /Users, then one PATCH "Add" member to each of three groups
 * (never the large one). Five requests per user.
 */
export const replayEntra: Workload = (client, state, sizes) => {
  const groupIds = createdGroupIds(state).slice(1);
  const tasks = groupIds.length < 3 ? 0 : sizes.replayUsers;
  return runTasks(bounds(sizes, tasks), async (index, recorder) => {
    const body = userBody(REPLAY_PREFIX, index, undefined);
    const found = (await recorder.call(client, { method: 'GET', path: userNameLookupPath(String(body.userName)), expect: [200] })) as
      | { totalResults?: number }
      | undefined;
    if (!found) {
      return;
    }
    if (found.totalResults !== 0) {
      recorder.fail(`The lookup of the new user ${String(body.userName)} returned totalResults ${found.totalResults}, expected 0.`);
      return;
    }

    const id = idOf(await recorder.call(client, { method: 'POST', path: '/Users', body, expect: [201] }), recorder, 'POST /Users');
    if (id === undefined) {
      return;
    }
    const third = Math.floor(groupIds.length / 3);
    for (const offset of [0, third, 2 * third]) {
      const groupId = groupIds[(index + offset) % groupIds.length]!;
      await recorder.call(client, { method: 'PATCH', path: `/Groups/${groupId}`, body: patchBody(addMembersOperation([id], 'Add')), expect: [200, 204] });
    }
  });
};
