/**
 * Mapping from attributes to the store's tables, as SQL expressions over
 * the outer alias `r` (`FROM users r` or `FROM groups r`). Every expression is
 * built from fixed column names and canonical schema names, never from
 * request text, and contains no placeholders.
 */
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';
import type { AttributeTarget } from './targets.ts';
import { formatTarget } from './targets.ts';

/** An SQL expression for one value, and the same value lower-cased for caseExact false comparisons. */
export interface SqlValue {
  sql: string;
  foldedSql: string;
  /** True when `sql` is never NULL, as for a NOT NULL column. */
  notNull: boolean;
}

/**
 * The rows of a multi-valued attribute, one per value, for
 * `EXISTS (SELECT 1 FROM <from> WHERE <condition> AND ...)`.
 */
export interface SqlRows {
  from: string;
  condition: string;
  /** The expression for a sub-attribute of the current row, or for the row's value when `sub` is undefined. */
  field(sub: AttributeDefinition | undefined): SqlValue;
}

function nullable(sql: string, foldedSql = `scim_fold(${sql})`): SqlValue {
  return { sql, foldedSql, notNull: false };
}

function notNull(sql: string, foldedSql = `scim_fold(${sql})`): SqlValue {
  return { sql, foldedSql, notNull: true };
}

/** Single-valued attributes stored in columns, by canonical path. `meta` itself is always present. */
const COLUMNS: Record<ResourceTypeName, Record<string, SqlValue>> = {
  User: {
    id: notNull('r.id'),
    userName: notNull('r.user_name', 'r.user_name_key'),
    externalId: nullable('r.external_id'),
    displayName: nullable('r.display_name'),
    active: notNull('r.active'),
    meta: notNull('1'),
    'meta.created': notNull('r.created_at'),
    'meta.lastModified': notNull('r.modified_at'),
    'meta.resourceType': notNull("'User'", "'user'"),
  },
  Group: {
    id: notNull('r.id'),
    externalId: nullable('r.external_id'),
    displayName: notNull('r.display_name', 'r.display_name_key'),
    meta: notNull('1'),
    'meta.created': notNull('r.created_at'),
    'meta.lastModified': notNull('r.modified_at'),
    'meta.resourceType': notNull("'Group'", "'group'"),
  },
};

/**
 * Returns the SQL for a single-valued attribute or a sub-attribute of a
 * single-valued complex attribute.
 * NOTE: a dateTime kept in `doc` is compared as text, which agrees with the
 * evaluator only if it was stored in the UTC form of toISOString. No current
 * schema keeps one there: `meta.created` and `meta.lastModified` are columns.
 */
export function scalarValue(resourceType: ResourceTypeName, target: AttributeTarget): SqlValue {
  return COLUMNS[resourceType][formatTarget(target)] ?? nullable(`json_extract(r.doc, ${jsonPath(target.canonicalPath)})`);
}

/**
 * Returns an SQL test that a single-valued complex attribute is an object,
 * the condition under which `name[...]` looks inside it.
 */
export function objectPresence(target: AttributeTarget): string {
  if (formatTarget(target) === 'meta') {
    return '1';
  }
  return `json_type(r.doc, ${jsonPath(target.canonicalPath)}) IS 'object'`;
}

/** Returns the rows of a multi-valued attribute. */
export function multiValuedRows(resourceType: ResourceTypeName, target: AttributeTarget): SqlRows {
  const isCoreAttribute = target.canonicalPath[0] === target.attribute.name;
  if (isCoreAttribute && resourceType === 'User' && target.attribute.name === 'groups') {
    return userGroupRows();
  }
  if (isCoreAttribute && resourceType === 'Group' && target.attribute.name === 'members') {
    return groupMemberRows();
  }
  return documentRows(target);
}

/**
 * Returns the rows of a user's `groups`: its direct memberships in group_members.
 * NOTE: memberships through nested groups ('indirect') are not included.
 */
function userGroupRows(): SqlRows {
  const fields: Record<string, SqlValue> = {
    value: notNull('m.group_id'),
    display: nullable(
      '(SELECT g.display_name FROM groups g WHERE g.id = m.group_id)',
      '(SELECT g.display_name_key FROM groups g WHERE g.id = m.group_id)',
    ),
    type: notNull("'direct'"),
  };
  return {
    from: 'group_members m',
    condition: 'm.member_id = r.id',
    field: (sub) => fieldFromMap(fields, sub, 'groups'),
  };
}

function groupMemberRows(): SqlRows {
  const fields: Record<string, SqlValue> = {
    value: notNull('m.member_id'),
    display: nullable('m.display'),
    type: notNull('m.member_type'),
  };
  return {
    from: 'group_members m',
    condition: 'm.group_id = r.id',
    field: (sub) => fieldFromMap(fields, sub, 'members'),
  };
}

/** Returns the rows of a multi-valued attribute stored as a JSON array in `r.doc`. */
function documentRows(target: AttributeTarget): SqlRows {
  const attributePath = target.canonicalPath.slice(0, target.subAttribute === undefined ? undefined : -1);
  const isComplex = target.attribute.type === 'complex';
  return {
    from: `json_each(r.doc, ${jsonPath(attributePath)}) e`,
    // Only objects are elements of a complex attribute, and this also keeps
    // json_extract away from array entries that are not JSON text.
    condition: isComplex ? "e.type = 'object'" : "e.type <> 'null'",
    // The condition above excludes rows whose e.value is NULL.
    field: (sub) => (sub === undefined ? notNull('e.value') : nullable(`json_extract(e.value, ${jsonPath([sub.name])})`)),
  };
}

function fieldFromMap(fields: Record<string, SqlValue>, sub: AttributeDefinition | undefined, attributeName: string): SqlValue {
  const field = fields[sub?.name ?? 'value'];
  if (field === undefined) {
    throw new Error(`Internal error: no column for '${attributeName}.${sub?.name ?? ''}'.`);
  }
  return field;
}

/**
 * Builds a quoted SQLite JSON path literal such as `'$."name"."givenName"'`.
 * Each key is quoted because the extension key is a URN with colons and dots.
 */
function jsonPath(names: readonly string[]): string {
  for (const name of names) {
    if (!/^[A-Za-z0-9$_:.-]+$/.test(name)) {
      throw new Error(`Internal error: schema name '${name}' cannot be used in a JSON path.`);
    }
  }
  return `'$${names.map((name) => `."${name}"`).join('')}'`;
}
