// The names a subroutine's body calls (`call f;`, `f(…)`, `std.tolower(…)`), as the direct parser saw them.
// Which of them are subroutines is known only once every declaration is read, so the checker's call graph
// looks them up then: a body that calls no subroutine (most of them) needs no walk of its own.
//
// Kept in a private field of the body: comparing, printing or cloning a tree does not see it, and a body
// copied or rebuilt (project/snippets.ts splices code into copies, `withFields` copies only public fields)
// has no record and is walked as before. (A WeakMap from body to names, as before, cost close to a
// microsecond per subroutine in a microbenchmark with a load's allocation between the calls.)

import type { Span } from '../lexer/source-range.js';
import type { Block, Statement } from './ast.js';
import { BlockNode } from './nodes.js';

/** A subroutine's body as the direct parser read it, with the names it calls. */
export class SubBodyNode extends BlockNode {
  readonly #calls: readonly string[];

  constructor(statements: Statement[], span: Span, calls: readonly string[]) {
    super(statements, span);
    this.#calls = calls;
  }

  /** The names `body` calls, or undefined when no parse recorded them. */
  static callsOf(body: Block): readonly string[] | undefined {
    return #calls in body ? body.#calls : undefined;
  }
}

/** The names `body` calls, or undefined when no parse recorded them. */
export function recordedCalls(body: Block): readonly string[] | undefined {
  return SubBodyNode.callsOf(body);
}
