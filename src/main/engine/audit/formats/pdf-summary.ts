import { headerFacts, type Chart, type Figure, type ReportPlan } from '../report-model.ts';
import { layoutBars, seriesColor } from './chart-layout.ts';
import { pdfRun, PDF_FONT, PDF_FONT_BOLD } from './pdf-text.ts';

const LABEL_WIDTH = 160;
const BAR_AREA = 420;
const BAR_HEIGHT = 10;

/** Draws the header facts as label and value lines. */
export function drawFacts(doc: PDFKit.PDFDocument, plan: ReportPlan, left: number): void {
  for (const [label, value] of headerFacts(plan)) {
    const top = doc.y;
    const labelRun = pdfRun(label, 'bold');
    doc.font(labelRun.font).fontSize(8).fillColor('#5b6675').text(labelRun.text, left, top, { width: 120 });
    const labelBottom = doc.y;
    const valueRun = pdfRun(value);
    doc.font(valueRun.font).fontSize(8).fillColor('#1c2430').text(valueRun.text, left + 125, top, { width: doc.page.width - left * 2 - 125 });
    doc.x = left;
    doc.y = Math.max(labelBottom, doc.y);
  }
  doc.moveDown(0.6);
}

/** Draws the summary figures in one row of boxes. */
export function drawFigures(doc: PDFKit.PDFDocument, figures: Figure[], left: number): void {
  const top = doc.y;
  const width = 120;
  figures.forEach((figure, index) => {
    const x = left + index * (width + 8);
    doc.roundedRect(x, top, width, 34, 3).lineWidth(0.6).stroke('#d9dee5');
    doc.font(PDF_FONT_BOLD).fontSize(13).fillColor('#1c2430').text(String(figure.value), x + 6, top + 4, { width: width - 12, lineBreak: false });
    const label = pdfRun(figure.label);
    doc.font(label.font).fontSize(7.5).fillColor('#5b6675').text(label.text, x + 6, top + 21, { width: width - 12, lineBreak: false });
  });
  doc.x = left;
  doc.y = top + 44;
}

/** Draws a stacked bar chart with vector shapes: a title, a legend and one labelled bar per group. */
export function drawChart(doc: PDFKit.PDFDocument, chart: Chart, left: number): void {
  const title = pdfRun(chart.title, 'bold');
  doc.font(title.font).fontSize(9).fillColor('#1c2430').text(title.text, left, doc.y);
  let legendX = left;
  const legendY = doc.y + 2;
  chart.series.forEach((name, index) => {
    doc.rect(legendX, legendY + 1, 7, 7).fill(seriesColor(index));
    const legend = pdfRun(name);
    doc.font(legend.font).fontSize(7.5).fillColor('#1c2430').text(legend.text, legendX + 10, legendY, { lineBreak: false });
    legendX += 16 + doc.widthOfString(legend.text) + 8;
  });
  let y = legendY + 14;

  const bars = layoutBars(chart);
  if (bars.length === 0) {
    doc.font(PDF_FONT).fontSize(8).fillColor('#5b6675').text('Nothing to chart.', left, y);
    return;
  }
  for (const bar of bars) {
    const label = pdfRun(bar.label);
    doc.font(label.font).fontSize(7.5).fillColor('#1c2430').text(label.text, left, y + 1.5, { width: LABEL_WIDTH - 8, lineBreak: false, ellipsis: true });
    let end = left + LABEL_WIDTH;
    for (const segment of bar.segments) {
      const x = left + LABEL_WIDTH + segment.start * BAR_AREA;
      const width = Math.max(0.8, segment.width * BAR_AREA);
      doc.rect(x, y, width, BAR_HEIGHT).fill(seriesColor(segment.series));
      end = Math.max(end, x + width);
    }
    doc.font(PDF_FONT).fontSize(7.5).fillColor('#1c2430').text(String(bar.total), end + 4, y + 1.5, { lineBreak: false });
    y += BAR_HEIGHT + 4;
  }
  if (chart.omittedBars > 0) {
    doc.font(PDF_FONT).fontSize(7.5).fillColor('#5b6675').text(`${chart.omittedBars} more not drawn; the tables list them all.`, left, y);
    y = doc.y;
  }
  doc.x = left;
  doc.y = y + 10;
}
