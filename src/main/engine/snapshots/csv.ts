import Papa from 'papaparse';
import type { SnapshotProblem } from '../../../shared/api.ts';

/** One data row of a CSV file with its line number (1-based, where the row starts). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A CSV file read into a header and data rows; blank rows are dropped. */
export interface CsvTable {
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  rows: CsvRow[];
}

/**
 * Reads CSV text (RFC 4180, delimiter detected by papaparse) into a table. A byte order
 * mark and a leading `version:…` line, as some identity provider templates carry, are
 * skipped. Returns the problems instead when the text is not usable CSV.
 */
export function readCsv(text: string): { table: CsvTable } | { problems: SnapshotProblem[] } {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lineStarts = lineStartOffsets(normalized);
  const rows: CsvRow[] = [];
  const problems: SnapshotProblem[] = [];
  let rowStart = 0;

  Papa.parse<string[]>(normalized, {
    step: (result) => {
      const line = lineOfOffset(lineStarts, rowStart);
      rowStart = result.meta.cursor;
      for (const error of result.errors) {
        // A file with one column has no delimiter to detect; that is not a problem.
        if (error.code !== 'UndetectableDelimiter') {
          problems.push({ line, message: `The CSV is malformed here: ${error.message}.` });
        }
      }
      const cells = result.data.map((cell) => cell.trim());
      if (cells.some((cell) => cell !== '')) {
        rows.push({ line, cells });
      }
    },
  });

  if (problems.length > 0) {
    return { problems };
  }
  if (rows[0] !== undefined && /^version:/i.test(rows[0].cells[0] ?? '')) {
    rows.shift();
  }
  const header = rows.shift();
  if (header === undefined) {
    return { problems: [{ line: null, message: 'The file has no header row and no data. Export the group memberships again.' }] };
  }
  return { table: { header: header.cells, headerLine: header.line, rows } };
}

/**
 * Reduces a column title to lower-case letters and digits, without bracketed notes, so
 * that "Group Email [Required]", "group_email" and "GroupEmail" all read "groupemail".
 */
export function normalizeHeader(title: string): string {
  return title
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Finds the first column whose normalized title is one of `names` (already normalized); -1 when none is. */
export function findColumn(table: CsvTable, names: readonly string[]): number {
  const normalized = table.header.map(normalizeHeader);
  for (const name of names) {
    const index = normalized.indexOf(name);
    if (index >= 0) {
      return index;
    }
  }
  return -1;
}

/** Returns a row's cell, or '' when the row is shorter than the header. */
export function cellAt(row: CsvRow, column: number): string {
  return column < 0 ? '' : (row.cells[column] ?? '');
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function lineOfOffset(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low + 1;
}
