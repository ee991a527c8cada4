import type { AttributePath, ComparisonNode, FilterNode } from './ast.ts';

/**
 * Renders a syntax tree as filter text (RFC 7644 §3.4.2.2) that `parseFilter`
 * reads back to the same tree. Nested `and` and `or` are always parenthesized.
 */
export function renderFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'comparison':
      return `${renderAttributePath(node.path)} ${node.operator} ${renderValue(node)}`;
    case 'present':
      return `${renderAttributePath(node.path)} pr`;
    case 'and':
    case 'or':
      return `${renderOperand(node.left)} ${node.kind} ${renderOperand(node.right)}`;
    case 'not':
      return `not (${renderFilter(node.filter)})`;
    case 'valuePath':
      return `${renderAttributePath(node.path)}[${renderFilter(node.filter)}]`;
  }
}

/** Renders an attribute path as `[urn:]attribute[.subAttribute]`. */
export function renderAttributePath(path: AttributePath): string {
  const prefix = path.schema === undefined ? '' : `${path.schema}:`;
  const suffix = path.subAttribute === undefined ? '' : `.${path.subAttribute}`;
  return `${prefix}${path.attribute}${suffix}`;
}

function renderOperand(node: FilterNode): string {
  const text = renderFilter(node);
  return node.kind === 'and' || node.kind === 'or' ? `(${text})` : text;
}

function renderValue(node: ComparisonNode): string {
  if (node.unquotedText !== undefined) {
    return node.unquotedText;
  }
  return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
}
