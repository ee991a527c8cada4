/**
 * SCIM filter engine (RFC 7644 §3.4.2.2): `parseFilter` turns the `filter`
 * query parameter into a syntax tree, `evaluateFilter` (evaluate.ts) tests one
 * resource in memory, and `compileFilter` (sql.ts) turns the tree into a WHERE
 * clause for the SQLite store. Both back ends share the attribute lookup
 * (targets.ts) and the literal checks (operands.ts), and a property test checks
 * that they return the same results.
 *
 * Grammar, with precedence `not` > `and` > `or`:
 *
 *     filter     = or
 *     or         = and *("or" and)
 *     and        = unary *("and" unary)
 *     unary      = "not" unary / "(" or ")" / expression
 *     expression = path "pr"
 *                / path compareOp value
 *                / path "[" or "]" ["." name ("pr" / compareOp value)]
 *     path       = [urn ":"] name ["." name]
 *
 * Operators, `and`, `or`, `not`, `true`, `false` and `null` are
 * case-insensitive. Values are JSON strings, JSON numbers, true, false or
 * null. `not` may also precede an expression without parentheses.
 *
 * Tolerated beyond the RFC: a value written without quotes that is not a
 * keyword, number, true, false or null is a string, because Entra ID sends
 * filters such as `externalId eq jyoung`. A number, true or false compared
 * with a string attribute compares as the text written.
 *
 * Meaning, shared by both back ends:
 * - A comparison on a multi-valued attribute is true if any value matches.
 *   `emails eq "x"` compares the `value` sub-attribute.
 * - Strings compare after lower-casing both sides unless the attribute is
 *   caseExact. `gt`, `ge`, `lt` and `le` order strings by code point,
 *   dateTimes by instant and numbers numerically. They are invalid on
 *   booleans. `co`, `sw` and `ew` apply to strings only.
 * - `pr` is true when the value is present and not null, "" or [].
 *   `attr eq null` means not present, and `attr ne null` means present.
 * - A comparison with an absent value is false, so `ne` also needs a value:
 *   `title ne "x"` does not match a user without a title.
 * - An unqualified name that the core schema lacks is looked up in the
 *   extensions, so `employeeNumber` finds the enterprise attribute.
 * - An unknown attribute or sub-attribute, and `password`, which is never
 *   returned, are treated as absent.
 * - `meta.location`, `meta.version` and the `$ref` of `groups` and `members`
 *   are rejected, because the store does not keep them as values.
 *
 * Errors are ScimError 400 `invalidFilter`. A syntax error names the 1-based
 * position in the filter text (in UTF-16 code units) and the token found.
 */
import type {
  AttributePath,
  ComparisonNode,
  ComparisonOperator,
  FilterNode,
  FilterValue,
  PresentNode,
  ValuePathNode,
} from './ast.ts';
import { COMPARISON_OPERATORS } from './ast.ts';
import { describeToken, invalidFilterAt, tokenize, type Token } from './lexer.ts';

/**
 * Maximum depth of parentheses, `not` and brackets. It keeps recursion bounded
 * for hostile input.
 */
const MAX_NESTING_DEPTH = 32;

/**
 * Maximum number of attribute expressions. Each one adds a level to the SQL
 * expression tree, and SQLite rejects trees deeper than 1000 levels by default.
 */
const MAX_EXPRESSIONS = 100;

const NAME_PATTERN = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/i;
const NUMBER_PATTERN = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const LOGICAL_KEYWORDS = new Set(['and', 'or', 'not']);

/** Parses a SCIM filter (RFC 7644 §3.4.2.2). Throws ScimError 400 invalidFilter when it is malformed. */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(text).parse();
}

