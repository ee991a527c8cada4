/**
 * The wizard's built-in simulator. It sends a provider's typical request sequence from its
 * profile, the same one `scimdesk replay` sends, to the host's own SCIM listener over real HTTP.
 * The credentials are issued for that one run, and each step's result is recorded as it finishes.
 */

import { randomUUID } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import type { Change, Simulation, SimulationStep } from '../../shared/api.ts';
import { PROVIDERS } from '../../shared/providers/index.ts';
import { recomputeAccess } from '../engine/access/recompute.ts';
import { AdminError } from '../engine/admin/errors.ts';
import { nowIso } from '../engine/clock.ts';
import { runAdminChange } from '../engine/connections/admin-change.ts';
import type { SimulatorControl } from '../engine/connections/simulation-control.ts';
import type { Engine } from '../engine/engine.ts';
import { createLogger } from '../engine/log/logger.ts';
import { createTemporaryClient, deleteTemporaryClient } from '../engine/oauth/clients.ts';
import { GroupRepository } from '../engine/scim/resources/group-repository.ts';
import { UserRepository } from '../engine/scim/resources/user-repository.ts';
import type { Db } from '../engine/store/database.ts';
import type { LocalTarget } from '../http/scim-listener.ts';
import { replaySequence, type StepResult } from '../replay/index.ts';
import { chooseUserNameSuffix, personalizeSequence } from './personalize.ts';

const log = createLogger('simulator');

/** Lifetime of the bearer token a run uses; a run takes seconds, so this only bounds a crash's leftovers. */
const RUN_TOKEN_MS = 15 * 60_000;
/** Finished runs kept for getSimulation, oldest dropped first. */
const KEPT_RUNS = 20;
/** Time limit for each simulated request, in milliseconds. */
const STEP_TIMEOUT_MS = 10_000;

/** Runs provider sequences against the listener that `target` returns. */
export class SequenceSimulator implements SimulatorControl {
  private readonly engine: Engine;
  private readonly target: () => LocalTarget;
  private readonly runs = new Map<string, Simulation>();

  constructor(engine: Engine, target: () => LocalTarget) {
    this.engine = engine;
    this.target = target;
  }

  start(connectionId: string, actor: string): Simulation {
    const connection = this.engine.connections.get(connectionId);
    if (connection.disabled) {
      throw new AdminError('refused', `The connection "${connection.name}" is disabled, so the simulator's requests would get 401. Enable it first.`);
    }
    const running = [...this.runs.values()].find((run) => run.connectionId === connectionId && run.state === 'running');
    if (running) {
      throw new AdminError('conflict', `The simulator is already running for "${connection.name}". Wait for that run to finish.`);
    }

    const profile = PROVIDERS[connection.provider];
    const suffix = chooseUserNameSuffix(this.engine, connectionId, profile.sequence);
    const run: Simulation = {
      id: randomUUID(),
      connectionId,
      provider: connection.provider,
      state: 'running',
      totalSteps: profile.sequence.length,
      steps: [],
      startedAt: nowIso(this.engine.clock),
      finishedAt: null,
      error: null,
      userNameSuffix: suffix,
    };
    this.remember(run);
    void this.execute(run, actor).catch((error: unknown) => {
      log.error({ err: error, connectionId }, 'simulator run could not start');
      run.state = 'failed';
      run.error = error instanceof Error ? error.message : String(error);
      run.finishedAt = nowIso(this.engine.clock);
    });
    return structuredClone(run);
  }

  get(simulationId: string): Simulation {
    const run = this.runs.get(simulationId);
    if (!run) {
      throw new AdminError('not-found', `No simulator run has the id "${simulationId}". Runs are kept only while this ScimDesk process runs; start a new one.`);
    }
    return structuredClone(run);
  }

  private async execute(run: Simulation, actor: string): Promise<void> {
    const profile = PROVIDERS[run.provider];
    const sequence = personalizeSequence(profile.sequence, run.userNameSuffix);
    const needsClient = sequence.some((step) => step.kind === 'oauth-token');
    const token = this.engine.connections.issueToken(run.connectionId, {
      kind: 'simulator',
      expiresAt: new Date(this.engine.clock.now().getTime() + RUN_TOKEN_MS).toISOString(),
    });
    const client = needsClient ? createTemporaryClient(this.engine, run.connectionId) : null;
    const target = this.target();
    const dispatcher = target.certificate === null ? undefined : trustingAgent(target.certificate);

    let failure: string | null = null;
    let bindings: ReadonlyMap<string, string> = new Map();
    try {
      ({ bindings } = await replaySequence({
        provider: run.provider,
        baseUrl: target.baseUrl,
        token: token.token,
        clientId: client?.clientId,
        clientSecret: client?.clientSecret,
        sequence,
        dispatcher,
        timeoutMs: STEP_TIMEOUT_MS,
        onStep: (result) => run.steps.push(toSimulationStep(result)),
      }));
    } catch (error) {
      log.error({ err: error, connectionId: run.connectionId }, 'simulator run failed');
      failure = error instanceof Error ? error.message : String(error);
    }
    await dispatcher?.close();
    this.cleanUp(run, { tokenId: token.id, clientRowId: client?.id ?? null, failure, bindings }, actor);

    // The state changes last, so that a poller that reads the end of the run also finds its event.
    run.error = failure;
    run.finishedAt = nowIso(this.engine.clock);
    run.state = failure === null ? 'finished' : 'failed';
  }

