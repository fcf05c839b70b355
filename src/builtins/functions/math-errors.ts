// How math.* functions report errors. Fastly's math functions are C's libm: a domain error (an
// argument outside the function's domain) sets fastly.error to EDOM, a range error (a pole, an
// overflow, an underflow or a subnormal argument) to ERANGE. The result is the C one either way,
// which is what JavaScript's Math returns for the same argument.
import type { FunctionContext } from '../../values/function-context.js';
import type { FunctionSpec } from './types.js';

/** The smallest positive normal double (C's DBL_MIN, VCL's math.FLOAT_MIN). */
export const DBL_MIN = 2.2250738585072014e-308;

export type MathError = 'EDOM' | 'ERANGE';

/** True for a nonzero finite value smaller in magnitude than the smallest normal double. */
export function isSubnormal(x: number): boolean {
  return x !== 0 && Math.abs(x) < DBL_MIN;
}

/** True for a nonzero finite value that is neither subnormal, infinite nor NaN. */
export function isNormal(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) >= DBL_MIN;
}

/** A finite argument whose result overflowed to an infinity. */
export function overflowed(x: number, result: number): boolean {
  return Number.isFinite(x) && !Number.isFinite(result) && !Number.isNaN(result);
}

/** A finite argument whose result underflowed to zero or a subnormal. */
export function underflowed(x: number, result: number): boolean {
  return Number.isFinite(x) && (result === 0 || isSubnormal(result));
}

/**
 * A one-argument libm function: `fn` computes the C result, `errorOf` says which error (if any)
 * the argument and result raise. Errors are recorded, never cleared: fastly.error keeps the last one.
 */
export function libmSpec(
  name: string,
  doc: string,
  fn: (x: number) => number,
  errorOf: (x: number, result: number) => MathError | null,
): FunctionSpec {
  return {
    name,
    returns: 'FLOAT',
    params: ['FLOAT'],
    paramNames: ['x'],
    doc,
    impl: (ctx: FunctionContext, x: number) => {
      const result = fn(x);
      const error = errorOf(x, result);
      if (error) ctx.fastlyError = error;
      return result;
    },
  };
}
