import { hostname } from 'node:os';
import type { Db } from './store/database.ts';

/**
 * The SCIM listeners that servers on one data directory announced, so that the CLI and the
 * other servers print the base URL of a server that still runs. A server that stops withdraws
 * its entry, and entries of processes that no longer run on this machine are dropped.
 */
const SETTING_KEY = 'scimListeners';
/** The single URL that earlier versions stored. It is read when no server has announced itself since. */
const LEGACY_SETTING_KEY = 'scimBaseUrl';

/** A listener as a server announced it. */
export interface AnnouncedListener {
  baseUrl: string;
  pid: number;
  hostname: string;
  announcedAt: string;
}

/** Records the listener of this process, in place of any it announced before. */
export function announceListener(db: Db, baseUrl: string, now: string): void {
  const others = readListeners(db).filter((entry) => !isThisProcess(entry) && mayBeRunning(entry));
  writeListeners(db, [...others, { baseUrl, pid: process.pid, hostname: hostname(), announcedAt: now }]);
}

/** Removes the listener of this process, when it stops serving. */
export function withdrawListener(db: Db): void {
  const others = readListeners(db).filter((entry) => !isThisProcess(entry));
  writeListeners(db, others);
}

/**
 * Returns the base URL of the newest listener whose process may still run, else the newest
 * one announced (the next server is likely to bind the same address), else undefined.
 */
export function announcedBaseUrl(db: Db): string | undefined {
  const listeners = readListeners(db);
  const running = listeners.filter(mayBeRunning);
  const newest = running.at(-1) ?? listeners.at(-1);
  if (newest !== undefined) {
    return newest.baseUrl;
  }
  const legacy = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LEGACY_SETTING_KEY) as string | undefined;
  return legacy === undefined ? undefined : (JSON.parse(legacy) as string);
}

function readListeners(db: Db): AnnouncedListener[] {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SETTING_KEY) as string | undefined;
  return stored === undefined ? [] : (JSON.parse(stored) as AnnouncedListener[]);
}

function writeListeners(db: Db, listeners: AnnouncedListener[]): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    SETTING_KEY,
    JSON.stringify(listeners),
  );
}

function isThisProcess(entry: AnnouncedListener): boolean {
  return entry.pid === process.pid && entry.hostname === hostname();
}

/**
 * True unless the entry's process is known to have stopped. A process on another machine
 * (a data directory on a shared drive) cannot be checked, so it counts as running.
 * NOTE: a new process that reuses a stopped server's pid keeps that server's entry alive.
 */
function mayBeRunning(entry: AnnouncedListener): boolean {
  if (entry.hostname !== hostname()) {
    return true;
  }
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
