/**
 * Measures how smoothly the Live events screen follows 1,000 new events per second.
 * `scimdesk serve` runs on a fresh data directory and Chromium shows its Live events
 * screen, while the driver sends user lookups at that rate over loopback for
 * DURATION_MS. The page records the interval between animation frames and its long tasks.
 *
 * Run: node bench/console-stream.ts   (writes bench/results/console-stream.json)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { Pool } from 'undici';

const ROOT = resolve(import.meta.dirname, '..');
const TARGET_EVENTS_PER_SECOND = 1000;
const DURATION_MS = 10_000;
/** Interval between two batches of requests, in milliseconds. */
const TICK_MS = 10;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];

interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  framesOver50Ms: number;
  longTaskMs: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-stream-'));
const cli = (...args: string[]): string =>
  spawnSync(process.execPath, [join(ROOT, 'bin/scimdesk.js'), ...args, '--data', dataDir], { encoding: 'utf8' }).stdout;

const server = spawn(process.execPath, [join(ROOT, 'bin/scimdesk.js'), 'serve', '--data', dataDir, '--scim-port', '0', '--console-port', '0', '--json'], {
  env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ready = await new Promise<{ scimBaseUrl: string; consoleUrl: string }>((done) => {
  createInterface({ input: server.stdout! }).once('line', (line) => done(JSON.parse(line) as { scimBaseUrl: string; consoleUrl: string }));
});

try {
  const { token } = JSON.parse(cli('connection', 'create', '--provider', 'okta', '--name', 'Stream', '--json')) as { token: string };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(ready.consoleUrl);
  await page.getByTestId('nav-events').click();
  await page.evaluate(startFrameRecorder);

  const sent = await sendAtRate(ready.scimBaseUrl, token);
  await page.waitForTimeout(1000);
  const frames = (await page.evaluate(stopFrameRecorder)) as FrameStats;
  const rendered = await page.getByTestId('event-row').count();
  const shownIds = await page.getByTestId('event-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-event-id'))));
  await browser.close();

  const result = {
    date: new Date().toISOString(),
    targetEventsPerSecond: TARGET_EVENTS_PER_SECOND,
    achievedEventsPerSecond: Math.round(sent.completed / (sent.elapsedMs / 1000)),
    errors: sent.errors,
    frames,
    rowsInDom: rendered,
    /** The newest event id on screen; it should be near the number of requests sent, showing the list kept up. */
    newestEventIdShown: Math.max(0, ...shownIds),
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/console-stream.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

/** Sends lookups at the target rate for DURATION_MS and counts the responses. */
async function sendAtRate(baseUrl: string, token: string): Promise<{ completed: number; errors: number; elapsedMs: number }> {
  const url = new URL(baseUrl);
  const pool = new Pool(url.origin, { connections: 8 });
  const perTick = Math.round((TARGET_EVENTS_PER_SECOND * TICK_MS) / 1000);
  let completed = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();

  for (let tick = 0; performance.now() - started < DURATION_MS; tick += 1) {
    for (let index = 0; index < perTick; index += 1) {
      const userName = `nobody-${tick}-${index}@example.com`;
      const path = `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
      inFlight.push(
        pool
          .request({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })
          .then(async (response) => {
            await response.body.dump();
            response.statusCode === 200 ? (completed += 1) : (errors += 1);
          })
          .catch(() => {
            errors += 1;
          }),
      );
    }
    const next = started + (tick + 1) * TICK_MS;
    await new Promise((done) => setTimeout(done, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { completed, errors, elapsedMs };
}

/** Runs in the page: records every animation frame's interval and the long tasks. */
function startFrameRecorder(): void {
  const state = { intervals: [] as number[], longTaskMs: 0, last: performance.now(), running: true };
  (window as unknown as { frameRecorder: typeof state }).frameRecorder = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTaskMs += entry.duration;
    }
  }).observe({ type: 'longtask', buffered: false });
  const onFrame = (now: number): void => {
    state.intervals.push(now - state.last);
    state.last = now;
    if (state.running) {
      requestAnimationFrame(onFrame);
    }
  };
  requestAnimationFrame(onFrame);
}

/** Runs in the page: stops the recorder and summarizes the frame intervals. */
function stopFrameRecorder(): FrameStats {
  const state = (window as unknown as { frameRecorder: { intervals: number[]; longTaskMs: number; running: boolean } }).frameRecorder;
  state.running = false;
  const sorted = [...state.intervals].sort((a, b) => a - b);
  const at = (share: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0) * 10) / 10;
  return {
    frames: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    framesOver50Ms: sorted.filter((interval) => interval > 50).length,
    longTaskMs: Math.round(state.longTaskMs),
  };
}
