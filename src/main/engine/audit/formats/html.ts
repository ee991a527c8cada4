import { describeChainState, displayCell, headerFacts, type Chart, type ReportPlan, type ReportRow, type ReportSection } from '../report-model.ts';
import { layoutBars, seriesColor } from './chart-layout.ts';
import type { FileSink } from './sink.ts';
import type { ReportWriter } from './writer.ts';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
body { font: 12px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1c2430; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 24px 0 6px; }
.facts { border-collapse: collapse; margin: 8px 0 16px; }
.facts th { text-align: left; padding: 2px 12px 2px 0; color: #5b6675; font-weight: 600; white-space: nowrap; }
.facts td { padding: 2px 0; }
code { font: 11px ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.figure { border: 1px solid #d9dee5; border-radius: 6px; padding: 6px 12px; min-width: 120px; }
.figure b { display: block; font-size: 18px; }
.chart { margin: 8px 0 16px; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
table.rows { border-collapse: collapse; width: 100%; }
table.rows th, table.rows td { border-bottom: 1px solid #d9dee5; padding: 3px 6px; text-align: left; vertical-align: top; }
table.rows td.long-word { overflow-wrap: anywhere; }
table.rows thead th { background: #f5f7fa; font-size: 11px; text-transform: uppercase; color: #5b6675; }
table.rows thead { display: table-header-group; }
table.rows tr { break-inside: avoid; }
table.rows td.number { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: #5b6675; font-style: italic; }
.broken-log { border: 2px solid #b42318; color: #b42318; background: #fef3f2; padding: 8px 12px; font-weight: 600; }
`;

/**
 * Writes a self-contained printable HTML page: the header facts, the summary
 * figures and charts as inline SVG, and one table per section. It has no script
 * and loads nothing, so it prints the same anywhere.
 */
export function createHtmlWriter(sink: FileSink): ReportWriter {
  let rowsInSection = 0;
  return {
    async begin(plan: ReportPlan) {
      const { header } = plan;
      const facts = headerFacts(plan);
      const factRows = facts.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${label.includes('digest') || label === 'Data directory' ? `<code>${escapeHtml(value)}</code>` : escapeHtml(value)}</td></tr>`);
      const brokenLog = header.log.chainIntact ? '' : `<p class="broken-log" role="alert">${escapeHtml(describeChainState(header.log))}</p>\n`;
      const figures = plan.summary.figures.map((figure) => `<div class="figure"><b>${figure.value}</b>${escapeHtml(figure.label)}</div>`);
      await sink.write(
        `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(`${header.title}, ${header.generatedAt}`)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
          `<h1>${escapeHtml(header.title)}</h1>\n${brokenLog}<table class="facts">${factRows.join('')}</table>\n` +
          `<h2>Summary</h2>\n<div class="figures">${figures.join('')}</div>\n${plan.summary.charts.map(renderChart).join('\n')}\n`,
      );
    },
    async beginSection(section: ReportSection) {
      rowsInSection = 0;
      const visible = section.columns.filter((column) => column.width > 0);
      const headings = visible.map((column) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('');
      await sink.write(`<h2>${escapeHtml(section.title)}</h2>\n<table class="rows" data-section="${escapeHtml(section.id)}"><thead><tr>${headings}</tr></thead><tbody>\n`);
    },
    async row(section: ReportSection, row: ReportRow) {
      rowsInSection += 1;
      const cells = section.columns
        .filter((column) => column.width > 0)
        .map((column) => renderCell(displayCell(row[column.key] ?? null, column.type), column.type === 'number'));
      await sink.write(`<tr>${cells.join('')}</tr>\n`);
    },
    async endSection(section: ReportSection) {
      await sink.write(`</tbody></table>\n${rowsInSection === 0 ? `<p class="empty">${escapeHtml(section.emptyText)}</p>\n` : ''}`);
    },
    async end() {
      await sink.write('</body>\n</html>\n');
    },
  };
}

/**
 * Maximum length of a word, counted between spaces and hyphens, that keeps the table's normal
 * wrapping. Breaking every cell anywhere would split short words such as "editor" in a narrow window.
 */
const LONG_WORD_LENGTH = 24;

/** Renders one table cell. A cell with a longer word (an email, a filter URL) may break inside it rather than widen the page. */
function renderCell(text: string, isNumber: boolean): string {
  const classes: string[] = [];
  if (isNumber) {
    classes.push('number');
  }
  if (text.split(/[\s-]+/).some((word) => word.length > LONG_WORD_LENGTH)) {
    classes.push('long-word');
  }
  const classAttribute = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  return `<td${classAttribute}>${escapeHtml(text)}</td>`;
}

const BAR_HEIGHT = 16;
const LABEL_WIDTH = 200;
const BAR_AREA = 520;

/** Renders a stacked bar chart as inline SVG with a legend, each bar labelled with its total. */
function renderChart(chart: Chart): string {
  const bars = layoutBars(chart);
  const legend = chart.series.map((name, index) => `<span><i style="background:${seriesColor(index)}"></i>${escapeHtml(name)}</span>`).join('');
  if (bars.length === 0) {
    return `<div class="chart"><b>${escapeHtml(chart.title)}</b><p class="empty">Nothing to chart.</p></div>`;
  }
  const height = bars.length * (BAR_HEIGHT + 6);
  const shapes = bars.map((bar, index) => {
    const y = index * (BAR_HEIGHT + 6);
    const segments = bar.segments
      .map((segment) => `<rect x="${(LABEL_WIDTH + segment.start * BAR_AREA).toFixed(1)}" y="${y}" width="${Math.max(1, segment.width * BAR_AREA).toFixed(1)}" height="${BAR_HEIGHT}" fill="${seriesColor(segment.series)}"><title>${escapeHtml(`${chart.series[segment.series] ?? ''}: ${segment.value}`)}</title></rect>`)
      .join('');
    const barEnd = LABEL_WIDTH + (bar.segments.reduce((end, segment) => Math.max(end, segment.start + segment.width), 0) * BAR_AREA);
    return `<text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(truncate(bar.label, 30))}</text>${segments}<text x="${(barEnd + 6).toFixed(1)}" y="${y + 12}">${bar.total}</text>`;
  });
  const omitted = chart.omittedBars > 0 ? `<p class="empty">${chart.omittedBars} more not drawn; the tables list them all.</p>` : '';
  return `<div class="chart"><b>${escapeHtml(chart.title)}</b><div class="legend">${legend}</div><svg role="img" aria-label="${escapeHtml(chart.title)}" width="${LABEL_WIDTH + BAR_AREA + 60}" height="${height}" font-size="11" font-family="system-ui, sans-serif">${shapes.join('')}</svg>${omitted}</div>`;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
