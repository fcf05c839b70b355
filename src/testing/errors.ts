// The two ways a test sub stops early. Both are thrown from a testing.* or assert.* impl (deep inside
// compiled VCL) and caught by the runner, which reports the call site they carry.
import type { Range } from '../ast/ast.js';

/** An assertion that did not hold: what was expected, what was found. */
export class AssertionFailure extends Error {
  constructor(
    readonly site: Range,
    readonly assertion: string,
    message: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/** A testing.* or assert.* call that cannot run (unknown subroutine, wrong argument type, ...). */
export class TestingError extends Error {
  constructor(
    readonly site: Range,
    readonly fn: string,
    message: string,
  ) {
    super(message);
    this.name = 'TestingError';
  }
}