  /** Deletes the run's credentials and records the run; the engine may have closed meanwhile, when its host stopped. */
  private cleanUp(
    run: Simulation,
    outcome: { tokenId: string; clientRowId: string | null; failure: string | null; bindings: ReadonlyMap<string, string> },
    actor: string,
  ): void {
    try {
      this.engine.db.prepare('DELETE FROM tokens WHERE id = ?').run(outcome.tokenId);
      if (outcome.clientRowId !== null) {
        deleteTemporaryClient(this.engine, outcome.clientRowId);
      }
    } catch (error) {
      log.warn({ err: error, connectionId: run.connectionId }, 'could not delete the credentials of a simulator run');
      return;
    }
    this.recordRun(run, outcome.failure, outcome.bindings, actor);
  }

  /**
   * Deletes the sample users and groups the run created and appends one admin event that sums
   * the run up, so the event log shows why the requests came and where the samples went.
   */
  private recordRun(run: Simulation, failure: string | null, bindings: ReadonlyMap<string, string>, actor: string): void {
    const sent = run.steps.filter((step) => step.skipped === null);
    const passed = sent.filter((step) => step.ok).length;
    const name = PROVIDERS[run.provider].displayName;
    const answered = failure !== null ? `stopped early: ${failure}` : `${passed} of ${sent.length} requests answered as ${name} expects`;
    try {
      runAdminChange(this.engine, actor, () => {
        const removal = removeSampleResources(this.engine.db, run.connectionId, bindings, nowIso(this.engine.clock));
        return {
          result: undefined,
          summary: `Ran the ${name} simulator: ${answered}, then ${describeRemoval(removal)}`,
          changes: removal.changes,
          connectionId: run.connectionId,
        };
      });
    } catch (error) {
      // The connection may have been deleted while the run was going.
      log.warn({ err: error, connectionId: run.connectionId }, 'could not record the simulator run');
    }
  }

  private remember(run: Simulation): void {
    this.runs.set(run.id, run);
    for (const id of this.runs.keys()) {
      if (this.runs.size <= KEPT_RUNS) {
        break;
      }
      if (this.runs.get(id)?.state !== 'running') {
        this.runs.delete(id);
      }
    }
  }
}

/**
 * Returns an undici Agent that trusts the listener's own certificate besides the usual roots.
 * The host name is not checked, because the simulator connects to a loopback address that the
 * certificate does not name. The pinned certificate proves the peer instead.
 */
function trustingAgent(certificate: string): Agent {
  return new Agent({ connect: { ca: [...rootCertificates, certificate], checkServerIdentity: () => undefined } });
}

function toSimulationStep(result: StepResult): SimulationStep {
  return {
    step: result.step,
    summary: result.summary,
    method: result.method,
    path: result.path,
    status: result.status,
    expected: result.expected,
    ok: result.ok,
    skipped: result.skipped ?? null,
    error: result.error ?? null,
    durationMs: result.durationMs,
  };
}

/** The sample resources a run deleted, and the changes that record their deletion. */
interface SampleRemoval {
  users: number;
  groups: number;
  changes: Change[];
}

/**
 * Deletes the users and groups whose ids the server returned to the run (the bindings such as
 * `user:ada` and `group:editors`), groups first, and recomputes the access of their members.
 * Only ids of the run's own connection are touched, and a sample the sequence deleted itself is skipped.
 * Runs inside the admin change's transaction.
 */
function removeSampleResources(db: Db, connectionId: string, bindings: ReadonlyMap<string, string>, now: string): SampleRemoval {
  const users = new UserRepository(db);
  const groups = new GroupRepository(db);
  const removal: SampleRemoval = { users: 0, groups: 0, changes: [] };
  const affected = new Set<string>();
  for (const [name, id] of bindings) {
    const group = name.startsWith('group:') ? groups.get(connectionId, id) : undefined;
    if (group !== undefined) {
      const members = groups.delete(group.id);
      members.filter((member) => member.type === 'User').forEach((member) => affected.add(member.id));
      removal.groups += 1;
      removal.changes.push({ type: 'group.deleted', text: `Deleted the sample group ${group.displayName}`, groupId: group.id });
    }
  }
  for (const [name, id] of bindings) {
    const user = name.startsWith('user:') ? users.get(connectionId, id) : undefined;
    if (user !== undefined) {
      users.delete(user.id);
      affected.add(user.id);
      removal.users += 1;
      removal.changes.push({ type: 'user.deleted', text: `Deleted the sample user ${user.userName}`, userId: user.id, userName: user.userName });
    }
  }
  removal.changes.push(...recomputeAccess(db, affected, now));
  return removal;
}

/** Describes the sample resources a run deleted, such as "deleted its 2 sample users and 1 sample group". */
function describeRemoval(removal: SampleRemoval): string {
  const counted = (count: number, noun: string): string => `${count} sample ${noun}${count === 1 ? '' : 's'}`;
  return `deleted its ${counted(removal.users, 'user')} and ${counted(removal.groups, 'group')}`;
}
