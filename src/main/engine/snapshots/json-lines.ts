/**
 * A JSON reader that remembers the line where each object and array starts, so that
 * import problems can name the line of the bad entry. It accepts exactly RFC 8259 JSON;
 * strings and numbers are decoded with JSON.parse.
 */

/** Parsed JSON with the start line (1-based) of each object and array in it. */
export interface JsonWithLines {
  value: unknown;
  lineOf(node: object): number | null;
}

/** A syntax error at a line and column (both 1-based). */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/** Most levels of nesting accepted, so that a hostile file cannot exhaust the stack. */
const MAX_DEPTH = 64;

/** Parses JSON text; throws JsonSyntaxError with the line and column of the first error. */
export function parseJsonWithLines(text: string): JsonWithLines {
  const reader = new Reader(text.replace(/^\uFEFF/, ''));
  reader.skipWhitespace();
  const value = reader.readValue(0);
  reader.skipWhitespace();
  if (!reader.atEnd()) {
    reader.fail('Unexpected text after the end of the JSON value');
  }
  return { value, lineOf: (node) => reader.lines.get(node) ?? null };
}

class Reader {
  readonly lines = new WeakMap<object, number>();
  private readonly text: string;
  private position = 0;
  private line = 1;
  private lineStart = 0;

  constructor(text: string) {
    this.text = text;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.line, this.position - this.lineStart + 1);
  }

  skipWhitespace(): void {
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '\n') {
        this.line += 1;
        this.lineStart = this.position + 1;
      } else if (char !== ' ' && char !== '\t' && char !== '\r') {
        return;
      }
      this.position += 1;
    }
  }

  readValue(depth: number): unknown {
    if (depth > MAX_DEPTH) {
      this.fail(`The JSON nests deeper than ${MAX_DEPTH} levels`);
    }
    const char = this.text[this.position];
    if (char === '{') {
      return this.readObject(depth);
    }
    if (char === '[') {
      return this.readArray(depth);
    }
    if (char === '"') {
      return this.readString();
    }
    return this.readLiteral();
  }

  private readObject(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.lines.set(result, this.line);
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') {
        this.fail('Expected a property name in double quotes');
      }
      const key = this.readString();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      // defineProperty, so that a key such as "__proto__" stays plain data.
      Object.defineProperty(result, key, { value: this.readValue(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position += 1;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private readArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.lines.set(result, this.line);
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.readValue(depth + 1));
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position += 1;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private readString(): string {
    const start = this.position;
    this.position += 1;
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '\\') {
        this.position += 2;
        continue;
      }
      if (char === '"') {
        this.position += 1;
        return this.decode(this.text.slice(start, this.position), 'string') as string;
      }
      if (char === '\n') {
        this.fail('A string is not closed before the end of the line');
      }
      this.position += 1;
    }
    return this.fail('A string is not closed before the end of the file');
  }

  private readLiteral(): unknown {
    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.position, this.position + 400));
    if (!match) {
      this.fail(this.atEnd() ? 'The JSON ends too early' : `Unexpected character "${this.text[this.position]}"`);
    }
    this.position += match[0].length;
    return this.decode(match[0], 'value');
  }

  private decode(source: string, what: string): unknown {
    try {
      return JSON.parse(source) as unknown;
    } catch {
      return this.fail(`Invalid ${what} ${source.slice(0, 40)}`);
    }
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) {
      this.fail(this.atEnd() ? `Expected "${char}" but the JSON ends` : `Expected "${char}" but found "${this.text[this.position]}"`);
    }
    this.position += 1;
  }
}
