// Call one built-in function's implementation directly, the way the compiled VCL does, and see
// both its value and what it left in fastly.error.
import { FUNCTION_TABLE } from '../../src/builtins/functions/index.js';
import type { FunctionContext } from '../../src/values/function-context.js';
import type { Value } from '../../src/values/values.js';

export interface Called {
  value: Value;
  /** fastly.error after the call (null: none recorded). */
  error: string | null;
}

export function freshContext(): FunctionContext {
  return { headers: () => undefined, now: () => 0, random: () => 0.5, fastlyError: null };
}

/** The function's result and the error it recorded, in a fresh context. */
export function callFunction(name: string, ...args: unknown[]): Called {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  const ctx = freshContext();
  const value = spec.impl(ctx, ...args);
  return { value, error: ctx.fastlyError ?? null };
}

/** Just the value. */
export function value(name: string, ...args: unknown[]): Value {
  return callFunction(name, ...args).value;
}
