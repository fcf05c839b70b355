// INTEGER is a signed 64-bit integer, as on Fastly: literals, arithmetic, printing, parsing and the
// functions that take or give one are exact up to ±2^63 (values/int64.ts: a number while safe, a bigint beyond).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, runTestFile, VclError } from '../src/index.js';
import { intAdd, intDiv, intMod, intMul, intSub, parseIntegerLiteral, wrapInt, type Int } from '../src/values/int64.js';
import { callFunction } from './helpers/function-calls.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

/** `set req.http.X-Out = <expr>;` after `body` in vcl_recv: the header's text. */
function out(expr: string, body = ''): string | null {
  const vcl = `sub vcl_recv {\n  declare local var.i INTEGER;\n  declare local var.j INTEGER;\n  declare local var.f FLOAT;\n${body}\n  set req.http.X-Out = ${expr};\n}\n`;
  return compile(vcl).recv().req.headers.get('X-Out');
}

function loadError(vcl: string): string {
  try {
    compile(vcl, { file: 'main.vcl' });
  } catch (e) {
    if (e instanceof VclError) return e.message;
    throw e;
  }
  throw new Error('expected a VCL error');
}

describe('integer literals', () => {
  it('read exactly at the int64 edges', () => {
    expect(out('var.i', 'set var.i = 9223372036854775807;')).toBe('9223372036854775807');
    expect(out('var.i', 'set var.i = -9223372036854775808;')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.i = 9007199254740993;')).toBe('9007199254740993'); // 2^53 + 1: no double holds it
    expect(out('var.i', 'set var.i = 0x7fffffffffffffff;')).toBe('9223372036854775807');
    expect(out('var.i', 'set var.i = -0x7FFFFFFFFFFFFFFF;')).toBe('-9223372036854775807');
  });

  it('past int64 are an error at load naming file:line:col', () => {
    expect(loadError('sub vcl_recv {\n  set req.http.X = 9223372036854775808;\n}\n')).toMatch(/main\.vcl:2:20: error: 9223372036854775808 is out of the INTEGER range/);
    expect(loadError('sub vcl_recv {\n  declare local var.i INTEGER;\n  set var.i = -9223372036854775809;\n}\n')).toMatch(/main\.vcl:3:15: error: -9223372036854775809 is out/);
    expect(loadError('table t INTEGER {\n  "k": 99999999999999999999,\n}\nsub vcl_recv {\n  set req.http.X = table.lookup_integer(t, "k", 0);\n}\n')).toMatch(/main\.vcl:2:8: error: .* is out of the INTEGER range/);
  });

  it('are no switch case: a case tests a string (falco parser tables)', () => {
    expect(loadError('sub vcl_recv {\n  switch (req.http.N) {\n  case 9007199254740993:\n    set req.http.Hit = "big";\n    break;\n  default:\n    set req.http.Hit = "other";\n    break;\n  }\n}\n')).toMatch(/main\.vcl:3:8: error: a case tests a string/);
  });

  it('in an INTEGER table keep every digit', () => {
    const vcl = `table t INTEGER {\n  "max": 9223372036854775807,\n  "min": -9223372036854775808,\n}\nsub vcl_recv {\n  set req.http.A = table.lookup_integer(t, "max", 0);\n  set req.http.B = table.lookup_integer(t, "min", 0);\n}\n`;
    const req = compile(vcl).recv().req;
    expect(req.headers.get('A')).toBe('9223372036854775807');
    expect(req.headers.get('B')).toBe('-9223372036854775808');
  });
});

describe('arithmetic wraps around as int64 does', () => {
  it('+=, -=, *= past the limits wrap (two\'s complement)', () => {
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i += 1;')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.i = -9223372036854775808; set var.i -= 1;')).toBe('9223372036854775807');
    expect(out('var.i', 'set var.i = 4294967296; set var.i *= 4294967296;')).toBe('0'); // 2^64 wraps to 0
    expect(out('var.i', 'set var.i = 3037000500; set var.i *= 3037000500;')).toBe('-9223372036709301616');
  });

  it('crosses 2^53 exactly in both directions', () => {
    expect(out('var.i', 'set var.i = 9007199254740991; set var.i += 2;')).toBe('9007199254740993');
    expect(out('var.i', 'set var.i = 9007199254740993; set var.i -= 2;')).toBe('9007199254740991');
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i /= 1000000;')).toBe('9223372036854');
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i %= 1000;')).toBe('807');
  });

  it('/= cuts toward zero, %= takes the sign of the dividend, INT64_MIN / -1 wraps', () => {
    expect(out('var.i', 'set var.i = -7; set var.i /= 2;')).toBe('-3');
    expect(out('var.i', 'set var.i = -7; set var.i %= 2;')).toBe('-1');
    expect(out('var.i', 'set var.i = -9223372036854775808; set var.i /= -1;')).toBe('-9223372036854775808');
  });

  it('a division by zero leaves the value as it was (Fastly\'s pages are silent; see int64.ts)', () => {
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i /= 0;')).toBe('9223372036854775807');
    expect(out('var.i', 'set var.i = 5; set var.i %= 0;')).toBe('5');
  });

  it('bit operations work on all 64 bits', () => {
    expect(out('var.i', 'set var.i = 1; set var.i <<= 63;')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.i = -9223372036854775808; set var.i >>= 63;')).toBe('-1');
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i ^= -1;')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.i = 9223372036854775807; set var.i &= 0x7f00000000000000;')).toBe('9151314442816847872');
  });

  it('agrees with BigInt.asIntN(64, …) on random operands (fast path and BigInt path alike)', () => {
    const nearSafe = fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }); // both sides of 2^53, where the fast path ends
    const int64 = fc.oneof(fc.bigInt({ min: MIN, max: MAX }), nearSafe, fc.integer().map(BigInt), fc.constantFrom(MIN, MAX, 0n, -1n, 2n ** 53n - 1n, -(2n ** 53n)));
    const asInt = (b: bigint): Int => wrapInt(b);
    fc.assert(
      fc.property(int64, int64, (a, b) => {
        const [x, y] = [asInt(a), asInt(b)];
        expect(intAdd(x, y)).toBe(asInt(a + b));
        expect(intSub(x, y)).toBe(asInt(a - b));
        expect(intMul(x, y)).toBe(asInt(a * b));
        if (b !== 0n) {
          expect(intDiv(x, y)).toBe(asInt(a / b));
          expect(intMod(x, y)).toBe(asInt(a % b));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps small values as plain numbers (the hot path) and bigints only past 2^53', () => {
    expect(intAdd(1, 2)).toBe(3);
    expect(typeof intAdd(Number.MAX_SAFE_INTEGER, 1)).toBe('bigint');
    expect(intSub(2n ** 53n, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseIntegerLiteral('42')).toBe(42);
    expect(parseIntegerLiteral('9223372036854775808')).toBeNull();
  });
});

describe('conversions', () => {
  it('INTEGER ↔ FLOAT: the nearest double one way, cut toward zero and saturated the other', () => {
    expect(out('var.f', 'set var.f = 9223372036854775807;')).toBe('9223372036854775808.000');
    expect(out('var.i', 'set var.f = 1e30; set var.i = var.f;')).toBe('9223372036854775807');
    expect(out('var.i', 'set var.f = -1e30; set var.i = var.f;')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.f = 9007199254740993.0; set var.i = var.f;')).toBe('9007199254740992');
    expect(out('var.i', 'set var.f = -2.9; set var.i = var.f;')).toBe('-2');
    expect(out('var.f', 'set var.f = 0.5; set var.f += 9223372036854775807;')).toBe('9223372036854775808.000');
  });

  it('a FLOAT subroutine returning an int64 gives its double', () => {
    const vcl = 'sub big FLOAT {\n  declare local var.i INTEGER;\n  set var.i = 9223372036854775807;\n  return var.i;\n}\nsub exact INTEGER {\n  return 9007199254740993;\n}\nsub vcl_recv {\n  set req.http.F = big();\n  set req.http.I = exact();\n}\n';
    const h = compile(vcl).recv().req.headers;
    expect([h.get('F'), h.get('I')]).toEqual(['9223372036854775808.000', '9007199254740993']);
  });

  it('comparisons between int64 values and against FLOATs', () => {
    const cmp = (cond: string) => out(`if(${cond}, "yes", "no")`, 'set var.i = 9223372036854775807; set var.j = 9223372036854775806;');
    expect(cmp('var.i > var.j')).toBe('yes');
    expect(cmp('var.j < var.i')).toBe('yes');
    expect(cmp('var.i == 9223372036854775807')).toBe('yes');
    expect(cmp('var.i == var.j')).toBe('no');
    expect(cmp('var.i != var.j')).toBe('yes');
    expect(cmp('var.i > 1.5')).toBe('yes');
  });

  it('an INTEGER override may be a bigint past 2^53', () => {
    const service = compile('sub vcl_recv {\n  set req.http.AS = client.as.number;\n}\n', { overrides: { 'client.as.number': 9007199254740993n } });
    expect(service.recv().req.headers.get('AS')).toBe('9007199254740993');
    expect(() => compile('sub vcl_recv {}', { overrides: { 'client.as.number': 2n ** 63n } })).toThrow(/client\.as\.number is INTEGER/);
  });

  it('math.INTEGER_MAX and math.INTEGER_MIN are the int64 limits exactly', () => {
    expect(out('math.INTEGER_MAX')).toBe('9223372036854775807');
    expect(out('math.INTEGER_MIN')).toBe('-9223372036854775808');
    expect(out('var.i', 'set var.i = math.INTEGER_MAX; set var.i += 1;')).toBe('-9223372036854775808');
  });
});

describe('functions at the int64 edges', () => {
  it('std.itoa and std.itoa_charset print every digit', () => {
    expect(out('std.itoa(9223372036854775807)')).toBe('9223372036854775807');
    expect(out('std.itoa(-9223372036854775808, 16)')).toBe('-8000000000000000');
    expect(out('std.itoa(math.INTEGER_MAX, 2)')).toBe('1'.repeat(63));
    expect(out('std.itoa_charset(9223372036854775807, "01")')).toBe('1'.repeat(63));
  });

  it('std.atoi / std.strtol are exact to int64 and clamp past it with ERANGE', () => {
    expect(callFunction('std.atoi', '9223372036854775807')).toEqual({ value: MAX, error: null });
    expect(callFunction('std.atoi', '-9223372036854775808')).toEqual({ value: MIN, error: null });
    expect(callFunction('std.atoi', '9223372036854775808')).toEqual({ value: MAX, error: 'ERANGE' });
    expect(callFunction('std.atoi', '-99999999999999999999999')).toEqual({ value: MIN, error: 'ERANGE' });
    expect(callFunction('std.strtol', '7fffffffffffffff', 16)).toEqual({ value: MAX, error: null });
    expect(callFunction('std.strtol', '0x20000000000001', 0)).toEqual({ value: 9007199254740993n, error: null });
    expect(callFunction('std.strtol', '9007199254740993', 10)).toEqual({ value: 9007199254740993n, error: null });
    expect(callFunction('std.strtol', '1'.repeat(10_000), 2)).toEqual({ value: MAX, error: 'ERANGE' });
    expect(out('std.atoi("9223372036854775807")')).toBe('9223372036854775807');
  });

  it('substr with int64 offsets and lengths', () => {
    expect(out('substr("abcdef", 2, 9223372036854775807)')).toBeNull(); // 2 + INT64_MAX overflows: not set
    expect(out('substr("abcdef", 0, 9223372036854775807)')).toBe('abcdef');
    expect(out('substr("abcdef", 9223372036854775807)')).toBeNull();
    expect(out('substr("abcdef", -9223372036854775808)')).toBeNull();
    expect(out('substr("abcdef", 1, -9223372036854775808)')).toBeNull();
    expect(out('utf8.substr("åbc", 1, 9223372036854775806)')).toBe('bc');
  });

  it('fastly.hash and randomint over the whole int64 range stay within it', () => {
    const hash = callFunction('fastly.hash', 'key', 0, MIN, MAX).value as Int;
    expect(BigInt(hash) >= MIN && BigInt(hash) <= MAX).toBe(true);
    const drawn = out('randomint(-9223372036854775808, 9223372036854775807)');
    expect(BigInt(drawn!) >= MIN && BigInt(drawn!) <= MAX).toBe(true);
    expect(out('randomint(9223372036854775806, 9223372036854775807)')).toMatch(/^922337203685477580[67]$/);
  });

  it('functions taking an INTEGER accept a bigint one without a JavaScript error', () => {
    expect(out('std.strrep("a", math.INTEGER_MIN)')).toBe('');
    expect(out('randomint_seeded(1, 1, math.INTEGER_MAX)')).toBe('1');
    expect(out('std.integer2time(math.INTEGER_MAX)')).toBe('datetime out of bounds'); // past any date a Date holds
  });
});

describe('the test runner compares INTEGERs exactly', () => {
  it('assert.equal tells 2^63-1 from 2^63-2 and prints every digit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-int64-'));
    try {
      writeFileSync(join(dir, 'main.vcl'), 'sub vcl_recv {\n  set req.http.N = std.itoa(math.INTEGER_MAX);\n}\n');
      writeFileSync(
        join(dir, 'main.test.vcl'),
        [
          '// @scope: recv',
          'sub test_exact {',
          '  declare local var.n INTEGER;',
          '  set var.n = std.atoi("9223372036854775807");',
          '  assert.equal(var.n, 9223372036854775807);',
          '  assert.equal(var.n, math.INTEGER_MAX);',
          '}',
          '// @scope: recv',
          'sub test_off_by_one {',
          '  declare local var.n INTEGER;',
          '  set var.n = std.atoi("9223372036854775807");',
          '  assert.equal(var.n, 9223372036854775806);',
          '}',
          '',
        ].join('\n'),
      );
      const { results } = runTestFile(join(dir, 'main.vcl'), join(dir, 'main.test.vcl'));
      const status = Object.fromEntries(results.map((r) => [r.name, r.status]));
      expect(status).toEqual({ test_exact: 'passed', test_off_by_one: 'failed' });
      expect(results.find((r) => r.name === 'test_off_by_one')?.failure?.message).toBe('Assertion error: expect=9223372036854775806, actual=9223372036854775807');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
