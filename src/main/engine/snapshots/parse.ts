import type { SnapshotFormat, SnapshotProblem } from '../../../shared/api.ts';
import { SnapshotBuilder, type ParsedSnapshot } from './builder.ts';
import { readCsv, type CsvTable } from './csv.ts';
import { readEntraCsv, readEntraJson } from './formats/entra.ts';
import { readGenericCsv, readGenericJson } from './formats/generic.ts';
import { readGoogleCsv, readGoogleJson } from './formats/google.ts';
import { readOktaCsv, readOktaJson } from './formats/okta.ts';
import { JsonSyntaxError, parseJsonWithLines, type JsonWithLines } from './json-lines.ts';

/** Options of one export: the group of a one-group file that does not name it. */
export interface ParseOptions {
  groupName?: string;
}

type Readers = { csv: (table: CsvTable, builder: SnapshotBuilder, options: ParseOptions) => void; json: (json: JsonWithLines, builder: SnapshotBuilder, options: ParseOptions) => void };

const READERS: Record<SnapshotFormat, Readers> = {
  okta: { csv: (table, builder) => readOktaCsv(table, builder), json: (json, builder) => readOktaJson(json, builder) },
  entra: { csv: (table, builder, options) => readEntraCsv(table, builder, options.groupName), json: (json, builder) => readEntraJson(json, builder) },
  google: {
    csv: (table, builder, options) => readGoogleCsv(table, builder, options.groupName),
    json: (json, builder, options) => readGoogleJson(json, builder, options.groupName),
  },
  generic: { csv: (table, builder) => readGenericCsv(table, builder), json: (json, builder) => readGenericJson(json, builder) },
};

/**
 * Reads a group membership export in one of the supported layouts. The text is JSON
 * when it starts with { or [, else CSV. Returns the whole export, or every problem found
 * with its line number when any row is bad: an export is used whole or not at all.
 */
export function parseSnapshot(text: string, format: SnapshotFormat, options: ParseOptions = {}): { snapshot: ParsedSnapshot } | { problems: SnapshotProblem[] } {
  const builder = new SnapshotBuilder();
  const readers = READERS[format];
  if (/^\uFEFF?\s*[[{]/.test(text)) {
    let json: JsonWithLines;
    try {
      json = parseJsonWithLines(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        return { problems: [{ line: error.line, message: `The JSON is invalid at column ${error.column}: ${error.message}.` }] };
      }
      throw error;
    }
    readers.json(json, builder, options);
  } else {
    const csv = readCsv(text);
    if ('problems' in csv) {
      return csv;
    }
    readers.csv(csv.table, builder, options);
  }

  const snapshot = builder.build();
  if (snapshot === undefined) {
    return { problems: builder.problems };
  }
  if (snapshot.memberships.length === 0) {
    return { problems: [{ line: null, message: 'The file lists no user who is a member of a group, so there is nothing to review. Check that it is a group membership export.' }] };
  }
  return { snapshot };
}
