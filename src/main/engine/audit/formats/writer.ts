import type { ReportPlan, ReportRow, ReportSection } from '../report-model.ts';

/**
 * Writes one report format. The exporter calls `begin` once, then for each
 * section `beginSection`, `row` per row and `endSection`, then `end`. Each call
 * may wait for the file to drain.
 */
export interface ReportWriter {
  begin(plan: ReportPlan): Promise<void>;
  beginSection(section: ReportSection): Promise<void>;
  row(section: ReportSection, row: ReportRow): Promise<void>;
  endSection(section: ReportSection): Promise<void>;
  end(): Promise<void>;
}
