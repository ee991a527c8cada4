import { ScimError } from '../errors.ts';

/**
 * A word is any run of characters other than white space, brackets,
 * parentheses and quotes: attribute paths, operators, keywords, numbers and
 * the unquoted values some providers send.
 */
export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';

export interface Token {
  kind: TokenKind;
  /** The token as written, with quotes and escapes for a string. */
  text: string;
  /** The decoded value of a string token. */
  value?: string;
  /** 1-based position of the token's first character, counted in UTF-16 code units. */
  position: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']']);

/** Builds the 400 invalidFilter error for a syntax error at a 1-based position. */
export function invalidFilterAt(position: number, detail: string): ScimError {
  return new ScimError(400, 'invalidFilter', `Invalid filter at position ${position}: ${detail}`);
}

/** Describes a token for an error message: the text in quotes, or `end of filter`. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') {
    return 'end of filter';
  }
  const text = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
  return `'${text}'`;
}

/** Splits filter text into tokens, ending with an `end` token. Throws ScimError 400 on a malformed string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: char as TokenKind, text: char, position: index + 1 });
      index += 1;
    } else if (char === '"') {
      const token = readString(text, index);
      tokens.push(token);
      index += token.text.length;
    } else {
      const end = findWordEnd(text, index);
      tokens.push({ kind: 'word', text: text.slice(index, end), position: index + 1 });
      index = end;
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}

function findWordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length) {
    const char = text.charAt(end);
    if (/\s/.test(char) || PUNCTUATION.has(char) || char === '"') {
      break;
    }
    end += 1;
  }
  return end;
}

/** Reads a JSON string literal (RFC 8259 §7) that starts with the quote at `start`. */
function readString(text: string, start: number): Token {
  let end = start + 1;
  while (end < text.length && text.charAt(end) !== '"') {
    end += text.charAt(end) === '\\' ? 2 : 1;
  }
  if (end >= text.length) {
    throw invalidFilterAt(start + 1, 'missing closing \'"\' for the string that starts here');
  }

  const literal = text.slice(start, end + 1);
  try {
    return { kind: 'string', text: literal, value: JSON.parse(literal) as string, position: start + 1 };
  } catch {
    throw invalidFilterAt(
      start + 1,
      `invalid string ${literal}. Escape quotes and backslashes with a backslash, and write line breaks as \\n`,
    );
  }
}
