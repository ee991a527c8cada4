/**
 * Compilation of a filter to a parameterized SQLite expression for the store's
 * `users` and `groups` tables (RFC 7644 §3.4.2.2), with the meaning described
 * in parse.ts. For stored documents that conform to the schema, it selects
 * exactly the resources `evaluateFilter` accepts.
 *
 * Every atomic test on a value that may be NULL becomes `(test AND x IS NOT
 * NULL)`. Parameters are never NULL, so the test is NULL only when x is, and
 * the whole is then false. Tests are thus never NULL, and `NOT` means what it
 * means in memory. Unlike COALESCE, this form lets SQLite use an index on x.
 * Substring tests use instr and substr, never LIKE, so `%` and `_` in a value
 * match only themselves. Case-insensitive tests call `scim_fold`, which the
 * database must provide (see `registerScimFunctions`).
 */
import type { Database } from 'better-sqlite3';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';
import type { ComparisonNode, FilterNode, PresentNode, ValuePathNode } from './ast.ts';
import { prepareComparison, presenceForNull, type PreparedComparison } from './operands.ts';
import { multiValuedRows, objectPresence, scalarValue, type SqlRows, type SqlValue } from './sql-sources.ts';
import { renderAttributePath } from './render.ts';
import {
  comparisonTarget,
  formatTarget,
  invalidFilter,
  leafDefinition,
  requireComplexTarget,
  resolveFilterPath,
  resolveSubAttributePath,
  type AttributeTarget,
  type FilterTarget,
} from './targets.ts';

/** A boolean SQL expression with `?` placeholders and the values to bind to them, in order. */
export interface CompiledFilter {
  sql: string;
  params: unknown[];
  /** True when the filter is an equality on a column the store keeps unique per connection. */
  atMostOneRow?: boolean;
  /** Paths the filter names that the schema lacks or never returns, which count as absent (see parse.ts). */
  absentPaths: string[];
}

/** Equality tests on columns that a UNIQUE constraint covers, per connection or, for `id`, across all rows. */
const UNIQUE_KEY_TESTS: Record<ResourceTypeName, readonly string[]> = {
  User: ['r.id = ?', 'r.user_name_key = ?'],
  Group: ['r.id = ?'],
};

/**
 * Lower-cases strings and returns other values unchanged: the `scim_fold`
 * SQL function. It must match `String.prototype.toLowerCase`, which the
 * evaluator and the `*_key` columns use.
 */
export function scimFold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** Registers `scim_fold` on a better-sqlite3 database, as compiled filters require. */
export function registerScimFunctions(db: Database): void {
  db.function('scim_fold', { deterministic: true }, scimFold);
}

/**
 * Compiles a filter to a WHERE expression over `users r` or `groups r`
 * (RFC 7644 §3.4.2.2). Values from the request go only to `params`. Throws
 * ScimError 400 invalidFilter if the filter does not fit the schema.
 */
export function compileFilter(node: FilterNode, resourceType: ResourceTypeName): CompiledFilter {
  const compiler = new SqlCompiler(resourceType);
  const sql = compiler.compile(node, {});
  return {
    sql,
    params: compiler.params,
    atMostOneRow: UNIQUE_KEY_TESTS[resourceType].includes(sql),
    absentPaths: [...compiler.absentPaths],
  };
}

/**
 * The context of a node: the resource, or the inside of `parent[...]`. For a
 * multi-valued parent the node is compiled inside an EXISTS over `rows`.
 */
interface SqlScope {
  parent?: AttributeTarget;
  rows?: SqlRows;
}

/** The SQL location of a target's values: one expression, or an expression per row. */
type SqlSource = { kind: 'scalar'; value: SqlValue } | { kind: 'rows'; rows: SqlRows; value: SqlValue | undefined };

class SqlCompiler {
  readonly params: unknown[] = [];
  readonly absentPaths = new Set<string>();
  private readonly resourceType: ResourceTypeName;

  constructor(resourceType: ResourceTypeName) {
    this.resourceType = resourceType;
  }

