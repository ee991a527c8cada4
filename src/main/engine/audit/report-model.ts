import type { CurrentAccessCheck } from './access-consistency.ts';

/**
 * The shape every report takes before a format writes it. The header says when,
 * where and from which log state the report was made. The summary has figures
 * and charts. The sections' rows are read from SQLite while they are written.
 */

/** Kinds of report, as the CLI and the console API name them. */
export const REPORT_KINDS = ['access', 'changes', 'mappings', 'review'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** File formats of a report. */
export const REPORT_FORMATS = ['csv', 'json', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Version of the JSON report layout that `docs/report.schema.json` describes. */
export const REPORT_FORMAT_VERSION = 1;

/** Display type of a column's cells in CSV, HTML and PDF; JSON keeps each value's own type. */
export type ColumnType = 'text' | 'number' | 'boolean' | 'time' | 'list';

/** One cell: text, a count, a flag, a UTC time (ISO 8601), a list of names, or nothing. */
export type CellValue = string | number | boolean | string[] | null;

export type ReportRow = Record<string, CellValue>;

export interface ReportColumn {
  /** Property name in JSON rows, and the CSV header. */
  key: string;
  /** Column heading in HTML and PDF. */
  label: string;
  type: ColumnType;
  /** Share of the table's width in HTML and PDF, relative to the other columns; 0 keeps the column to CSV and JSON. */
  width: number;
}

export interface ReportSection {
  id: string;
  title: string;
  columns: ReportColumn[];
  /** Rows the section will yield, counted in the same read snapshot before they are written. */
  rowCount: number;
  /** Sentence shown in HTML and PDF when the section has no rows. */
  emptyText: string;
  /** Reads the rows one at a time; called once per export. */
  rows(): Iterable<ReportRow>;
}

/** A labelled number of the summary, e.g. "Active users: 12". */
export interface Figure {
  label: string;
  value: number;
}

/** A horizontal stacked bar chart: one bar per group, one segment per series. */
export interface Chart {
  title: string;
  series: string[];
  bars: { label: string; values: number[] }[];
  /** Bars left out to keep the chart readable; they still count in the rows. */
  omittedBars: number;
}

export interface ReportSummary {
  figures: Figure[];
  charts: Chart[];
}

/** State of the event log that a report was made from, with the chain check made for it. */
export interface LogState {
  headEventId: number;
  headDigest: string;
  eventCount: number;
  /** True when the check made with the report found every event up to the head unchanged. */
  chainIntact: boolean;
  /** Events at which that check found the chain broken. */
  chainBreakCount: number;
  /** Id of the first event at which the chain breaks; null when it is intact. */
  firstBrokenEventId: number | null;
  /** The first break in one sentence; null when the chain is intact. */
  firstBreak: string | null;
}

/** Facts every report carries: its kind, when and where it was made, the filters and the log's head. */
export interface ReportHeader {
  kind: ReportKind;
  title: string;
  generatedAt: string;
  dataDirectoryId: string;
  /** Filters as resolved instants (ISO 8601 UTC) or ids; null when not used. */
  filters: Record<string, string | null>;
  /** The filters in words, e.g. "Access as of 2025-03-31T23:59:59.999Z". */
  scope: string;
  log: LogState;
  /** Further facts such as the reviewer and the sign-off time of a review. */
  details: { label: string; value: string }[];
  /** Comparison of the current access tables with the event log; only in access reports of now. */
  currentAccess?: CurrentAccessCheck;
}

/** A report ready to be written: header, summary and sections. */
export interface ReportPlan {
  header: ReportHeader;
  summary: ReportSummary;
  sections: ReportSection[];
}

/** Builds a column; `width` defaults to 1. */
export function column(key: string, label: string, type: ColumnType = 'text', width = 1): ReportColumn {
  return { key, label, type, width };
}

/** Total rows of a plan, the denominator of export progress. */
export function totalRows(plan: ReportPlan): number {
  return plan.sections.reduce((sum, section) => sum + section.rowCount, 0);
}

/** File name extension of each format. */
export const FORMAT_EXTENSIONS: Record<ReportFormat, string> = { csv: 'csv', json: 'json', html: 'html', pdf: 'pdf' };

/**
 * Formats a cell as display text for HTML and PDF: lists joined with commas, times in UTC. Times
 * keep their milliseconds, as in CSV and JSON, because several changes may fall within one second.
 */
export function displayCell(value: CellValue, type: ColumnType): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.join(', ');
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (type === 'time' && typeof value === 'string') {
    return value.replace('T', ' ').replace(/Z$/, ' UTC');
  }
  return String(value);
}

/** Label of the header detail that names the rows read from tables outside the event log. */
export const CURRENT_TABLES_LABEL = 'Rows from current tables';

/** Describes the chain check of a report's log in one or two sentences, for every format and the CLI. */
export function describeChainState(log: LogState): string {
  if (log.chainIntact) {
    return (
      `Intact: every event up to event ${log.headEventId}, and every request and response still stored, matched its digest when the report was made. ` +
      `This covers the event log only, not the tables named under "${CURRENT_TABLES_LABEL}".`
    );
  }
  const count = log.chainBreakCount === 1 ? '1 event breaks' : `${log.chainBreakCount} events break`;
  const first = log.firstBrokenEventId === null ? '' : `, the first at event ${log.firstBrokenEventId}`;
  return `BROKEN: ${count} the chain${first}, so the log was changed and this report may show changed data. ${log.firstBreak ?? ''}`.trimEnd();
}

/**
 * Lists the facts every report format prints in its header, as label and value pairs:
 * scope, generation time, data directory, filters, event log head and digest, the chain check, and row counts.
 */
export function headerFacts(plan: ReportPlan): [string, string][] {
  const { header } = plan;
  return [
    ['Scope', header.scope],
    ['Generated', displayCell(header.generatedAt, 'time')],
    ['Data directory', header.dataDirectoryId],
    ...Object.entries(header.filters).map(([key, value]): [string, string] => [`Filter ${key}`, value ?? 'none']),
    ['Event log head', `event ${header.log.headEventId} of ${header.log.eventCount}`],
    ['Head digest (SHA-256)', header.log.headDigest],
    ['Chain check', describeChainState(header.log)],
    ...plan.sections.map((section): [string, string] => [`Rows: ${section.title}`, String(section.rowCount)]),
    ...header.details.map((detail): [string, string] => [detail.label, detail.value]),
  ];
}
