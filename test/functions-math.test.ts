// math.*: Fastly's documented results and fastly.error values. Each page's example is a test (the
// page is named above it); the special cases are the "Return Value" and "Errors" sections.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { compile } from '../src/index.js';
import { callFunction, freshContext, value } from './helpers/function-calls.js';

const FLOAT_MIN = 2.2250738585072014e-308; // math.FLOAT_MIN: the smallest normal double
const SUBNORMAL = FLOAT_MIN / 2;
const { PI } = Math;

/** Expect exactly this value (Object.is: -0 differs from 0, NaN equals NaN) and this fastly.error. */
function expectCall(name: string, args: number[], want: number, error: string | null = null): void {
  const got = callFunction(name, ...args);
  expect(got.value, `${name}(${args.join(', ')})`).toBe(want);
  expect(got.error, `${name}(${args.join(', ')}) fastly.error`).toBe(error);
}

describe('trigonometric functions (math-trig pages)', () => {
  it('math.acos: EDOM outside [-1, 1] (page example: 1.1 gives NaN and EDOM)', () => {
    // The page's example calls math.cos(1.1) but its comments describe acos: acos(1.1) is what fails.
    expectCall('math.acos', [1.1], NaN, 'EDOM');
    expectCall('math.acos', [1], 0);
    expectCall('math.acos', [-1], PI);
    expectCall('math.acos', [Infinity], NaN, 'EDOM');
    expectCall('math.acos', [-Infinity], NaN, 'EDOM');
    expectCall('math.acos', [NaN], NaN);
  });

  it('math.asin: page example asin(1.0); EDOM outside [-1, 1]; ERANGE for a subnormal argument', () => {
    expectCall('math.asin', [1.0], PI / 2);
    expectCall('math.asin', [-0], -0);
    expectCall('math.asin', [2], NaN, 'EDOM');
    expectCall('math.asin', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });

  it('math.atan: page example atan(1); ±π/2 at the infinities; ERANGE for a subnormal argument', () => {
    expectCall('math.atan', [1], PI / 4);
    expectCall('math.atan', [Infinity], PI / 2);
    expectCall('math.atan', [-Infinity], -PI / 2);
    expectCall('math.atan', [-SUBNORMAL], -SUBNORMAL, 'ERANGE');
  });

  it('math.atan2: page example atan2(7, -0) is π/2; the quadrant cases of its page', () => {
    expectCall('math.atan2', [7, -0], PI / 2);
    expectCall('math.atan2', [-7, 0], -PI / 2);
    expectCall('math.atan2', [0, -1], PI);
    expectCall('math.atan2', [-0, -1], -PI);
    expectCall('math.atan2', [-0, 1], -0);
    expectCall('math.atan2', [0, -0], PI);
    expectCall('math.atan2', [Infinity, -Infinity], (3 * PI) / 4);
    expectCall('math.atan2', [-Infinity, Infinity], -PI / 4);
    expectCall('math.atan2', [1, Infinity], 0);
    expectCall('math.atan2', [NaN, 1], NaN);
  });

  it('math.atan2: a result that underflows is a range error', () => {
    expectCall('math.atan2', [1e-300, 1e300], 0, 'ERANGE');
  });

  it('math.cos: page example cos(math.PI_2); EDOM at the infinities', () => {
    expectCall('math.cos', [PI / 2], Math.cos(PI / 2));
    expect(value('math.cos', PI / 2)).toBeCloseTo(0, 15);
    expectCall('math.cos', [-0], 1);
    expectCall('math.cos', [Infinity], NaN, 'EDOM');
  });

  it('math.sin: page example sin(π/6); EDOM at the infinities; ERANGE for a subnormal argument', () => {
    expect(value('math.sin', PI / 6)).toBeCloseTo(0.5, 15);
    expectCall('math.sin', [-0], -0);
    expectCall('math.sin', [-Infinity], NaN, 'EDOM');
    expectCall('math.sin', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });

  it('math.tan: page example tan(math.PI_4); EDOM at the infinities; ERANGE for a subnormal argument', () => {
    expect(value('math.tan', PI / 4)).toBeCloseTo(1, 15);
    expectCall('math.tan', [Infinity], NaN, 'EDOM');
    expectCall('math.tan', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });

  it('math.sqrt: page example sqrt(9.0); EDOM below -0', () => {
    expectCall('math.sqrt', [9.0], 3);
    expectCall('math.sqrt', [-0], -0);
    expectCall('math.sqrt', [Infinity], Infinity);
    expectCall('math.sqrt', [-1], NaN, 'EDOM');
    expectCall('math.sqrt', [-Infinity], NaN, 'EDOM');
  });
});

describe('hyperbolic functions (math-trig pages)', () => {
  it('math.acosh: page example acosh(10); EDOM below 1', () => {
    expectCall('math.acosh', [10], Math.acosh(10));
    expect(value('math.acosh', 10)).toBeCloseTo(2.993222846126381, 14);
    expectCall('math.acosh', [1], 0);
    expectCall('math.acosh', [Infinity], Infinity);
    expectCall('math.acosh', [0.5], NaN, 'EDOM');
    expectCall('math.acosh', [-Infinity], NaN, 'EDOM');
  });

  it('math.asinh: page example asinh(1); x itself at ±0 and the infinities; ERANGE for a subnormal argument', () => {
    expect(value('math.asinh', 1)).toBeCloseTo(0.881373587019543, 15);
    expectCall('math.asinh', [-0], -0);
    expectCall('math.asinh', [-Infinity], -Infinity);
    expectCall('math.asinh', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });

  it('math.atanh: page example atanh(-1) is -infinity with ERANGE; EDOM beyond ±1', () => {
    expectCall('math.atanh', [-1], -Infinity, 'ERANGE');
    expectCall('math.atanh', [1], Infinity, 'ERANGE');
    expectCall('math.atanh', [2], NaN, 'EDOM');
    expectCall('math.atanh', [Infinity], NaN, 'EDOM');
    expectCall('math.atanh', [SUBNORMAL], SUBNORMAL, 'ERANGE');
    expect(value('math.atanh', 0.5)).toBeCloseTo(0.5493061443340549, 15);
  });

  it('math.cosh: page example cosh(0) is 1; +infinity at the infinities; ERANGE on overflow', () => {
    expectCall('math.cosh', [0], 1);
    expectCall('math.cosh', [-Infinity], Infinity);
    expectCall('math.cosh', [1000], Infinity, 'ERANGE');
  });

  it('math.sinh: page example sinh(-1); ERANGE on overflow, with the sign of x', () => {
    expect(value('math.sinh', -1)).toBeCloseTo(-1.1752011936438014, 15);
    expectCall('math.sinh', [-1000], -Infinity, 'ERANGE');
    expectCall('math.sinh', [Infinity], Infinity);
    expectCall('math.sinh', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });

  it('math.tanh: page example tanh(-1); ±1 at the infinities; ERANGE for a subnormal argument', () => {
    expect(value('math.tanh', -1)).toBeCloseTo(-0.7615941559557649, 15);
    expectCall('math.tanh', [-Infinity], -1);
    expectCall('math.tanh', [SUBNORMAL], SUBNORMAL, 'ERANGE');
  });
});

describe('exponentials and logarithms (math-logexp pages)', () => {
  it('page examples: exp(1) is 2.718…, exp2(32) is 4294967296, log(32) 3.466…, log10(2^32) 9.633…, log2(2^32) 32', () => {
    expect(value('math.exp', 1)).toBeCloseTo(Math.E, 15);
    expectCall('math.exp2', [32], 4294967296);
    expect(value('math.log', 32)).toBeCloseTo(3.4657359027997265, 15);
    expect(value('math.log10', 4294967296)).toBeCloseTo(9.632959861247398, 14);
    expectCall('math.log2', [4294967296], 32);
  });

  it('follow C where the pages are silent: ERANGE on overflow and underflow, EDOM and a pole for logarithms', () => {
    expectCall('math.exp', [1000], Infinity, 'ERANGE');
    expectCall('math.exp', [-1000], 0, 'ERANGE');
    expectCall('math.exp', [-Infinity], 0);
    expectCall('math.exp2', [1024], Infinity, 'ERANGE');
    expectCall('math.exp2', [-1074], 5e-324, 'ERANGE');
    for (const log of ['math.log', 'math.log10', 'math.log2']) {
      expectCall(log, [0], -Infinity, 'ERANGE');
      expectCall(log, [-0], -Infinity, 'ERANGE');
      expectCall(log, [-1], NaN, 'EDOM');
      expectCall(log, [Infinity], Infinity);
      expectCall(log, [1], 0);
    }
  });
});

describe('rounding (the table of the "Rounding modes" page)', () => {
  const columns = ['math.ceil', 'math.floor', 'math.trunc', 'math.round', 'math.roundeven', 'math.roundhalfup', 'math.roundhalfdown'];
  const table: [number, number[]][] = [
    [-1.8, [-1, -2, -1, -2, -2, -2, -2]],
    [-1.5, [-1, -2, -1, -2, -2, -1, -2]],
    [-1.2, [-1, -2, -1, -1, -1, -1, -1]],
    [-0.5, [-0, -1, -0, -1, -0, -0, -1]],
    [0.5, [1, 0, 0, 1, 0, 1, 0]],
    [1.2, [2, 1, 1, 1, 1, 1, 1]],
    [1.5, [2, 1, 1, 2, 2, 2, 1]],
    [1.8, [2, 1, 1, 2, 2, 2, 2]],
  ];
  it.each(table)('rounds %d as the page shows (the sign of zero included)', (input, expected) => {
    expect(columns.map((name) => value(name, input))).toEqual(expected);
    columns.forEach((name, i) => expect(Object.is(value(name, input), expected[i]), `${name}(${input})`).toBe(true));
  });

  it('keeps NaN, infinities, ±0 and integral values as they are, with no error', () => {
    for (const name of columns) {
      for (const x of [NaN, Infinity, -Infinity, 0, -0, 3, -7, 2 ** 60]) expectCall(name, [x], x);
    }
  });

  it('every mode gives an integer at most one away (to nearest: a half away) from any double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const name of columns) {
          const r = value(name, x) as number;
          expect(Number.isInteger(r), `${name}(${x})`).toBe(true);
          expect(Math.abs(r - x), `${name}(${x})`).toBeLessThanOrEqual(name.startsWith('math.round') ? 0.5 : 1);
        }
        expect(value('math.floor', x)).toBeLessThanOrEqual(x);
        expect(value('math.ceil', x)).toBeGreaterThanOrEqual(x);
      }),
    );
  });

  it('ties go where each mode says at every half (property)', () => {
    const rounded = (name: string, x: number) => (value(name, x) as number) + 0; // -0 + 0 is 0
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), (n) => {
        const half = n + 0.5;
        expect(rounded('math.roundhalfup', half)).toBe(n + 1);
        expect(rounded('math.roundhalfdown', half)).toBe(n);
        expect(rounded('math.round', half)).toBe(half > 0 ? n + 1 : n);
        expect(rounded('math.roundeven', half)).toBe(n % 2 === 0 ? n : n + 1);
      }),
    );
  });
});

