import pino from 'pino';

/**
 * The engine's one logger. Each module takes a child named after it, e.g.
 * `createLogger('scim')`. Level comes from SCIMDESK_LOG_LEVEL (default info; tests
 * default to silent) and lines go to stderr, so that stdout stays free for the
 * CLI's `--json` output. Secrets are removed by `redact` as a second line of
 * defence: callers never pass tokens or passwords in the first place.
 */
const rootLogger = pino({
  name: 'scimdesk',
  level: process.env.SCIMDESK_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  redact: {
    paths: ['authorization', 'headers.authorization', 'token', 'password', '*.password', '*.token'],
    censor: '[redacted]',
  },
}, pino.destination(2));

export type Logger = pino.Logger;

/** Returns a child logger for one module. */
export function createLogger(module: string): Logger {
  return rootLogger.child({ module });
}
