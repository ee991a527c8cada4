import { REPORT_FORMAT_VERSION, type ReportPlan, type ReportRow, type ReportSection } from '../report-model.ts';
import type { FileSink } from './sink.ts';
import type { ReportWriter } from './writer.ts';

/** Value of the `format` property that identifies a ScimDesk JSON report. */
export const JSON_REPORT_FORMAT = 'scimdesk-report';

/**
 * Writes the JSON layout that `docs/report.schema.json` describes: the header
 * and summary first, then `sections` as an object keyed by section id, whose
 * `rows` arrays are written one row at a time. Rows keep their types: lists as
 * arrays, flags as booleans, missing values as null.
 */
export function createJsonWriter(sink: FileSink): ReportWriter {
  let firstSection = true;
  let firstRow = true;
  return {
    async begin(plan: ReportPlan) {
      const { header, summary } = plan;
      const head = {
        format: JSON_REPORT_FORMAT,
        formatVersion: REPORT_FORMAT_VERSION,
        kind: header.kind,
        title: header.title,
        generatedAt: header.generatedAt,
        dataDirectoryId: header.dataDirectoryId,
        scope: header.scope,
        filters: header.filters,
        log: header.log,
        rowCounts: Object.fromEntries(plan.sections.map((section) => [section.id, section.rowCount])),
        details: header.details,
        summary,
      };
      // The head object is written without its closing brace, so that `sections` can follow it.
      await sink.write(`${JSON.stringify(head, null, 1).slice(0, -2)},\n "sections": {`);
    },
    async beginSection(section: ReportSection) {
      const meta = { title: section.title, rowCount: section.rowCount, columns: section.columns.map(({ key, label, type }) => ({ key, label, type })) };
      const opening = JSON.stringify(meta).slice(0, -1);
      await sink.write(`${firstSection ? '' : ','}\n  ${JSON.stringify(section.id)}: ${opening}, "rows": [`);
      firstSection = false;
      firstRow = true;
    },
    async row(section: ReportSection, row: ReportRow) {
      const ordered = Object.fromEntries(section.columns.map((column) => [column.key, row[column.key] ?? null]));
      await sink.write(`${firstRow ? '' : ','}\n   ${JSON.stringify(ordered)}`);
      firstRow = false;
    },
    async endSection() {
      await sink.write(firstRow ? ']}' : '\n  ]}');
    },
    async end() {
      await sink.write('\n }\n}\n');
    },
  };
}
