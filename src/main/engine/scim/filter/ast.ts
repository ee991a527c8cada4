/** Syntax tree of a SCIM filter expression (RFC 7644 §3.4.2.2). */

/** Attribute operators that compare with a value, in lower case. */
export type ComparisonOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
];

/** A literal on the right side of a comparison. */
export type FilterValue = string | number | boolean | null;

/**
 * An attribute path with names in the case the request used. Inside the
 * brackets of a value path, `attribute` names a sub-attribute of the
 * bracketed attribute, and `schema` and `subAttribute` are never set.
 */
export interface AttributePath {
  /** The schema URN prefix, such as the enterprise extension URN. */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

/** `path op value`, such as `userName eq "bjensen"`. */
export interface ComparisonNode {
  kind: 'comparison';
  path: AttributePath;
  operator: ComparisonOperator;
  value: FilterValue;
  /**
   * The literal as written, for a value without quotes (a number, true,
   * false, null or a bare word). A string attribute compares with this text.
   */
  unquotedText?: string;
}

/** `path pr`: the attribute has a non-empty value. */
export interface PresentNode {
  kind: 'present';
  path: AttributePath;
}

/** `left and right`. */
export interface AndNode {
  kind: 'and';
  left: FilterNode;
  right: FilterNode;
}

/** `left or right`. */
export interface OrNode {
  kind: 'or';
  left: FilterNode;
  right: FilterNode;
}

/** `not (filter)`. */
export interface NotNode {
  kind: 'not';
  filter: FilterNode;
}

/**
 * `path[filter]`: at least one value of a complex attribute matches `filter`,
 * whose paths name sub-attributes of that value. The parser turns
 * `emails[type eq "work"].value eq "x"` into `emails[type eq "work" and value eq "x"]`.
 */
export interface ValuePathNode {
  kind: 'valuePath';
  path: AttributePath;
  filter: FilterNode;
}

export type FilterNode = ComparisonNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;
