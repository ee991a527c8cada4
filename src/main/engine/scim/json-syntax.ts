/**
 * Locates the first syntax error of a JSON text, so that an error message can point at it
 * without quoting the body. JSON.parse's own messages quote the text around the error, which
 * can hold a password.
 */

/** The place where a JSON text stops being valid: its offset, line and column (both from 1), and whether the text ended too early. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  endedEarly: boolean;
}

class SyntaxStop extends Error {
  readonly offset: number;

  constructor(offset: number) {
    super('JSON syntax error');
    this.offset = offset;
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Returns where `text` stops being JSON (RFC 8259), or undefined when it is valid. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let position = 0;

  const skipWhitespace = (): void => {
    while (position < text.length && WHITESPACE.has(text[position]!)) {
      position += 1;
    }
  };
  const expect = (character: string): void => {
    if (text[position] !== character) {
      throw new SyntaxStop(position);
    }
    position += 1;
  };

  const readString = (): void => {
    expect('"');
    while (position < text.length) {
      const character = text[position]!;
      if (character === '"') {
        position += 1;
        return;
      }
      if (character.charCodeAt(0) < 0x20) {
        throw new SyntaxStop(position);
      }
      if (character === '\\') {
        const escaped = text[position + 1];
        if (escaped === 'u') {
          HEX4.lastIndex = position + 2;
          if (!HEX4.test(text)) {
            throw new SyntaxStop(position);
          }
          position += 6;
          continue;
        }
        if (escaped === undefined || !ESCAPES.has(escaped)) {
          throw new SyntaxStop(position);
        }
        position += 2;
        continue;
      }
      position += 1;
    }
    throw new SyntaxStop(position);
  };

  const readValue = (): void => {
    skipWhitespace();
    const character = text[position];
    if (character === '{') {
      position += 1;
      skipWhitespace();
      if (text[position] === '}') {
        position += 1;
        return;
      }
      for (;;) {
        skipWhitespace();
        readString();
        skipWhitespace();
        expect(':');
        readValue();
        skipWhitespace();
        if (text[position] === '}') {
          position += 1;
          return;
        }
        expect(',');
      }
    }
    if (character === '[') {
      position += 1;
      skipWhitespace();
      if (text[position] === ']') {
        position += 1;
        return;
      }
      for (;;) {
        readValue();
        skipWhitespace();
        if (text[position] === ']') {
          position += 1;
          return;
        }
        expect(',');
      }
    }
    if (character === '"') {
      readString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, position)) {
        position += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = position;
    if (NUMBER.test(text)) {
      position = NUMBER.lastIndex;
      return;
    }
    throw new SyntaxStop(position);
  };

  try {
    readValue();
    skipWhitespace();
    if (position < text.length) {
      throw new SyntaxStop(position);
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxStop)) {
      throw error;
    }
    return locate(text, Math.min(error.offset, text.length));
  }
}

function locate(text: string, offset: number): JsonSyntaxError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column, endedEarly: offset >= text.length };
}
