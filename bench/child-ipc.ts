/**
 * The IPC protocol between the benchmark driver (bench/run.ts) and a server it
 * runs in a child process, and the child's side of it: resident set size (RSS)
 * sampling and an orderly stop.
 */

/** Interval between RSS samples in a server child, in milliseconds. */
export const RSS_SAMPLE_INTERVAL_MS = 100;

/** A message the driver sends to a server child. */
export type DriverMessage =
  /** Asks for the RSS peak since the last reset; `reset` starts a new window after the reply. */
  | { type: 'rss'; reset: boolean }
  /** Asks the child to close its server, report its final figures and exit. */
  | { type: 'stop' };

/** RSS figures of a server child, in bytes. */
export interface RssReport {
  /** Highest sampled RSS since the last reset. */
  windowPeakBytes: number;
  /** Highest RSS since the process started: the kernel's high-water mark or a sample, whichever is higher. */
  processPeakBytes: number;
}

/** A message a server child sends to the driver. */
export type ChildMessage =
  | ({ type: 'rss' } & RssReport)
  /** Final figures; `storeBytes` is the size of the database files, absent for servers without one. */
  | ({ type: 'stopped'; storeBytes?: number } & RssReport);

/** The first line a server child prints on stdout, as JSON. */
export interface ReadyLine {
  /** SCIM base URL, e.g. http://127.0.0.1:40123/scim/v2. */
  baseUrl: string;
  /** Bearer token to send in `Authorization`. */
  token: string;
}

/**
 * Samples this process's RSS every RSS_SAMPLE_INTERVAL_MS and replies to the
 * driver's IPC messages. On `stop` it calls `close`, sends the final figures and
 * exits with code 0, so that `--cpu-prof` can write its profile.
 */
export function serveDriverMessages(close: () => Promise<{ storeBytes?: number }>): void {
  if (!process.send) {
    throw new Error('This server must be started by bench/run.ts with an IPC channel (child_process.fork).');
  }

  let windowPeakBytes = process.memoryUsage.rss();
  let processPeakBytes = windowPeakBytes;
  const sample = (): void => {
    const rssBytes = process.memoryUsage.rss();
    windowPeakBytes = Math.max(windowPeakBytes, rssBytes);
    processPeakBytes = Math.max(processPeakBytes, rssBytes);
  };
  const report = (): RssReport => {
    sample();
    // resourceUsage().maxRSS is in kibibytes and catches peaks between two samples.
    processPeakBytes = Math.max(processPeakBytes, process.resourceUsage().maxRSS * 1024);
    return { windowPeakBytes, processPeakBytes };
  };
  const timer = setInterval(sample, RSS_SAMPLE_INTERVAL_MS);

  process.on('message', (message: DriverMessage) => {
    if (message.type === 'rss') {
      send({ type: 'rss', ...report() });
      if (message.reset) {
        windowPeakBytes = process.memoryUsage.rss();
      }
      return;
    }
    clearInterval(timer);
    void close().then(({ storeBytes }) => {
      const stopped: ChildMessage = { type: 'stopped', ...report(), ...(storeBytes === undefined ? {} : { storeBytes }) };
      // Exit only once the message is handed to the channel, or the driver never receives it.
      process.send?.(stopped, undefined, {}, () => process.exit(0));
    });
  });
  // The driver died or closed the channel without a stop: exit rather than linger.
  process.on('disconnect', () => process.exit(0));
}

function send(message: ChildMessage): void {
  process.send?.(message);
}
