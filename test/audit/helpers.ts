/** Exports reports of a fixture to files and reads them back the way an auditor's tools would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { exportReport } from '../../src/main/engine/audit/export.ts';
import type { ReportFormat } from '../../src/main/engine/audit/report-model.ts';
import type { ReportRequest } from '../../src/main/engine/audit/reports/plan.ts';
import type { Engine } from '../../src/main/engine/engine.ts';

/** A JSON report as parsed; tests check its shape with `expect`. */
export type JsonReport = {
  kind: string;
  generatedAt: string;
  dataDirectoryId: string;
  filters: Record<string, string | null>;
  log: { headEventId: number; headDigest: string; eventCount: number; chainIntact: boolean; chainBreakCount: number; firstBrokenEventId: number | null; firstBreak: string | null };
  rowCounts: Record<string, number>;
  details: { label: string; value: string }[];
  summary: { figures: { label: string; value: number }[]; charts: { title: string; series: string[]; bars: { label: string; values: number[] }[] }[] };
  sections: Record<string, { title: string; rowCount: number; rows: Record<string, unknown>[] }>;
};

/** Exports a report into the fixture's data directory and returns the file's path. */
export async function exportTo(engine: Engine, dataDir: string, request: ReportRequest, format: ReportFormat, name = `${request.kind}.${format}`): Promise<string> {
  const path = join(dataDir, name);
  await exportReport(engine, request, format, path);
  return path;
}

/** Exports a report as JSON and parses it. */
export async function exportJson(engine: Engine, dataDir: string, request: ReportRequest): Promise<JsonReport> {
  const path = await exportTo(engine, dataDir, request, 'json', `${request.kind}-${Date.now()}-${Math.random()}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as JsonReport;
}

/** A CSV report split into its `field,value` block and its sections, each a list of records keyed by the header line. */
export interface ParsedCsv {
  fields: Map<string, string>;
  sections: Map<string, Record<string, string>[]>;
}

/** Parses a CSV report with papaparse, as a spreadsheet import would read it. */
export function parseCsvReport(text: string): ParsedCsv {
  const lines = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  const fields = new Map<string, string>();
  const sections = new Map<string, Record<string, string>[]>();
  let index = 1;
  for (; index < lines.length && (lines[index]?.length ?? 0) > 1; index += 1) {
    const [field, value] = lines[index]!;
    fields.set(field!, value ?? '');
  }
  while (index < lines.length) {
    const line = lines[index]!;
    if (line[0] === 'section') {
      const header = lines[index + 1]!;
      const rows: Record<string, string>[] = [];
      index += 2;
      while (index < lines.length && !(lines[index]!.length === 1 && lines[index]![0] === '')) {
        rows.push(Object.fromEntries(header.map((key, column) => [key, lines[index]![column] ?? ''])));
        index += 1;
      }
      sections.set(line[1]!, rows);
    }
    index += 1;
  }
  return { fields, sections };
}
