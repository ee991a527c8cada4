import { createRequire } from 'node:module';

/**
 * Fonts of the PDF reports. Text in Windows-1252 (WinAnsi) uses Helvetica, one of the standard 14
 * fonts that PDF readers provide, so most rows embed no font. Text with any other character, such
 * as a name in Polish, Greek, Cyrillic or Georgian, uses DejaVu Sans. Text with a character that
 * DejaVu Sans lacks, such as a Chinese, Japanese or Korean name, uses Unifont EX, which has a glyph
 * for nearly every character of the Basic Multilingual Plane. Embedded fonts hold only the glyphs
 * the report uses.
 */
export const PDF_FONT = 'Helvetica';
export const PDF_FONT_BOLD = 'Helvetica-Bold';
const UNICODE_FONT = 'DejaVuSans';
const UNICODE_FONT_BOLD = 'DejaVuSans-Bold';
/** Unifont EX has one weight, so bold text in it is drawn regular. */
const FALLBACK_FONT = 'UnifontEX';

const localRequire = createRequire(import.meta.url);
const UNICODE_FONT_FILES: Record<string, string> = {
  [UNICODE_FONT]: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  [UNICODE_FONT_BOLD]: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  // The WOFF file opens in milliseconds. Its WOFF2 sibling needs a Brotli decompression first (about 200 ms, measured on a 2-core VM).
  [FALLBACK_FONT]: '@fontsource/unifontex/files/unifontex-latin-400-normal.woff',
};

// Characters of Windows-1252 above ASCII that are not Latin-1, which the standard fonts can show.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Text ready to draw, and the name of the font that shows it. */
export interface PdfRun {
  text: string;
  font: string;
}

/** The part of a fontkit font that is used here. */
interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const glyphSources = new Map<string, GlyphSource>();

/** Registers the embedded fonts under the names that `pdfRun` returns. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(UNICODE_FONT_FILES)) {
    doc.registerFont(name, localRequire.resolve(file));
  }
}

/**
 * Prepares text for the PDF: control characters become spaces, and the font is Helvetica when
 * every character is in WinAnsi, else DejaVu Sans when it has every character, else Unifont EX.
 * A character that none of them has, such as a rare ideograph outside the Basic Multilingual Plane, becomes "?".
 */
export function pdfRun(text: string, weight: 'regular' | 'bold' = 'regular'): PdfRun {
  let printable = '';
  let standard = true;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) {
      printable += ' ';
      continue;
    }
    printable += char;
    standard &&= code < 0x7f || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(char);
  }
  if (standard) {
    return { text: printable, font: weight === 'bold' ? PDF_FONT_BOLD : PDF_FONT };
  }

  // NOTE: one font draws the whole run, so a name with one ideograph is drawn entirely in Unifont EX.
  // Hebrew and Arabic are drawn in stored order, left to right, because pdfkit does not reorder them.
  // The CSV and JSON reports keep every name exact.
  const unicodeFont = weight === 'bold' ? UNICODE_FONT_BOLD : UNICODE_FONT;
  const font = coversAll(unicodeFont, printable) ? unicodeFont : FALLBACK_FONT;
  const glyphs = glyphSourceOf(font);
  let covered = '';
  for (const char of printable) {
    covered += glyphs.hasGlyphForCodePoint(char.codePointAt(0) ?? 0) ? char : '?';
  }
  return { text: covered, font };
}

function coversAll(font: string, text: string): boolean {
  const glyphs = glyphSourceOf(font);
  for (const char of text) {
    if (!glyphs.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)) {
      return false;
    }
  }
  return true;
}

function glyphSourceOf(font: string): GlyphSource {
  let source = glyphSources.get(font);
  if (source === undefined) {
    const fontkit = localRequire('fontkit') as { openSync(path: string): GlyphSource };
    source = fontkit.openSync(localRequire.resolve(UNICODE_FONT_FILES[font]!));
    glyphSources.set(font, source);
  }
  return source;
}
