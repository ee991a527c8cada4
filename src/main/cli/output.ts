/**
 * Ends the process quietly with exit code 0 when the reader of stdout goes away,
 * as `head` does after its lines, instead of throwing EPIPE with a stack trace.
 * Any other stdout error is still thrown.
 */
export function exitWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(0);
    }
    throw error;
  });
}

/** Writes a value as one JSON document on stdout, for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes lines of text on stdout. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Quotes a value for a command line that the CLI prints as a hint, so that a name
 * with spaces or shell characters stays one argument when the hint is copied:
 * `Q1 review` becomes `'Q1 review'`. The quoting is that of POSIX shells, which
 * PowerShell shares unless the value contains an apostrophe; cmd.exe does not.
 */
export function quoteArgument(value: string): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) {
    return value;
  }
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Formats rows as a plain text table with a header row. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

// The reports and the CLI share one CSV quoting, which defuses spreadsheet formulas.
export { csvField } from '../engine/audit/formats/csv.ts';
