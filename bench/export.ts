/**
 * Export benchmark. It builds a directory of 100,000 users directly in a store,
 * without SCIM requests, for speed. Then it exports the access report once per
 * format, each in its own child process, and records the wall time and the
 * child's peak RSS. Run it alone with `node bench/export.ts [--users N]
 * [--formats csv,pdf]`, or call `runExportBenchmark()` from bench/run.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recomputeAccess } from '../src/main/engine/access/recompute.ts';
import { exportReport } from '../src/main/engine/audit/export.ts';
import { REPORT_FORMATS, type ReportFormat } from '../src/main/engine/audit/report-model.ts';
import { Engine } from '../src/main/engine/engine.ts';

const SCRIPT = fileURLToPath(import.meta.url);
/** Workspaces of the benchmark directory; each has a viewer, an editor and an admin group. */
const WORKSPACES = 10;
/** Users inserted per transaction while building. */
const BATCH = 5000;

/** Counts of a built directory. */
export interface LargeDirectory {
  users: number;
  groups: number;
  memberships: number;
}

/**
 * Fills an engine's store with `userCount` users. User i belongs to the viewer
 * group of workspace i mod 10. Every third user also belongs to the editor group
 * of the next workspace, and every hundredth to the organization admin group.
 * Every fiftieth user is inactive. The engine's own recomputation computes the
 * effective roles, a batch at a time.
 */
export function buildLargeDirectory(engine: Engine, userCount: number): LargeDirectory {
  const now = new Date().toISOString();
  const { connection } = engine.createConnection('okta', 'Bench', 'bench');
  const workspaceIds = Array.from({ length: WORKSPACES }, (_, index) => engine.createWorkspace(`Workspace ${String(index).padStart(2, '0')}`, 'bench').id);
  const db = engine.db;

  const insertGroup = db.prepare(
    `INSERT INTO groups (id, connection_id, display_name, display_name_key, external_id, doc, version, created_at, modified_at)
     VALUES (?, ?, ?, ?, NULL, ?, 1, ?, ?)`,
  );
  const insertMapping = db.prepare('INSERT INTO mappings (id, group_id, workspace_id, role, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)');
  const group = (name: string, workspaceId: string | null, role: string): string => {
    const id = randomUUID();
    insertGroup.run(id, connection.id, name, name.toLowerCase(), JSON.stringify({ displayName: name }), now, now);
    insertMapping.run(randomUUID(), id, workspaceId, role, now, 'bench');
    return id;
  };
  const { viewers, editors, orgAdmins } = db.transaction(() => ({
    viewers: workspaceIds.map((id, index) => group(`app-bench-workspace-${index}-viewer`, id, 'viewer')),
    editors: workspaceIds.map((id, index) => group(`app-bench-workspace-${index}-editor`, id, 'editor')),
    orgAdmins: group('app-bench-organization-admin', null, 'admin'),
  }))();

  const insertUser = db.prepare(
    `INSERT INTO users (id, connection_id, user_name, user_name_key, external_id, display_name, active, doc, version, created_at, modified_at)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 1, ?, ?)`,
  );
  const insertMember = db.prepare("INSERT INTO group_members (group_id, member_id, member_type, display) VALUES (?, ?, 'User', NULL)");
  let memberships = 0;
  for (let start = 0; start < userCount; start += BATCH) {
    db.transaction(() => {
      const ids: string[] = [];
      for (let index = start; index < Math.min(start + BATCH, userCount); index += 1) {
        const id = randomUUID();
        const userName = `user${String(index).padStart(6, '0')}@bench.example`;
        const active = index % 50 !== 49;
        insertUser.run(id, connection.id, userName, userName, `Bench User ${index}`, active ? 1 : 0, JSON.stringify({ userName, active }), now, now);
        insertMember.run(viewers[index % WORKSPACES]!, id);
        memberships += 1;
        if (index % 3 === 0) {
          insertMember.run(editors[(index + 1) % WORKSPACES]!, id);
          memberships += 1;
        }
        if (index % 100 === 0) {
          insertMember.run(orgAdmins, id);
          memberships += 1;
        }
        ids.push(id);
      }
      recomputeAccess(db, ids, now);
    }).immediate();
  }
  return { users: userCount, groups: viewers.length + editors.length + 1, memberships };
}

