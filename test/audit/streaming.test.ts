import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLargeDirectory } from '../../bench/export.ts';
import { exportReport, type ExportProgress } from '../../src/main/engine/audit/export.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { parseCsvReport } from './helpers.ts';

const USERS = 3000;

describe('large exports', () => {
  let dataDir: string;
  let engine: Engine;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-stream-'));
    engine = Engine.open(dataDir);
    buildLargeDirectory(engine, USERS);
  });

  afterAll(() => {
    engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('report progress in steps up to the planned total', async () => {
    const steps: ExportProgress[] = [];

    const exported = await exportReport(engine, { kind: 'access' }, 'csv', join(dataDir, 'access.csv'), (progress) => steps.push(progress));

    expect(steps.length).toBeGreaterThan(5);
    expect(steps.every((step) => step.totalRows === exported.rowCount)).toBe(true);
    expect(steps.map((step) => step.rowsWritten)).toEqual([...steps.map((step) => step.rowsWritten)].sort((a, b) => a - b));
    expect(steps.at(-1)).toEqual({ rowsWritten: exported.rowCount, totalRows: exported.rowCount });
  });

  it('write one organization row per user, in userName order', async () => {
    const path = join(dataDir, 'order.csv');

    await exportReport(engine, { kind: 'access' }, 'csv', path);

    const rows = parseCsvReport(readFileSync(path, 'utf8')).sections.get('access')!;
    const organizationRows = rows.filter((row) => row.scopeId === 'organization');
    expect(organizationRows).toHaveLength(USERS);
    expect(organizationRows[0]!.userName).toBe('user000000@bench.example');
    expect(organizationRows.at(-1)!.userName).toBe('user002999@bench.example');
    expect(rows.find((row) => row.userName === 'user000049@bench.example')).toMatchObject({ active: 'false', role: 'member' });
    expect(rows.filter((row) => row.userName === 'user000003@bench.example').map((row) => `${row.scope}:${row.role}:${row.grantedBy}`)).toEqual([
      'Organization:member:',
      'Workspace 03:viewer:app-bench-workspace-3-viewer',
      'Workspace 04:editor:app-bench-workspace-4-editor',
    ]);
  });

  it('see one snapshot while SCIM writes continue', async () => {
    const path = join(dataDir, 'snapshot.json');
    let wrote = false;

    const exported = await exportReport(engine, { kind: 'access' }, 'json', path, () => {
      if (!wrote) {
        wrote = true;
        engine.db.prepare("UPDATE users SET display_name = 'Changed during export' WHERE user_name = 'user002999@bench.example'").run();
      }
    });

    const report = JSON.parse(readFileSync(path, 'utf8'));
    expect(wrote).toBe(true);
    expect(report.sections.access.rows.length + report.sections.totals.rows.length).toBe(exported.rowCount);
    expect(report.sections.access.rows.at(-1).displayName).toBe('Bench User 2999');
  });

  it('leave no file behind when the export fails', async () => {
    const path = join(dataDir, 'missing-folder', 'access.csv');

    await expect(exportReport(engine, { kind: 'access' }, 'csv', path)).rejects.toThrow(/ENOENT/);
  });
});
