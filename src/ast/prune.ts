// After error recovery Chevrotain can leave nodes half built (a `set` with no value, an `if` with
// no body) or made up (a name it inserted where one was missing, placed nowhere: NaN offsets). The
// AST's types promise complete nodes, so such nodes are removed, with whatever holds them that cannot
// stand without them; lists just lose the broken item. The syntax errors are reported anyway, so
// nothing a user needs is lost, and later stages (the checker, lint) never meet an undefined where a
// node belongs, nor report a finding at line NaN.

import { SyntaxNode } from './nodes.js';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v;

/** Prune broken nodes under `node` in place; true when `node` itself is broken. */
function broken(node: Node): boolean {
  if (node instanceof SyntaxNode && Number.isNaN(node.startOffset)) return true;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (value === undefined) return true;
    if (Array.isArray(value)) {
      node[key] = value.filter((item) => !(isNode(item) && broken(item)) && item !== undefined);
    } else if (isNode(value) && broken(value)) return true;
  }
  return false;
}

export function pruneBrokenNodes<T extends { declarations: unknown[] }>(program: T): T {
  program.declarations = program.declarations.filter((d) => !(isNode(d) && broken(d)));
  return program;
}
