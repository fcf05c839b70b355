// math.*: rounding of FLOAT values.
import type { FunctionSpec } from './types.js';

export const MATH_FUNCTIONS: FunctionSpec[] = [
  mathSpec('math.floor', 'Largest integral value not above x.', Math.floor),
  mathSpec('math.ceil', 'Smallest integral value not below x.', Math.ceil),
  mathSpec('math.trunc', 'x rounded toward zero.', Math.trunc),
  mathSpec('math.round', 'x rounded to nearest, halves away from zero.', (x) => Math.sign(x) * Math.round(Math.abs(x))),
  mathSpec('math.roundeven', 'x rounded to nearest, halves to even.', roundHalfEven),
];

function mathSpec(name: string, doc: string, fn: (x: number) => number): FunctionSpec {
  return { name, returns: 'FLOAT', params: ['FLOAT'], paramNames: ['x'], doc, impl: (_ctx, x: number) => fn(x) };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
