/**
 * The driver's side of a server child process: start it, read its ReadyLine,
 * read its RSS through IPC and stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ChildMessage, DriverMessage, ReadyLine, RssReport } from './child-ipc.ts';

/** Time a child may take to print its ReadyLine or to reply to a message, in milliseconds. */
const CHILD_REPLY_TIMEOUT_MS = 30_000;

/** Final figures of a stopped child. */
export interface StoppedChild extends RssReport {
  /** Size of the database files in bytes, for servers that have a store. */
  storeBytes?: number;
}

/** A running server child and the way to talk to it. */
export interface ServerChild extends ReadyLine {
  /** Returns the RSS peaks; with `reset`, the next window starts after this reply. */
  readRss(reset: boolean): Promise<RssReport>;
  /** Stops the child and waits for its exit. */
  stop(): Promise<StoppedChild>;
  /** Kills the child without waiting, for cleanup after a failure. */
  kill(): void;
}

/** Options of startServerChild. */
export interface ServerChildOptions {
  /** Node options for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  execArgv: string[];
  /** Environment variables added to the driver's own. */
  env: Record<string, string>;
}

/**
 * Starts `script` (bench/server.ts or bench/ceiling-server.ts) with an IPC
 * channel, and resolves once it printed its ReadyLine. The child's stderr goes to
 * the driver's stderr.
 */
export async function startServerChild(script: string, options: ServerChildOptions): Promise<ServerChild> {
  const child = fork(script, [], {
    execArgv: options.execArgv,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ready = await withTimeout(readReadyLine(child), `${script} did not print its ready line`);

  return {
    ...ready,
    readRss: async (reset) => {
      const reply = await request(child, { type: 'rss', reset }, 'rss');
      return { windowPeakBytes: reply.windowPeakBytes, processPeakBytes: reply.processPeakBytes };
    },
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const reply = await request(child, { type: 'stop' }, 'stopped');
      await withTimeout(exited, `${script} did not exit after stop`);
      return reply;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    },
  };
}

function readReadyLine(child: ChildProcess): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let first = true;
    lines.on('line', (line) => {
      if (!first) {
        // Later stdout lines are not expected; pass them on so that nothing is hidden.
        process.stderr.write(`[server stdout] ${line}\n`);
        return;
      }
      first = false;
      try {
        resolve(JSON.parse(line) as ReadyLine);
      } catch (error) {
        // Not echoed: the ready line carries a bearer token.
        reject(new Error('The server child printed a ready line that is not JSON.', { cause: error }));
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`The server child exited before it was ready (code ${code}, signal ${signal}).`)));
  });
}

function request<T extends ChildMessage['type']>(
  child: ChildProcess,
  message: DriverMessage,
  replyType: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  const reply = new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`The server child exited (code ${code}) while the driver waited for '${replyType}'.`));
    };
    const onMessage = (received: ChildMessage): void => {
      if (received.type === replyType) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(received as Extract<ChildMessage, { type: T }>);
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  child.send(message);
  return withTimeout(reply, `The server child did not reply to '${message.type}'`);
}

async function withTimeout<T>(promise: Promise<T>, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${failure} within ${CHILD_REPLY_TIMEOUT_MS} ms.`)), CHILD_REPLY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
