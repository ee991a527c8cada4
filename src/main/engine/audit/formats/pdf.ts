import PDFDocument from 'pdfkit';
import { describeChainState, displayCell, type ReportColumn, type ReportPlan, type ReportRow, type ReportSection } from '../report-model.ts';
import { drawChart, drawFacts, drawFigures } from './pdf-summary.ts';
import { pdfRun, PDF_FONT, registerPdfFonts, type PdfRun } from './pdf-text.ts';
import type { FileSink } from './sink.ts';
import type { ReportWriter } from './writer.ts';

/** Page geometry in PDF points (1/72 inch): A4 landscape with 36 pt margins. */
const MARGIN = 36;
const FOOTER_HEIGHT = 18;
const ROW_FONT_SIZE = 7.5;
const CELL_PADDING = 2.5;

/** A section table's columns with their x positions and widths in points. */
interface TableLayout {
  columns: { column: ReportColumn; x: number; width: number }[];
}

/**
 * Writes a PDF with pdfkit: the header facts, summary figures and charts on
 * the first page, then each section as a table whose header row repeats on
 * every page. Pages go to the file as soon as they are complete (pdfkit's
 * page buffering stays off), and each carries a footer with the log's head.
 */
export function createPdfWriter(sink: FileSink): ReportWriter {
  let doc: PDFKit.PDFDocument;
  let chunks: Buffer[] = [];
  let ended: Promise<void>;
  let plan: ReportPlan;
  let layout: TableLayout;
  let pageNumber = 0;
  let rowsInSection = 0;

  const drainChunks = async (): Promise<void> => {
    const ready = chunks;
    chunks = [];
    for (const chunk of ready) {
      await sink.write(chunk);
    }
  };

  const addPage = (): void => {
    doc.addPage();
    pageNumber += 1;
    drawFooter(doc, plan, pageNumber);
    doc.x = MARGIN;
    doc.y = MARGIN;
  };

  return {
    async begin(reportPlan: ReportPlan) {
      plan = reportPlan;
      doc = new PDFDocument({
        size: 'A4',
        layout: 'landscape',
        margin: MARGIN,
        autoFirstPage: false,
        bufferPages: false,
        info: {
          // pdfkit writes a non-ASCII information string as UTF-16, so the title needs no font.
          Title: `${plan.header.title}, ${plan.header.generatedAt}`,
          Creator: 'ScimDesk',
          Producer: 'ScimDesk with PDFKit',
          CreationDate: new Date(plan.header.generatedAt),
        },
      });
      registerPdfFonts(doc);
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      ended = new Promise((resolve, reject) => {
        doc.once('end', resolve);
        doc.once('error', reject);
      });

      addPage();
      const title = pdfRun(plan.header.title, 'bold');
      doc.font(title.font).fontSize(16).text(title.text, MARGIN, MARGIN);
      doc.moveDown(0.4);
      if (!plan.header.log.chainIntact) {
        const warning = pdfRun(describeChainState(plan.header.log), 'bold');
        doc.font(warning.font).fontSize(10).fillColor('#b42318').text(warning.text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
        doc.fillColor('#1c2430').moveDown(0.4);
      }
      drawFacts(doc, plan, MARGIN);
      drawFigures(doc, plan.summary.figures, MARGIN);
      for (const chart of plan.summary.charts) {
        if (doc.y + 40 + chart.bars.length * 14 > bottom(doc)) {
          addPage();
        }
        drawChart(doc, chart, MARGIN);
      }
      await drainChunks();
    },

    async beginSection(section: ReportSection) {
      rowsInSection = 0;
      layout = layoutTable(doc, section);
      if (doc.y + 60 > bottom(doc)) {
        addPage();
      }
      doc.moveDown(0.8);
      const title = pdfRun(section.title, 'bold');
      doc.font(title.font).fontSize(11).fillColor('#1c2430').text(title.text, MARGIN, doc.y);
      doc.moveDown(0.3);
      drawHeaderRow(doc, layout);
    },

    async row(section: ReportSection, row: ReportRow) {
      doc.fontSize(ROW_FONT_SIZE);
      const cells = layout.columns.map(({ column, width }) =>
        breakLongWords(doc, pdfRun(displayCell(row[column.key] ?? null, column.type)), width - 2 * CELL_PADDING),
      );
      const height = rowHeight(doc, layout, cells);
      if (doc.y + height > bottom(doc)) {
        addPage();
        const continued = pdfRun(`${section.title} (continued)`, 'bold');
        doc.font(continued.font).fontSize(8).fillColor('#5b6675').text(continued.text, MARGIN, doc.y);
        doc.moveDown(0.2);
        drawHeaderRow(doc, layout);
        doc.fontSize(ROW_FONT_SIZE);
      }
      drawRow(doc, layout, cells, height, rowsInSection % 2 === 1);
      rowsInSection += 1;
      if (chunks.length > 0) {
        await drainChunks();
      }
    },

    async endSection(section: ReportSection) {
      if (rowsInSection === 0) {
        const empty = pdfRun(section.emptyText);
        doc.font(empty.font).fontSize(8).fillColor('#5b6675').text(empty.text, MARGIN, doc.y + 4);
      }
      await drainChunks();
    },

    async end() {
      doc.end();
      await ended;
      await drainChunks();
    },
  };
}

function bottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - MARGIN - FOOTER_HEIGHT;
}

/**
 * Shares the page width among the visible columns by their width shares, but gives each column
 * at least the width of the longest word of its heading, so that no heading breaks inside a word.
 */
