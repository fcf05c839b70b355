// math.*: exponentials and logarithms (Fastly's "math-logexp" pages). Their pages document no
// errors, so they follow C's libm as the trigonometric pages do: a log of a negative number is a
// domain error (EDOM, NaN), a log of ±0 a pole (ERANGE, -infinity), an exponential that overflows
// or underflows a range error (ERANGE).
import { libmSpec, overflowed, underflowed, type MathError } from './math-errors.js';
import type { FunctionSpec } from './types.js';

const exponentialError = (x: number, r: number): MathError | null => (overflowed(x, r) || underflowed(x, r) ? 'ERANGE' : null);
const logarithmError = (x: number): MathError | null => (x < 0 ? 'EDOM' : x === 0 ? 'ERANGE' : null);

export const LOGEXP_FUNCTIONS: FunctionSpec[] = [
  libmSpec('math.exp', 'e raised to the power x; ERANGE when it overflows or underflows.', Math.exp, exponentialError),
  libmSpec('math.exp2', '2 raised to the power x; ERANGE when it overflows or underflows.', (x) => 2 ** x, exponentialError),
  libmSpec('math.log', 'Natural logarithm of x; EDOM for x < 0, ERANGE (-infinity) for x = 0.', Math.log, logarithmError),
  libmSpec('math.log10', 'Base-10 logarithm of x; EDOM for x < 0, ERANGE (-infinity) for x = 0.', Math.log10, logarithmError),
  libmSpec('math.log2', 'Base-2 logarithm of x; EDOM for x < 0, ERANGE (-infinity) for x = 0.', Math.log2, logarithmError),
];
