/** The PDF's fonts: two of the standard 14 fonts that PDF readers provide, so no font is embedded. */
export const PDF_FONT = 'Helvetica';
export const PDF_FONT_BOLD = 'Helvetica-Bold';

// Characters of Windows-1252 above ASCII that are not Latin-1, which the standard fonts can show.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/**
 * Prepares text for the standard fonts, which cover only the Windows-1252
 * (WinAnsi) characters: control characters become spaces and any other
 * character outside WinAnsi becomes "?".
 */
export function pdfText(text: string): string {
  // NOTE: names in other scripts (CJK, Cyrillic, emoji) read as "?" in the PDF; the CSV and JSON reports keep them exact.
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) {
      result += ' ';
    } else if (code < 0x7f || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(char)) {
      result += char;
    } else {
      result += '?';
    }
  }
  return result;
}