class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  private expressionCount = 0;

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  parse(): FilterNode {
    const node = this.parseOr(false);
    const next = this.peek();
    if (next.kind !== 'end') {
      throw invalidFilterAt(next.position, `expected 'and', 'or' or the end of the filter, found ${describeToken(next)}`);
    }
    return node;
  }

  /** Parses `and` terms joined by `or`. `inValuePath` is true inside brackets. */
  private parseOr(inValuePath: boolean): FilterNode {
    let node = this.parseAnd(inValuePath);
    while (this.peekKeyword('or')) {
      this.advance();
      node = { kind: 'or', left: node, right: this.parseAnd(inValuePath) };
    }
    return node;
  }

  private parseAnd(inValuePath: boolean): FilterNode {
    let node = this.parseUnary(inValuePath);
    while (this.peekKeyword('and')) {
      this.advance();
      node = { kind: 'and', left: node, right: this.parseUnary(inValuePath) };
    }
    return node;
  }

  private parseUnary(inValuePath: boolean): FilterNode {
    const token = this.peek();
    if (this.peekKeyword('not')) {
      this.advance();
      return { kind: 'not', filter: this.nested(token, () => this.parseUnary(inValuePath)) };
    }
    if (token.kind === '(') {
      this.advance();
      const inner = this.nested(token, () => this.parseOr(inValuePath));
      this.expect(')', "expected 'and', 'or' or ')'");
      return inner;
    }
    return this.parseExpression(inValuePath);
  }

  /** Parses `path pr`, `path op value` or `path[filter]`. */
  private parseExpression(inValuePath: boolean): FilterNode {
    const pathToken = this.advance();
    const path = this.parsePath(pathToken, inValuePath);
    this.expressionCount += 1;
    if (this.expressionCount > MAX_EXPRESSIONS) {
      throw invalidFilterAt(pathToken.position, `the filter has more than ${MAX_EXPRESSIONS} attribute expressions`);
    }

    const next = this.peek();
    if (next.kind === '[') {
      return this.parseValuePath(path, pathToken, inValuePath);
    }
    return this.parseOperation(path, pathToken.text);
  }

  /** Parses `pr` or `op value` after a path written as `pathText`. */
  private parseOperation(path: AttributePath, pathText: string): ComparisonNode | PresentNode {
    const token = this.peek();
    const operator = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (operator === 'pr') {
      this.advance();
      return { kind: 'present', path };
    }
    if (!isComparisonOperator(operator)) {
      throw invalidFilterAt(token.position, `expected a comparison operator after '${pathText}', found ${describeToken(token)}`);
    }
    this.advance();
    return { kind: 'comparison', path, operator, ...this.parseValue(token) };
  }

  private parseValuePath(path: AttributePath, pathToken: Token, inValuePath: boolean): ValuePathNode {
    const open = this.advance();
    if (inValuePath) {
      throw invalidFilterAt(open.position, 'a value filter cannot contain another value filter');
    }
    if (path.subAttribute !== undefined) {
      throw invalidFilterAt(open.position, `'[' must follow an attribute, not the sub-attribute '${pathToken.text}'`);
    }
    const inner = this.nested(open, () => this.parseOr(true));
    this.expect(']', "expected 'and', 'or' or ']'");

    const next = this.peek();
    if (next.kind !== 'word' || !next.text.startsWith('.')) {
      return { kind: 'valuePath', path, filter: inner };
    }
    this.advance();
    const subName = next.text.slice(1);
    if (!NAME_PATTERN.test(subName)) {
      throw invalidFilterAt(next.position, `expected a sub-attribute name after ']', found ${describeToken(next)}`);
    }
    const condition = this.parseOperation({ attribute: subName }, `${pathToken.text}[…]${next.text}`);
    return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: condition } };
  }

  private parsePath(token: Token, inValuePath: boolean): AttributePath {
    if (token.kind !== 'word' || LOGICAL_KEYWORDS.has(token.text.toLowerCase())) {
      throw invalidFilterAt(token.position, `expected an attribute name, 'not' or '(', found ${describeToken(token)}`);
    }
    const path = splitPath(token.text);
    if (path === undefined) {
      throw invalidFilterAt(token.position, `${describeToken(token)} is not a valid attribute path`);
    }
    if (inValuePath && (path.schema !== undefined || path.subAttribute !== undefined)) {
      throw invalidFilterAt(token.position, `expected a sub-attribute name inside '[...]', found ${describeToken(token)}`);
    }
    return path;
  }

  /** Parses the literal after `operatorToken`. */
  private parseValue(operatorToken: Token): { value: FilterValue; unquotedText?: string } {
    const token = this.advance();
    if (token.kind === 'string') {
      return { value: token.value ?? '' };
    }
    if (token.kind !== 'word' || LOGICAL_KEYWORDS.has(token.text.toLowerCase())) {
      throw invalidFilterAt(token.position, `expected a value after '${operatorToken.text}', found ${describeToken(token)}`);
    }
    return { value: classifyUnquotedValue(token.text), unquotedText: token.text };
  }

  /** Runs `parse` one nesting level deeper, rejecting input nested beyond the limit. */
  private nested<T>(opening: Token, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw invalidFilterAt(opening.position, `the filter is nested more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    const result = parse();
    this.depth -= 1;
    return result;
  }

  private expect(kind: '(' | ')' | '[' | ']', expectation: string): void {
    const token = this.peek();
    if (token.kind !== kind) {
      throw invalidFilterAt(token.position, `${expectation}, found ${describeToken(token)}`);
    }
    this.advance();
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') {
      this.index += 1;
    }
    return token;
  }
}

function isComparisonOperator(word: string): word is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(word);
}

/** Reads an unquoted literal: a JSON number, true, false, null, or else a bare string. */
function classifyUnquotedValue(text: string): FilterValue {
  const lower = text.toLowerCase();
  if (NUMBER_PATTERN.test(text)) {
    return Number(text);
  }
  if (lower === 'true' || lower === 'false') {
    return lower === 'true';
  }
  if (lower === 'null') {
    return null;
  }
  return text;
}

/**
 * Splits `[urn:]name[.name]` into its parts. The URN is everything before the
 * last colon, because URNs themselves contain colons and dots.
 */
function splitPath(text: string): AttributePath | undefined {
  let schema: string | undefined;
  let rest = text;
  if (text.toLowerCase().startsWith('urn:')) {
    const colon = text.lastIndexOf(':');
    schema = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }

  const names = rest.split('.');
  if (names.length > 2 || !names.every((name) => NAME_PATTERN.test(name))) {
    return undefined;
  }
  const [attribute = '', subAttribute] = names;
  const path: AttributePath = { attribute };
  if (schema !== undefined) {
    path.schema = schema;
  }
  if (subAttribute !== undefined) {
    path.subAttribute = subAttribute;
  }
  return path;
}