  compile(node: FilterNode, scope: SqlScope): string {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const left = this.compile(node.left, scope);
        const right = this.compile(node.right, scope);
        return `(${left} ${node.kind.toUpperCase()} ${right})`;
      }
      case 'not':
        return `(NOT ${this.compile(node.filter, scope)})`;
      case 'present':
        return this.compilePresence(node, scope);
      case 'comparison':
        return this.compileComparison(node, scope);
      case 'valuePath':
        return this.compileValuePath(node, scope);
    }
  }

  private compilePresence(node: PresentNode, scope: SqlScope): string {
    const target = this.resolveTarget(node.path, scope);
    if (target.kind === 'absent') {
      return '0';
    }
    const source = this.sourceFor(target, scope);
    const leaf = leafDefinition(target);
    if (source.kind === 'scalar') {
      return presenceTest(source.value, leaf);
    }
    return existsIn(source.rows, source.value === undefined ? undefined : presenceTest(source.value, leaf));
  }

  private compileComparison(node: ComparisonNode, scope: SqlScope): string {
    const target = this.resolveTarget(node.path, scope);
    const nullMeaning = presenceForNull(node);
    if (nullMeaning !== undefined) {
      const isPresent = this.compilePresence({ kind: 'present', path: node.path }, scope);
      return nullMeaning === 'present' ? isPresent : `(NOT ${isPresent})`;
    }
    if (target.kind === 'absent') {
      return '0';
    }

    const compared = comparisonTarget(this.resourceType, target);
    if (compared.kind === 'absent') {
      return '0';
    }
    const prepared = prepareComparison(leafDefinition(compared), formatTarget(compared), node);
    const source = this.sourceFor(compared, scope);
    if (source.kind === 'scalar') {
      return definite(this.predicate(prepared, source.value), source.value);
    }
    if (source.value === undefined) {
      throw new Error(`Internal error: no SQL value for '${formatTarget(compared)}'.`);
    }
    return existsIn(source.rows, definite(this.predicate(prepared, source.value), source.value));
  }

  private compileValuePath(node: ValuePathNode, scope: SqlScope): string {
    if (scope.parent !== undefined) {
      throw invalidFilter('a value filter cannot contain another value filter.');
    }
    const target = this.resolveTarget(node.path, scope);
    if (target.kind === 'absent') {
      return '0';
    }
    requireComplexTarget(target);

    if (target.attribute.multiValued) {
      const rows = multiValuedRows(this.resourceType, target);
      return existsIn(rows, this.compile(node.filter, { parent: target, rows }));
    }
    const inner = this.compile(node.filter, { parent: target });
    return `(${objectPresence(target)} AND ${inner})`;
  }

  private resolveTarget(path: ComparisonNode['path'], scope: SqlScope): FilterTarget {
    const target =
      scope.parent === undefined
        ? resolveFilterPath(this.resourceType, path)
        : resolveSubAttributePath(this.resourceType, scope.parent, path);
    if (target.kind === 'absent') {
      const written = renderAttributePath(path);
      this.absentPaths.add(scope.parent === undefined ? written : `${formatTarget(scope.parent)}[${written}]`);
    }
    return target;
  }

  /**
   * Finds a target's values. Inside a multi-valued parent they are fields of
   * the current row. A multi-valued attribute elsewhere needs its own EXISTS.
   */
  private sourceFor(target: AttributeTarget, scope: SqlScope): SqlSource {
    if (scope.rows !== undefined) {
      return { kind: 'scalar', value: scope.rows.field(target.subAttribute) };
    }
    if (target.attribute.multiValued) {
      const rows = multiValuedRows(this.resourceType, target);
      const isWholeElement = target.subAttribute === undefined && target.attribute.type === 'complex';
      return { kind: 'rows', rows, value: isWholeElement ? undefined : rows.field(target.subAttribute) };
    }
    return { kind: 'scalar', value: scalarValue(this.resourceType, target) };
  }

  /** Builds the SQL test of one value against a prepared comparison, adding its parameters. */
  private predicate(prepared: PreparedComparison, value: SqlValue): string {
    const operand = prepared.type === 'string' && prepared.fold ? value.foldedSql : value.sql;
    const literal = parameterValue(prepared);
    switch (prepared.operator) {
      case 'co':
        return `instr(${operand}, ${this.param(literal)}) > 0`;
      case 'sw':
        return `instr(${operand}, ${this.param(literal)}) = 1`;
      case 'ew': {
        // substr counts characters, as endsWith does for whole characters. A
        // literal longer than the value yields a shorter substring, never a match.
        const start = `length(${operand}) - length(${this.param(literal)}) + 1`;
        return `substr(${operand}, ${start}) = ${this.param(literal)}`;
      }
      default:
        return `${operand} ${SQL_OPERATORS[prepared.operator]} ${this.param(literal)}`;
    }
  }

  private param(value: unknown): string {
    this.params.push(value);
    return '?';
  }
}

const SQL_OPERATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * Returns the literal to bind. Booleans become 1 and 0, because better-sqlite3
 * cannot bind booleans and json_extract returns JSON booleans as 1 and 0.
 */
function parameterValue(prepared: PreparedComparison): string | number {
  if (prepared.type === 'boolean') {
    return prepared.value ? 1 : 0;
  }
  return prepared.value;
}

/** Tests that a value is present: not NULL, and for strings not empty. */
function presenceTest(value: SqlValue, leaf: AttributeDefinition): string {
  const isString = leaf.type === 'string' || leaf.type === 'reference' || leaf.type === 'binary';
  return isString ? definite(`${value.sql} <> ''`, value) : `(${value.sql} IS NOT NULL)`;
}

/** Makes a test on `value` false instead of NULL when the value is NULL. */
function definite(test: string, value: SqlValue): string {
  return value.notNull ? test : `(${test} AND ${value.sql} IS NOT NULL)`;
}

function existsIn(rows: SqlRows, condition: string | undefined): string {
  const where = condition === undefined ? rows.condition : `${rows.condition} AND ${condition}`;
  return `EXISTS (SELECT 1 FROM ${rows.from} WHERE ${where})`;
}
