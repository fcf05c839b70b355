// AST comparison helper: the same tree without source positions or comments,
// so `parse(print(ast))` can be compared with `ast`.

/** Where a node lies: a `range`, or the span fields of a parsed node (nodes.ts). */
const POSITION_KEYS = new Set(['range', 'comments', 'lines', 'startOffset', 'endOffset']);

export function stripRanges<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => stripRanges(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  // A parsed node's kind is on its prototype (ast/nodes.ts), which Object.entries does not see.
  if ('kind' in node) copy['kind'] = node.kind;
  for (const [key, value] of Object.entries(node)) {
    if (POSITION_KEYS.has(key)) continue;
    copy[key] = stripRanges(value);
  }
  return copy as T;
}