describe('floating point classifications', () => {
  it('classify math.NAN as that variable\'s page tabulates', () => {
    expect(['math.is_finite', 'math.is_infinite', 'math.is_nan', 'math.is_normal', 'math.is_subnormal'].map((n) => value(n, NaN))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it('math.is_subnormal: page example, math.FLOAT_MIN is not subnormal and half of it is', () => {
    expect(value('math.is_subnormal', FLOAT_MIN)).toBe(false);
    expect(value('math.is_subnormal', FLOAT_MIN / 2)).toBe(true);
    expect(value('math.is_normal', FLOAT_MIN)).toBe(true);
    expect(value('math.is_normal', FLOAT_MIN / 2)).toBe(false);
  });

  it('math.is_subnormal page example runs in VCL as written', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  declare local var.f FLOAT;
  set var.f = math.FLOAT_MIN; # minimum finite value
  if (!math.is_subnormal(var.f)) { log "not subnormal"; }
  set var.f /= 2;
  if (math.is_subnormal(var.f)) { log "subnormal"; }
}`);
    expect(service.recv({}).logs.map((line) => line.message)).toEqual(['not subnormal', 'subnormal']);
  });

  it('zero is finite but neither normal nor subnormal; the infinities are infinite only', () => {
    expect([value('math.is_finite', 0), value('math.is_normal', -0), value('math.is_subnormal', 0)]).toEqual([true, false, false]);
    expect([value('math.is_infinite', -Infinity), value('math.is_finite', Infinity), value('math.is_normal', Infinity)]).toEqual([true, false, false]);
    expect(value('math.is_nan', 1.5)).toBe(false);
  });
});

describe('fastly.error is recorded, never cleared, by math functions', () => {
  it('a later successful call leaves the earlier error in place', () => {
    const ctx = freshContext();
    FUNCTION_TABLE.get('math.acos')!.impl(ctx, 2);
    FUNCTION_TABLE.get('math.acos')!.impl(ctx, 0.5);
    expect(ctx.fastlyError).toBe('EDOM');
    FUNCTION_TABLE.get('math.log')!.impl(ctx, 0);
    expect(ctx.fastlyError).toBe('ERANGE');
  });

  it('reaches VCL: fastly.error reads EDOM / ERANGE after the call (acos and atanh page examples)', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  declare local var.fo FLOAT;
  set var.fo = math.acos(1.1);
  if (fastly.error) { set req.http.acos-error = fastly.error; }
  set var.fo = math.atanh(-1);
  if (fastly.error) { set req.http.atanh-error = fastly.error; }
  set req.http.atanh = var.fo;
  set req.http.ok = math.sqrt(9);
}`);
    const headers = service.recv({}).req.headers;
    expect([headers.get('acos-error'), headers.get('atanh-error'), headers.get('atanh'), headers.get('ok')]).toEqual([
      'EDOM',
      'ERANGE',
      '-inf',
      '3.000',
    ]);
  });
});