/** One measured export. */
export interface ExportMeasurement {
  format: ReportFormat;
  users: number;
  rows: number;
  bytes: number;
  wallSeconds: number;
  /** Peak resident set size of the exporting process, in MiB (process.resourceUsage().maxRSS). */
  peakRssMiB: number;
  /** Peak RSS of the same process after opening the engine, before the export, in MiB. */
  baselineRssMiB: number;
}

/**
 * Builds a directory of `users` users in a temporary data directory, exports
 * the current access report once per format in a fresh child process each, and
 * returns the measurements. The data directory is deleted afterwards.
 */
export function runExportBenchmark(options: { users?: number; formats?: ReportFormat[] } = {}): { buildSeconds: number; measurements: ExportMeasurement[] } {
  const users = options.users ?? 100_000;
  const formats = options.formats ?? [...REPORT_FORMATS];
  const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-bench-export-'));
  try {
    // The directory is built in a child process too: a child forked from a large
    // parent would inherit the parent's peak RSS in getrusage's maxRSS.
    const started = performance.now();
    execFileSync(process.execPath, [SCRIPT, '--build', dataDir, String(users)], { env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' }, stdio: 'inherit' });
    const buildSeconds = (performance.now() - started) / 1000;

    const measurements = formats.map((format) => {
      const output = execFileSync(process.execPath, [SCRIPT, '--child', dataDir, format], {
        encoding: 'utf8',
        env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' },
        maxBuffer: 1024 * 1024,
      });
      return { ...(JSON.parse(output) as Omit<ExportMeasurement, 'users'>), users };
    });
    return { buildSeconds, measurements };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Returns this process's peak RSS in MiB: VmHWM from /proc on Linux, which
 * starts afresh at exec, else getrusage's maxRSS.
 */
function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) {
      return Number(match[1]) / 1024;
    }
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs one export in the child process, measures it and prints the figures as one JSON line. */
async function measureInChild(dataDir: string, format: ReportFormat): Promise<void> {
  const engine = Engine.open(dataDir);
  const baselineRssMiB = peakRssMiB();
  const path = join(dataDir, `access.${format}`);
  const started = performance.now();
  const exported = await exportReport(engine, { kind: 'access' }, format, path);
  const wallSeconds = (performance.now() - started) / 1000;
  const peak = peakRssMiB();
  engine.close();
  const result = { format, rows: exported.rowCount, bytes: statSync(path).size, wallSeconds, peakRssMiB: peak, baselineRssMiB };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv[1] === SCRIPT) {
  if (process.argv[2] === '--child') {
    await measureInChild(process.argv[3]!, process.argv[4] as ReportFormat);
  } else if (process.argv[2] === '--build') {
    const engine = Engine.open(process.argv[3]!);
    buildLargeDirectory(engine, Number(process.argv[4]));
    engine.close();
  } else {
    const users = Number(readOption('--users') ?? 100_000);
    const formats = (readOption('--formats')?.split(',') as ReportFormat[] | undefined) ?? [...REPORT_FORMATS];
    const { buildSeconds, measurements } = runExportBenchmark({ users, formats });
    process.stdout.write(`Built ${users} users in ${buildSeconds.toFixed(1)} s.\n`);
    for (const measured of measurements) {
      process.stdout.write(
        `${measured.format.padEnd(4)} ${measured.rows} rows, ${(measured.bytes / 1024 / 1024).toFixed(1)} MiB in ${measured.wallSeconds.toFixed(1)} s, ` +
          `peak RSS ${measured.peakRssMiB.toFixed(0)} MiB (${measured.baselineRssMiB.toFixed(0)} MiB before the export)\n`,
      );
    }
  }
}
