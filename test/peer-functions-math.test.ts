// math.* against the test tables of ysugimoto/falco (interpreter/function/builtin/math_*_test.go): the
// inputs and results are theirs, called here through VCL. falco's loops compare the value only, never
// the err column, and a few of its values contradict Fastly's reference pages; there vcl-edge follows
// the page, and the comment names it.
import { describe, expect, it } from 'vitest';
import { holds, vcl } from './helpers/peer-calls.js';

const { PI } = Math;
const NAN = 'math.NAN';
const POS_INF = 'math.POS_INFINITY';
const NEG_INF = 'math.NEG_INFINITY';
/** A subnormal argument: falco draws a random one; this is FLOAT_MIN / 2, held in var.sub. */
const SUBNORMAL_SETUP = 'declare local var.sub FLOAT; set var.sub = math.FLOAT_MIN; set var.sub /= 2;';
const SUB = 'var.sub';

/** A FLOAT literal for a finite number (a whole number gets ".0" so it is no INTEGER literal). */
function floatLiteral(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** `call` gives exactly `want` (NaN and the infinities by their text) and leaves `error` in fastly.error. */
function expectFloat(call: string, want: number, error: string | null = null): void {
  const setup = call.includes(SUB) ? SUBNORMAL_SETUP : '';
  const got = vcl(call, setup);
  expect(got.error, `${call}: fastly.error`).toBe(error);
  if (Number.isNaN(want)) expect(got.value, call).toBe('NaN');
  else if (!Number.isFinite(want)) expect(got.value, call).toBe(want > 0 ? 'inf' : '-inf');
  else expect(holds(`${call} == ${floatLiteral(want)}`, setup), `${call} == ${want}`).toBe(true);
}

/**
 * `call` is within one unit in the last place of `want`: where falco's value is Go's math package,
 * which is off by one ulp from the correctly rounded result that C's libm (Fastly) and V8 give.
 */
function expectWithinUlp(call: string, want: number): void {
  const ulp = Number.EPSILON * Math.abs(want);
  expect(holds(`${call} >= ${floatLiteral(want - ulp)} && ${call} <= ${floatLiteral(want + ulp)}`), `${call} ≈ ${want}`).toBe(true);
  expect(vcl(call).error, `${call}: fastly.error`).toBeNull();
}

/** The subnormal value itself, for functions that return their subnormal argument. */
const SUBNORMAL = 2.2250738585072014e-308 / 2;

describe('trigonometric (falco math_{acos,acosh,atan,atan2,atanh,cos,cosh,sin,tan,tanh}_test.go)', () => {
  it('math.acos and math.acosh', () => {
    expectFloat(`math.acos(${NAN})`, NaN);
    expectFloat('math.acos(1.0)', 0);
    expectFloat(`math.acos(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.acos(${POS_INF})`, NaN, 'EDOM');
    // π/3 rounds to 1.0471975511965979; falco's 1.0471975511965976 is Go's Acos, one ulp below.
    expectWithinUlp('math.acos(0.5)', 1.0471975511965976);
    expectFloat('math.acos(1.2)', NaN, 'EDOM');
    expectFloat(`math.acosh(${NAN})`, NaN);
    expectFloat('math.acosh(1.0)', 0);
    expectFloat(`math.acosh(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.acosh(${POS_INF})`, Infinity);
    expectFloat('math.acosh(0.5)', NaN, 'EDOM');
    expectFloat('math.acosh(1.2)', 0.6223625037147786);
  });

  it('math.asin (vintage math_asin_test.go; falco’s table is a stub)', () => {
    expectFloat('math.asin(0.0)', 0);
    expectFloat(`math.asin(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.asin(-1.1)', NaN, 'EDOM');
    expectFloat('math.asin(1.1)', NaN, 'EDOM');
    expectFloat(`math.asin(${NAN})`, NaN);
    expectFloat(`math.asin(${POS_INF})`, NaN, 'EDOM');
    expectFloat(`math.asin(${NEG_INF})`, NaN, 'EDOM');
    expectFloat('math.asin(0.5)', 0.5235987755982989);
  });

  it('math.asinh (vintage math_asinh_test.go)', () => {
    expectFloat(`math.asinh(${NAN})`, NaN);
    expectFloat('math.asinh(0.0)', 0);
    expectFloat(`math.asinh(${POS_INF})`, Infinity);
    expectFloat(`math.asinh(${NEG_INF})`, -Infinity);
    expectFloat(`math.asinh(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.asinh(0.5)', 0.48121182505960347);
  });

  it('math.atan: ERANGE for a subnormal argument, returned as it is', () => {
    expectFloat(`math.atan(${NAN})`, NaN);
    expectFloat('math.atan(0.0)', 0);
    expectFloat(`math.atan(${NEG_INF})`, -PI / 2);
    expectFloat(`math.atan(${POS_INF})`, PI / 2);
    expectFloat(`math.atan(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.atan(0.5)', 0.4636476090008061);
  });

  it('math.atan2: the quadrant from both signs', () => {
    expectFloat(`math.atan2(${NAN}, 1.0)`, NaN);
    expectFloat(`math.atan2(1.0, ${NAN})`, NaN);
    expectFloat(`math.atan2(1.0, ${NEG_INF})`, PI);
    expectFloat(`math.atan2(1.0, ${POS_INF})`, 0);
    expectFloat(`math.atan2(-1.0, ${POS_INF})`, -0);
    expectFloat(`math.atan2(${POS_INF}, ${NEG_INF})`, (3 * PI) / 4);
    expectFloat(`math.atan2(${POS_INF}, ${POS_INF})`, PI / 4);
    expectFloat('math.atan2(0.0, -1.0)', PI);
    expectFloat('math.atan2(0.0, 1.0)', 0);
    expectFloat('math.atan2(-1.0, 0.0)', -PI / 2);
    expectFloat('math.atan2(1.0, 0.0)', PI / 2);
    expectFloat('math.atan2(1.0, 0.5)', 1.1071487177940904);
    // falco's table drops the sign of y and gives atan2(+inf, 1) and atan2(-inf, 1) as π; Fastly's
    // math-atan2 page: "±math.PI" for finite ±y and x = -inf, "±math.PI_2" for y = ±inf and a finite
    // x, "±(3*math.PI_4)" and "±math.PI_4" for y = ±inf and x = ∓inf/+inf.
    expectFloat(`math.atan2(-1.0, ${NEG_INF})`, -PI);
    expectFloat(`math.atan2(${POS_INF}, 1.0)`, PI / 2);
    expectFloat(`math.atan2(${NEG_INF}, ${NEG_INF})`, (-3 * PI) / 4);
    expectFloat(`math.atan2(${NEG_INF}, ${POS_INF})`, -PI / 4);
    expectFloat(`math.atan2(${NEG_INF}, 1.0)`, -PI / 2);
    // falco lists EDOM for atan2(0, 0); the page: "If both arguments are 0, a domain error will not occur."
    expectFloat('math.atan2(0.0, 0.0)', 0);
  });

  it('math.atanh: EDOM outside [-1, 1]; ±1 is a pole', () => {
    expectFloat(`math.atanh(${NAN})`, NaN);
    expectFloat(`math.atanh(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.atanh(${POS_INF})`, NaN, 'EDOM');
    expectFloat(`math.atanh(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.atanh(1.1)', NaN, 'EDOM');
    expectFloat('math.atanh(-1.1)', NaN, 'EDOM');
    expectFloat('math.atanh(0.5)', 0.5493061443340548);
    // falco's err column says EPOLE; Fastly's math-atanh page: "If the x argument is subnormal, or ±1,
    // then fastly.error will be set to ERANGE" (its example: atanh(-1) gives "ERANGE").
    expectFloat('math.atanh(1.0)', Infinity, 'ERANGE');
    expectFloat('math.atanh(-1.0)', -Infinity, 'ERANGE');
  });

  it('math.cos, math.cosh, math.sin, math.tan, math.tanh', () => {
    expectFloat(`math.cos(${NAN})`, NaN);
    expectFloat(`math.cos(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.cos(${POS_INF})`, NaN, 'EDOM');
    expectFloat('math.cos(0.0)', 1);
    expectFloat('math.cos(0.5)', 0.8775825618903728);
    expectFloat(`math.cosh(${NAN})`, NaN);
    expectFloat(`math.cosh(${NEG_INF})`, Infinity);
    expectFloat(`math.cosh(${POS_INF})`, Infinity);
    expectFloat('math.cosh(0.0)', 1);
    expectFloat('math.cosh(0.5)', 1.1276259652063807);
    expectFloat(`math.sin(${NAN})`, NaN);
    expectFloat(`math.sin(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.sin(${POS_INF})`, NaN, 'EDOM');
    expectFloat(`math.sin(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.sin(0.5)', 0.479425538604203);
    // falco's table has sin(0) = 1.0; sin(0) is 0 (Fastly's math-sin page: "If x is ±0, x is returned").
    expectFloat('math.sin(0.0)', 0);
    expectFloat(`math.tan(${NAN})`, NaN);
    expectFloat(`math.tan(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.tan(${POS_INF})`, NaN, 'EDOM');
    expectFloat('math.tan(0.0)', 0);
    expectFloat(`math.tan(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.tan(0.5)', 0.5463024898437905);
    expectFloat(`math.tanh(${NAN})`, NaN);
    expectFloat('math.tanh(0.0)', 0);
    expectFloat(`math.tanh(${SUB})`, SUBNORMAL, 'ERANGE');
    expectFloat('math.tanh(0.5)', 0.46211715726000974);
    // falco's err column has EDOM for tanh(±inf); the math-tanh page lists errors only for a subnormal x.
    expectFloat(`math.tanh(${NEG_INF})`, -1);
    expectFloat(`math.tanh(${POS_INF})`, 1);
  });

  it('math.sqrt (math_sqrt_test.go)', () => {
    expectFloat(`math.sqrt(${NAN})`, NaN);
    expectFloat(`math.sqrt(${POS_INF})`, Infinity);
    expectFloat(`math.sqrt(${NEG_INF})`, NaN, 'EDOM');
    expectFloat('math.sqrt(0.0)', 0);
    expectFloat('math.sqrt(-1.0)', NaN, 'EDOM');
    expectFloat('math.sqrt(0.5)', 0.7071067811865476);
  });
});

describe('exponents and logarithms (falco math_{exp,exp2,log,log2,log10}_test.go)', () => {
  it('math.exp and math.exp2', () => {
    expectFloat(`math.exp(${NAN})`, NaN);
    expectFloat(`math.exp(${POS_INF})`, Infinity);
    expectFloat('math.exp(0.5)', 1.6487212707001282);
    expectFloat(`math.exp2(${NAN})`, NaN);
    expectFloat(`math.exp2(${POS_INF})`, Infinity);
    // √2 rounds to 1.4142135623730951; falco's 1.414213562373095 is Go's Exp2, one ulp below.
    expectWithinUlp('math.exp2(0.5)', 1.414213562373095);
    // falco gives exp(-inf) = -inf (its value type passes an infinity through); e^-inf is +0
    // (Fastly's math-exp page: "If x is math.NEG_INFINITY, +0 is returned").
    expectFloat(`math.exp(${NEG_INF})`, 0);
    expectFloat(`math.exp2(${NEG_INF})`, 0);
    // Overflow and underflow: falco's values, with the ERANGE the math-exp/math-exp2 pages document
    // for a result too large or too small (falco's err column is empty and unchecked).
    expectFloat('math.exp(math.FLOAT_MAX)', Infinity, 'ERANGE');
    expectFloat('math.exp2(math.FLOAT_MAX)', Infinity, 'ERANGE');
  });

  it('math.log, math.log2, math.log10', () => {
    expectFloat(`math.log(${NAN})`, NaN);
    expectFloat(`math.log(${POS_INF})`, Infinity);
    expectFloat('math.log(0.5)', -0.6931471805599453);
    expectFloat(`math.log2(${NAN})`, NaN);
    expectFloat(`math.log2(${POS_INF})`, Infinity);
    expectFloat('math.log2(0.5)', -1);
    expectFloat(`math.log10(${NAN})`, NaN);
    expectFloat(`math.log10(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.log10(${POS_INF})`, Infinity);
    expectFloat('math.log10(0.0)', -Infinity, 'ERANGE');
    expectFloat('math.log10(-1.0)', NaN, 'EDOM');
    expectFloat('math.log10(0.5)', -0.3010299956639812);
    // falco gives log(-inf) = log2(-inf) = -inf; its own log10 table and Fastly's math-log/math-log2
    // pages agree a negative x (-inf too) is a domain error giving NaN.
    expectFloat(`math.log(${NEG_INF})`, NaN, 'EDOM');
    expectFloat(`math.log2(${NEG_INF})`, NaN, 'EDOM');
  });
});

describe('rounding (falco math_{ceil,floor,round,roundeven,roundhalfdown,trunc}_test.go)', () => {
  it('the infinities and NaN pass through every rounding function', () => {
    for (const fn of ['ceil', 'floor', 'round', 'roundeven', 'roundhalfdown', 'roundhalfup', 'trunc']) {
      expectFloat(`math.${fn}(${NAN})`, NaN);
      expectFloat(`math.${fn}(${NEG_INF})`, -Infinity);
      expectFloat(`math.${fn}(${POS_INF})`, Infinity);
    }
  });

  it('each rounds as its name says', () => {
    expectFloat('math.ceil(0.2)', 1);
    expectFloat('math.ceil(0.8)', 1);
    expectFloat('math.floor(0.0)', 0);
    expectFloat('math.floor(0.8)', 0);
    expectFloat('math.round(0.0)', 0);
    expectFloat('math.round(0.8)', 1);
    expectFloat('math.round(0.2)', 0);
    expectFloat('math.roundeven(0.0)', 0);
    expectFloat('math.roundeven(0.8)', 1);
    expectFloat('math.roundeven(0.2)', 0);
    expectFloat('math.roundeven(1.5)', 2);
    expectFloat('math.roundeven(2.5)', 2);
    expectFloat('math.roundhalfdown(0.0)', 0);
    expectFloat('math.roundhalfdown(0.8)', 1);
    expectFloat('math.roundhalfdown(0.2)', 0);
    expectFloat('math.roundhalfdown(1.5)', 1);
    expectFloat('math.trunc(0.0)', 0);
    expectFloat('math.trunc(8.5)', 8);
    // falco's err column has EDOM for trunc(-1) and trunc(-inf); the math-trunc page lists no error.
    expectFloat('math.trunc(-1.0)', -1);
  });
});

describe('classification (falco math_is_{finite,nan,normal,subnormal}_test.go)', () => {
  it('is_nan and is_subnormal as falco has them', () => {
    expect(holds(`math.is_nan(${NAN})`)).toBe(true);
    expect(holds(`math.is_nan(${NEG_INF})`)).toBe(false);
    expect(holds(`math.is_nan(${POS_INF})`)).toBe(false);
    expect(holds('math.is_nan(1.2)')).toBe(false);
    for (const x of [NAN, NEG_INF, POS_INF, '1.2']) expect(holds(`math.is_subnormal(${x})`), x).toBe(false);
    expect(holds(`math.is_subnormal(${SUB})`, SUBNORMAL_SETUP)).toBe(true);
  });

  it('is_infinite (vintage math_is_infinite_test.go)', () => {
    expect([NAN, NEG_INF, POS_INF, '1.2'].map((x) => holds(`math.is_infinite(${x})`))).toEqual([false, true, true, false]);
  });

  it('is_finite and is_normal: NaN and the infinities are neither (Fastly’s math.NAN page; falco says true)', () => {
    // falco's tables give is_finite(NaN), is_normal(NaN) and is_normal(±inf) as true. Fastly's math.NAN
    // page tabulates math.is_finite false and math.is_normal false for NaN, and C's isnormal is false
    // for an infinity.
    expect(holds(`math.is_finite(${NAN})`)).toBe(false);
    expect(holds(`math.is_finite(${NEG_INF})`)).toBe(false);
    expect(holds(`math.is_finite(${POS_INF})`)).toBe(false);
    expect(holds('math.is_finite(1.2)')).toBe(true);
    expect(holds(`math.is_normal(${NAN})`)).toBe(false);
    expect(holds(`math.is_normal(${NEG_INF})`)).toBe(false);
    expect(holds(`math.is_normal(${POS_INF})`)).toBe(false);
    expect(holds('math.is_normal(1.2)')).toBe(true);
    expect(holds(`math.is_normal(${SUB})`, SUBNORMAL_SETUP)).toBe(false);
  });
});
