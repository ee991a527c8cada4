/** Every CLI option that takes a past time reads ISO 8601 dates, date-times and ages alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditFixture, TIMES, type AuditFixture } from './fixture.ts';
import { runCliSync, type SyncCliResult } from '../helpers/cli.ts';

let fixture: AuditFixture;

function scimdesk(...args: string[]): SyncCliResult {
  return runCliSync(args, fixture.dataDir);
}

beforeAll(() => {
  // The fixture's events date from 2025, so every age below reaches back into its log.
  fixture = buildAuditFixture();
});

afterAll(() => {
  fixture.close();
});

describe('permissions --as-of', () => {
  it('accepts an age', () => {
    const run = scimdesk('permissions', '--as-of', '5m', '--user', 'ada@example.com', '--json');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)[0].organization.role).toBe('admin');
  });

  it('reads a date alone as the end of that day', () => {
    const run = scimdesk('permissions', '--as-of', '2025-01-10', '--user', 'ada@example.com', '--json');

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)[0].organization.since).toBe(TIMES.mapped);
  });

  it('rejects a date-time without a time zone', () => {
    const run = scimdesk('permissions', '--as-of', '2025-01-10T12:00:00');

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The --as-of time "2025-01-10T12:00:00" is not valid. It has no time zone');
  });
});

describe('events --since and --until', () => {
  it('read a date alone as 00:00 UTC', () => {
    const run = scimdesk('events', '--since', '2025-01-10', '--until', '2025-01-11', '--type', 'user.created', '--json');

    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('accept an age', () => {
    const run = scimdesk('events', '--since', '20000d', '--type', 'user.created', '--json');

    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
  });
});
