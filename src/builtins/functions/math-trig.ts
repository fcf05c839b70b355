// math.*: trigonometric and hyperbolic functions and the square root (Fastly's "math-trig" pages),
// each with the fastly.error its page documents (EDOM outside the domain, ERANGE on a pole,
// an overflow or a subnormal argument).
import type { FunctionContext } from '../../values/function-context.js';
import { isSubnormal, libmSpec, overflowed, underflowed, type MathError } from './math-errors.js';
import type { FunctionSpec } from './types.js';

const outsideUnit = (x: number): MathError | null => (Math.abs(x) > 1 ? 'EDOM' : null);
const infinite = (x: number): boolean => x === Infinity || x === -Infinity;
const subnormalArg = (x: number): MathError | null => (isSubnormal(x) ? 'ERANGE' : null);

export const TRIG_FUNCTIONS: FunctionSpec[] = [
  libmSpec('math.acos', 'Arc cosine of x in [0, π]; EDOM for |x| > 1.', Math.acos, outsideUnit),
  libmSpec('math.asin', 'Arc sine of x in [-π/2, π/2]; EDOM for |x| > 1, ERANGE for a subnormal x.', Math.asin, (x) =>
    outsideUnit(x) ?? subnormalArg(x),
  ),
  libmSpec('math.atan', 'Arc tangent of x in [-π/2, π/2]; ERANGE for a subnormal x.', Math.atan, subnormalArg),
  {
    name: 'math.atan2',
    returns: 'FLOAT',
    params: ['FLOAT', 'FLOAT'],
    paramNames: ['y', 'x'],
    doc: 'Arc tangent of y/x in [-π, π], the quadrant from both signs; ERANGE when the result underflows.',
    impl: (ctx: FunctionContext, y: number, x: number) => {
      const result = Math.atan2(y, x);
      // Only a tiny y over a large positive x underflows; atan2(±0, x) and atan2(y, ±∞) are exact.
      if (y !== 0 && Number.isFinite(y) && Number.isFinite(x) && underflowed(x, result)) ctx.fastlyError = 'ERANGE';
      return result;
    },
  },
  libmSpec('math.acosh', 'Inverse hyperbolic cosine of x; EDOM for x < 1.', Math.acosh, (x) => (x < 1 ? 'EDOM' : null)),
  libmSpec('math.asinh', 'Inverse hyperbolic sine of x; ERANGE for a subnormal x.', Math.asinh, subnormalArg),
  libmSpec(
    'math.atanh',
    'Inverse hyperbolic tangent of x; EDOM for |x| > 1, ERANGE (±infinity) for x = ±1 or a subnormal x.',
    Math.atanh,
    (x) => outsideUnit(x) ?? (Math.abs(x) === 1 ? 'ERANGE' : subnormalArg(x)),
  ),
  libmSpec('math.cos', 'Cosine of x radians; EDOM for an infinite x.', Math.cos, (x) => (infinite(x) ? 'EDOM' : null)),
  libmSpec('math.sin', 'Sine of x radians; EDOM for an infinite x, ERANGE for a subnormal x.', Math.sin, (x) =>
    infinite(x) ? 'EDOM' : subnormalArg(x),
  ),
  libmSpec('math.tan', 'Tangent of x radians; EDOM for an infinite x, ERANGE for a subnormal x or an overflow.', Math.tan, (x, r) =>
    infinite(x) ? 'EDOM' : isSubnormal(x) || overflowed(x, r) ? 'ERANGE' : null,
  ),
  libmSpec('math.cosh', 'Hyperbolic cosine of x; ERANGE when it overflows.', Math.cosh, (x, r) => (overflowed(x, r) ? 'ERANGE' : null)),
  libmSpec('math.sinh', 'Hyperbolic sine of x; ERANGE for a subnormal x or when it overflows.', Math.sinh, (x, r) =>
    isSubnormal(x) || overflowed(x, r) ? 'ERANGE' : null,
  ),
  libmSpec('math.tanh', 'Hyperbolic tangent of x; ERANGE for a subnormal x.', Math.tanh, subnormalArg),
  libmSpec('math.sqrt', 'Square root of x; EDOM for x < 0.', Math.sqrt, (x) => (x < 0 ? 'EDOM' : null)),
];
