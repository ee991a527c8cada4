import type { Chart } from '../report-model.ts';

/** Fill colors of chart series, in series order; both HTML and PDF use them. */
export const SERIES_COLORS = ['#7aa6e8', '#2457c5', '#0f2f6e', '#b7c0cc', '#d08a2c', '#5b8c4a'];

/** One segment of a bar, with its position as a share of the widest bar (0 to 1). */
export interface BarSegment {
  series: number;
  value: number;
  start: number;
  width: number;
}

/** Lays a chart out as bars of segments scaled to the largest bar total. */
export function layoutBars(chart: Chart): { label: string; total: number; segments: BarSegment[] }[] {
  const totals = chart.bars.map((bar) => bar.values.reduce((sum, value) => sum + value, 0));
  const largest = Math.max(1, ...totals);
  return chart.bars.map((bar, index) => {
    let start = 0;
    const segments: BarSegment[] = [];
    bar.values.forEach((value, series) => {
      if (value > 0) {
        segments.push({ series, value, start: start / largest, width: value / largest });
        start += value;
      }
    });
    return { label: bar.label, total: totals[index] ?? 0, segments };
  });
}

/** Color of a series, cycling through SERIES_COLORS. */
export function seriesColor(series: number): string {
  return SERIES_COLORS[series % SERIES_COLORS.length] ?? '#7aa6e8';
}
