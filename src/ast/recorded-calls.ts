// The names a subroutine's body calls (`call f;`, `f(…)`, `std.tolower(…)`), as the direct parser saw them.
// Which of them are subroutines is known only once every declaration is read, so the checker's call graph
// looks them up then: a body that calls no subroutine (most of them) needs no walk of its own.
//
// Kept beside the tree, by body, not on it: a body copied or rebuilt (project/snippets.ts splices code into
// copies) is another object, has no record, and is walked as before.

import type { Block } from './ast.js';

const callsByBody = new WeakMap<Block, readonly string[]>();

/** Record the names `body` calls (each once; the order does not matter). */
export function recordCalls(body: Block, names: readonly string[]): void {
  callsByBody.set(body, names);
}

/** The names `body` calls, or undefined when no parse recorded them. */
export function recordedCalls(body: Block): readonly string[] | undefined {
  return callsByBody.get(body);
}
