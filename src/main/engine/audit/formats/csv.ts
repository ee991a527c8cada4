import type { CellValue, ReportPlan, ReportRow, ReportSection } from '../report-model.ts';
import type { FileSink } from './sink.ts';
import type { ReportWriter } from './writer.ts';

/**
 * Quotes one CSV field (RFC 4180) and defuses spreadsheet formulas: a field that
 * starts with =, +, -, @, tab or carriage return gets a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Formats a cell for CSV: lists joined with "; ", flags as true or false, nothing as an empty field. */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  return csvField(Array.isArray(value) ? value.join('; ') : String(value));
}

const UTF8_BOM = '\uFEFF';

function csvLine(cells: string[]): string {
  return `${cells.join(',')}\r\n`;
}

/**
 * Writes CSV: a block of `field,value` lines with the header and summary, then
 * each section as a `section,<id>,<title>` line, a header line of column keys
 * and the rows, with a blank line between blocks. Lines end in CRLF (RFC 4180).
 */
export function createCsvWriter(sink: FileSink): ReportWriter {
  return {
    async begin(plan: ReportPlan) {
      const { header, summary } = plan;
      const fields: [string, string | number][] = [
        ['title', header.title],
        ['kind', header.kind],
        ['generatedAt', header.generatedAt],
        ['dataDirectoryId', header.dataDirectoryId],
        ['scope', header.scope],
        ...Object.entries(header.filters).map(([key, value]): [string, string] => [`filter:${key}`, value ?? '']),
        ['logHeadEventId', header.log.headEventId],
        ['logHeadDigest', header.log.headDigest],
        ['logEventCount', header.log.eventCount],
        ['logChainIntact', String(header.log.chainIntact)],
        ['logChainBreakCount', header.log.chainBreakCount],
        ['logFirstBrokenEventId', header.log.firstBrokenEventId ?? ''],
        ['logFirstBreak', header.log.firstBreak ?? ''],
        ...plan.sections.map((section): [string, number] => [`rows:${section.id}`, section.rowCount]),
        ...summary.figures.map((figure): [string, number] => [`summary:${figure.label}`, figure.value]),
        ...header.details.map((detail): [string, string] => [`detail:${detail.label}`, detail.value]),
      ];
      // A byte order mark makes Excel read the file as UTF-8, so that names in any script show as written.
      await sink.write(`${UTF8_BOM}${csvLine(['field', 'value'])}`);
      for (const [field, value] of fields) {
        await sink.write(csvLine([csvField(field), csvField(String(value))]));
      }
    },
    async beginSection(section: ReportSection) {
      await sink.write(`\r\n${csvLine(['section', csvField(section.id), csvField(section.title)])}`);
      await sink.write(csvLine(section.columns.map((column) => csvField(column.key))));
    },
    async row(section: ReportSection, row: ReportRow) {
      await sink.write(csvLine(section.columns.map((column) => csvCell(row[column.key] ?? null))));
    },
    async endSection() {},
    async end() {},
  };
}
