// Constants in compiled VCL: one closure per constant value and program, and the work the compiler does
// once instead of per request: pure functions called on constants, concatenations of constant strings.
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionContext } from '../values/function-context.js';
import { concatBytes } from '../values/bytes.js';
import type { CompileEnv } from './env.js';

type Evaluate<T> = (ctx: RequestContext) => T;

/**
 * The closure that gives `value`, one per value and program: every `"origin"`, `10s` or table argument of a
 * program shares it. A loaded service is mostly closures, so a literal that makes none keeps it small.
 */
export function constant<T>(env: CompileEnv, value: T): Evaluate<T> {
  const known = env.constants.get(value);
  if (known !== undefined) return known as Evaluate<T>;
  const made = giving(value);
  if (!Object.is(value, -0)) env.constants.set(value, made); // a Map takes -0 for 0
  env.constantValues.set(made, value);
  return made;
}

// A function that makes a closure on some of its paths makes the closure's scope on all of them, so the
// closures are made by functions of their own (here: most calls of `constant` find one made).
function giving<T>(value: T): Evaluate<T> {
  return () => value;
}

/** Whether `evaluate` is the closure of a constant (see `constant`). */
export function isConstant(env: CompileEnv, evaluate: Evaluate<unknown>): boolean {
  return env.constantValues.has(evaluate);
}

/** The value a constant's closure gives (undefined: not a constant). */
export function constantValue(env: CompileEnv, evaluate: Evaluate<unknown>): unknown {
  return env.constantValues.get(evaluate);
}

/** What a pure function is given for the request when it is called at compile time: nothing it may read. */
const NO_REQUEST = new Proxy({} as FunctionContext, {
  get() {
    throw new Error('internal: a function marked pure read the request');
  },
});

/**
 * A pure function's call on constant arguments, worked out now (null: not so, or it threw; then it runs per
 * request, and fails there as it would have).
 */
export function foldedCall<V>(env: CompileEnv, spec: FunctionSpec, args: readonly Evaluate<unknown>[]): Evaluate<V> | null {
  if (!spec.pure || !args.every((a) => isConstant(env, a))) return null;
  try {
    return constant(env, spec.impl(NO_REQUEST, ...args.map((a) => env.constantValues.get(a))) as V);
  } catch {
    return null;
  }
}

/** A concatenation of constant strings (`"a" + querystring.filtersep() + "b"`) as one constant. */
export function foldedConcatenation(env: CompileEnv, evals: readonly Evaluate<string | null>[]): Evaluate<string> | null {
  let joined = '';
  for (const evaluate of evals) {
    const value = env.constantValues.get(evaluate);
    if (typeof value !== 'string') return null; // not a constant, or not set
    joined = concatBytes(joined, value);
  }
  return constant(env, joined);
}
