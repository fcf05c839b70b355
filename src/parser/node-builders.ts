// Node building shared by the Chevrotain grammar and the direct parser: what a `return` returns, and
// the name of a `.property`.

import type { LineIndex } from '../lexer/source-range.js';
import type { Expression, Identifier, ReturnStatement } from '../ast/ast.js';
import { RETURN_STATES } from '../ast/vocabulary.js';
import { IdentifierNode } from '../ast/nodes.js';

/** `return x;` / `return(x);`: a bare state name is a state, anything else a value. */
export function classifyReturn(node: ReturnStatement, value: Expression): void {
  let inner = value;
  if (value.kind === 'Group') {
    node.parenthesized = true;
    inner = value.expression;
  }
  if (inner?.kind === 'Identifier' && RETURN_STATES.has(inner.name)) node.state = inner as Identifier;
  else node.value = inner ?? null;
}

/** `.host` (written at `start`) names the property `host`; its range leaves out the dot. */
export function propertyName(lines: LineIndex, start: number, image: string): Identifier {
  return new IdentifierNode(image.slice(1), { lines, startOffset: start + 1, endOffset: start + image.length });
}
