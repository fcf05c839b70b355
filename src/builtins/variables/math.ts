// math.*: the constants of C's <math.h> and <float.h> that Fastly exposes, as FLOAT or INTEGER.
import { ALL, ro, type VariableSpec } from './spec.js';
import { INT64_MAX, INT64_MIN, type Int } from '../../values/int64.js';

const float = (name: string, value: number, doc: string) => ro(`math.${name}`, 'FLOAT', ALL, doc, () => value);
const integer = (name: string, value: Int, doc: string) => ro(`math.${name}`, 'INTEGER', ALL, doc, () => value);

export const MATH_VARIABLES: readonly VariableSpec[] = [
  float('PI', Math.PI, 'π.'),
  float('TAU', 2 * Math.PI, 'τ = 2π.'),
  float('2PI', 2 * Math.PI, '2π.'),
  float('PI_2', Math.PI / 2, 'π/2.'),
  float('PI_4', Math.PI / 4, 'π/4.'),
  float('1_PI', 1 / Math.PI, '1/π.'),
  float('2_PI', 2 / Math.PI, '2/π.'),
  float('2_SQRTPI', 2 / Math.sqrt(Math.PI), '2/√π.'),
  float('E', Math.E, 'e, the base of natural logarithms.'),
  float('LN2', Math.LN2, 'ln 2.'),
  float('LN10', Math.LN10, 'ln 10.'),
  float('LOG2E', Math.LOG2E, 'log₂ e.'),
  float('LOG10E', Math.LOG10E, 'log₁₀ e.'),
  float('SQRT2', Math.SQRT2, '√2.'),
  float('SQRT1_2', Math.SQRT1_2, '1/√2.'),
  float('PHI', (1 + Math.sqrt(5)) / 2, 'φ, the golden ratio.'),
  float('NAN', Number.NaN, 'Not a number.'),
  float('POS_INFINITY', Number.POSITIVE_INFINITY, 'Positive infinity.'),
  float('NEG_INFINITY', Number.NEGATIVE_INFINITY, 'Negative infinity.'),
  float('POS_HUGE_VAL', Number.POSITIVE_INFINITY, "C's HUGE_VAL: positive infinity."),
  float('NEG_HUGE_VAL', Number.NEGATIVE_INFINITY, "C's -HUGE_VAL: negative infinity."),
  float('FLOAT_MAX', Number.MAX_VALUE, 'The largest finite FLOAT (DBL_MAX).'),
  float('FLOAT_MIN', 2.2250738585072014e-308, 'The smallest normal positive FLOAT (DBL_MIN).'),
  float('FLOAT_EPSILON', Number.EPSILON, 'The difference between 1 and the next FLOAT (DBL_EPSILON).'),
  integer('FLOAT_DIG', 15, 'Decimal digits a FLOAT holds exactly (DBL_DIG).'),
  integer('FLOAT_MANT_DIG', 53, 'Bits in the mantissa of a FLOAT (DBL_MANT_DIG).'),
  integer('FLOAT_RADIX', 2, 'The radix of FLOAT exponents (FLT_RADIX).'),
  integer('FLOAT_MAX_EXP', 1024, 'The largest binary exponent of a FLOAT (DBL_MAX_EXP).'),
  integer('FLOAT_MIN_EXP', -1021, 'The smallest binary exponent of a normal FLOAT (DBL_MIN_EXP).'),
  integer('FLOAT_MAX_10_EXP', 308, 'The largest decimal exponent of a FLOAT (DBL_MAX_10_EXP).'),
  integer('FLOAT_MIN_10_EXP', -307, 'The smallest decimal exponent of a normal FLOAT (DBL_MIN_10_EXP).'),
  integer('INTEGER_BIT', 64, 'Bits in an INTEGER.'),
  integer('INTEGER_MAX', INT64_MAX, 'The largest INTEGER, 2^63-1.'),
  integer('INTEGER_MIN', INT64_MIN, 'The smallest INTEGER, -2^63.'),
];