export function layoutTable(doc: PDFKit.PDFDocument, section: ReportSection): TableLayout {
  const visible = section.columns.filter((column) => column.width > 0);
  const available = doc.page.width - 2 * MARGIN;
  doc.fontSize(ROW_FONT_SIZE);
  const minimums = visible.map((column) => {
    const label = pdfRun(column.label, 'bold');
    doc.font(label.font);
    return Math.max(...label.text.split(/\s+/).map((word) => doc.widthOfString(word))) + 2 * CELL_PADDING + 1;
  });
  const widths = visible.map(() => 0);
  // Columns whose share falls below their minimum get the minimum; the rest share what is left.
  let open = visible.map((_, index) => index);
  let left = available;
  for (;;) {
    const shares = open.reduce((sum, index) => sum + visible[index]!.width, 0);
    const short = open.filter((index) => (left * visible[index]!.width) / shares < minimums[index]!);
    if (short.length === 0 || short.length === open.length) {
      for (const index of open) {
        widths[index] = Math.max((left * visible[index]!.width) / shares, short.length === open.length ? minimums[index]! : 0);
      }
      break;
    }
    for (const index of short) {
      widths[index] = minimums[index]!;
      left -= minimums[index]!;
    }
    open = open.filter((index) => !short.includes(index));
  }
  let x = MARGIN;
  return {
    columns: visible.map((column, index) => {
      const placed = { column, x, width: widths[index]! };
      x += widths[index]!;
      return placed;
    }),
  };
}

/** Characters after which a long word, such as an e-mail address or a URL, may break. */
const WORD_BREAK_AFTER = /(?<=[@._\-/])/;

/**
 * Breaks the words of a cell that are wider than its column after "@", ".", "_", "-" or "/",
 * with line feeds, so that pdfkit does not cut an address at an arbitrary letter. A piece still
 * wider than the column is left to pdfkit.
 */
export function breakLongWords(doc: PDFKit.PDFDocument, cell: PdfRun, width: number): PdfRun {
  doc.font(cell.font);
  if (cell.text === '' || doc.widthOfString(cell.text) <= width) {
    return cell;
  }
  const words = cell.text.split(' ').map((word) => {
    if (doc.widthOfString(word) <= width) {
      return word;
    }
    const lines: string[] = [];
    let line = '';
    for (const piece of word.split(WORD_BREAK_AFTER)) {
      if (line !== '' && doc.widthOfString(line + piece) > width) {
        lines.push(line);
        line = piece;
      } else {
        line += piece;
      }
    }
    lines.push(line);
    return lines.join('\n');
  });
  return { ...cell, text: words.join(' ') };
}

/** Height of a row whose cells wrap within their columns, at the current font size; most cells fit one line. */
function rowHeight(doc: PDFKit.PDFDocument, layout: TableLayout, cells: PdfRun[]): number {
  let height = 0;
  layout.columns.forEach(({ width }, index) => {
    const cell = cells[index];
    doc.font(cell?.font ?? PDF_FONT);
    height = Math.max(height, doc.currentLineHeight(true));
    const inner = width - 2 * CELL_PADDING;
    if (cell !== undefined && cell.text !== '' && doc.widthOfString(cell.text) > inner) {
      height = Math.max(height, doc.heightOfString(cell.text, { width: inner }));
    }
  });
  return height + 2 * CELL_PADDING;
}

function drawHeaderRow(doc: PDFKit.PDFDocument, layout: TableLayout): void {
  const top = doc.y;
  doc.fontSize(ROW_FONT_SIZE);
  const labels = layout.columns.map(({ column }) => pdfRun(column.label, 'bold'));
  const height = rowHeight(doc, layout, labels);
  const last = layout.columns[layout.columns.length - 1];
  doc.rect(MARGIN, top, (last ? last.x + last.width : MARGIN) - MARGIN, height).fill('#e8eefb');
  doc.fillColor('#1c2430');
  layout.columns.forEach(({ x, width }, index) => {
    const label = labels[index];
    if (label !== undefined) {
      doc.font(label.font).text(label.text, x + CELL_PADDING, top + CELL_PADDING, { width: width - 2 * CELL_PADDING, lineBreak: true });
    }
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

function drawRow(doc: PDFKit.PDFDocument, layout: TableLayout, cells: PdfRun[], height: number, shaded: boolean): void {
  const top = doc.y;
  const last = layout.columns[layout.columns.length - 1];
  const right = last ? last.x + last.width : MARGIN;
  if (shaded) {
    doc.rect(MARGIN, top, right - MARGIN, height).fill('#f5f7fa');
  }
  doc.fillColor('#1c2430');
  layout.columns.forEach(({ column, x, width }, index) => {
    const cell = cells[index];
    if (cell !== undefined && cell.text !== '') {
      doc.font(cell.font).text(cell.text, x + CELL_PADDING, top + CELL_PADDING, {
        width: width - 2 * CELL_PADDING,
        align: column.type === 'number' ? 'right' : 'left',
      });
    }
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

/** Writes the footer below the bottom margin, which pdfkit would otherwise treat as overflow onto a new page. */
function drawFooter(doc: PDFKit.PDFDocument, plan: ReportPlan, pageNumber: number): void {
  const { header } = plan;
  const text = `${header.title} · generated ${header.generatedAt} · data directory ${header.dataDirectoryId} · log head event ${header.log.headEventId}, digest ${header.log.headDigest}${header.log.chainIntact ? '' : ' · CHAIN BROKEN'} · page ${pageNumber}`;
  const savedBottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  const footer = pdfRun(text);
  doc.font(footer.font).fontSize(6).fillColor('#5b6675').text(footer.text, MARGIN, doc.page.height - MARGIN - 8, {
    width: doc.page.width - 2 * MARGIN,
    lineBreak: false,
  });
  doc.page.margins.bottom = savedBottom;
  doc.fillColor('#1c2430');
}
