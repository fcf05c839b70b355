// math.*: rounding and classification of FLOAT values, plus the libm families (math-trig.ts,
// math-logexp.ts). Rounding follows Fastly's "Rounding modes" page; none of these set fastly.error.
import { isNormal, isSubnormal } from './math-errors.js';
import { LOGEXP_FUNCTIONS } from './math-logexp.js';
import { TRIG_FUNCTIONS } from './math-trig.js';
import type { FunctionSpec } from './types.js';

export const MATH_FUNCTIONS: FunctionSpec[] = [
  mathSpec('math.floor', 'Largest integral value not above x.', Math.floor),
  mathSpec('math.ceil', 'Smallest integral value not below x.', Math.ceil),
  mathSpec('math.trunc', 'x rounded toward zero.', Math.trunc),
  mathSpec('math.round', 'x rounded to nearest, halves away from zero.', (x) => Math.sign(x) * Math.round(Math.abs(x))),
  mathSpec('math.roundeven', 'x rounded to nearest, halves to even.', roundHalfEven),
  // JavaScript's Math.round is exactly "nearest, ties toward +infinity" (and keeps the sign of -0).
  mathSpec('math.roundhalfup', 'x rounded to nearest, halves toward +infinity.', Math.round),
  mathSpec('math.roundhalfdown', 'x rounded to nearest, halves toward -infinity.', (x) => -Math.round(-x)),
  classSpec('math.is_finite', 'True if x is neither infinite nor NaN.', Number.isFinite),
  classSpec('math.is_infinite', 'True if x is +infinity or -infinity.', (x) => x === Infinity || x === -Infinity),
  classSpec('math.is_nan', 'True if x is NaN.', Number.isNaN),
  classSpec('math.is_normal', 'True if x is finite, nonzero and not subnormal.', isNormal),
  classSpec('math.is_subnormal', 'True if x is nonzero and smaller in magnitude than math.FLOAT_MIN.', isSubnormal),
  ...TRIG_FUNCTIONS,
  ...LOGEXP_FUNCTIONS,
];

function mathSpec(name: string, doc: string, fn: (x: number) => number): FunctionSpec {
  return { name, returns: 'FLOAT', params: ['FLOAT'], paramNames: ['x'], doc, impl: (_ctx, x: number) => fn(x) };
}

function classSpec(name: string, doc: string, test: (x: number) => boolean): FunctionSpec {
  return { name, returns: 'BOOL', params: ['FLOAT'], paramNames: ['x'], doc, impl: (_ctx, x: number) => test(x) };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
