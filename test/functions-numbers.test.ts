// std.atoi / std.strtol / std.atof / std.strtof / std.itoa / std.itoa_charset: Fastly's pages'
// examples and formats, their fastly.error values, and int64 limits (exact: a bigint past 2^53).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFloatLiteral } from '../src/builtins/functions/float-literal.js';
import { compile, VclError } from '../src/index.js';
import { callFunction, value } from './helpers/function-calls.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function expectCall(name: string, args: unknown[], want: unknown, error: string | null = null): void {
  const got = callFunction(name, ...args);
  expect(got.value, `${name}(${args.map(String).join(', ')})`).toBe(want);
  expect(got.error, `${name}(${args.map(String).join(', ')}) fastly.error`).toBe(error);
}

describe('std.strtol (page: formats, bases, errors)', () => {
  it('reads the formats the page lists, with base 0 detecting 0x and 0 prefixes', () => {
    expectCall('std.strtol', ['123', 0], 123);
    expectCall('std.strtol', ['-4', 0], -4);
    expectCall('std.strtol', ['0xABC', 0], 0xabc);
    expectCall('std.strtol', ['-0x0', 0], -0);
    expectCall('std.strtol', ['0', 0], 0);
    expectCall('std.strtol', ['0123', 0], 0o123);
  });

  it('page example: strtol(req.http.X-HexValue, 16) == 42, with or without the 0x prefix', () => {
    expectCall('std.strtol', ['2a', 16], 42);
    expectCall('std.strtol', ['0x2A', 16], 42);
  });

  it('skips a 0x prefix in any base with hex digits where x is no digit (vintage std_strtol table)', () => {
    expectCall('std.strtol', ['0xABC', 24], 6036);
    expectCall('std.strtol', ['0xABC', 36], 1553016); // base 36: "0xABC" is one number, x a digit
    expectCall('std.strtol', ['0x10', 10], 0); // base 10 keeps C's reading
  });

  it('ignores leading whitespace and trailing characters; letters are case-insensitive digits', () => {
    expectCall('std.strtol', ['\t 42 apples', 10], 42);
    expectCall('std.strtol', ['+42', 10], 42);
    expectCall('std.strtol', ['1012', 2], 5);
    expectCall('std.strtol', ['zZ', 36], 35 * 36 + 35);
    expectCall('std.strtol', ['0xg', 16], 0);
  });

  it('sets EPARSENUM with 0 when no number starts the string (not set reads as "")', () => {
    expectCall('std.strtol', ['apples', 10], 0, 'EPARSENUM');
    expectCall('std.strtol', ['', 10], 0, 'EPARSENUM');
    expectCall('std.strtol', [null, 10], 0, 'EPARSENUM');
    expectCall('std.strtol', ['9', 8], 0, 'EPARSENUM');
  });

  it('sets ERANGE with 0 for a base outside 2-36 and 0', () => {
    expectCall('std.strtol', ['10', 37], 0, 'ERANGE');
    expectCall('std.strtol', ['10', 1], 0, 'ERANGE');
    expectCall('std.strtol', ['10', -16], 0, 'ERANGE');
  });

  it('holds int64: its limits parse exactly, one past them clamps with ERANGE', () => {
    expectCall('std.strtol', ['9223372036854775807', 10], INT64_MAX);
    expectCall('std.strtol', ['-9223372036854775808', 10], INT64_MIN);
    expectCall('std.strtol', ['7fffffffffffffff', 16], INT64_MAX);
    expectCall('std.strtol', ['9223372036854775808', 10], INT64_MAX, 'ERANGE');
    expectCall('std.strtol', ['-9223372036854775809', 10], INT64_MIN, 'ERANGE');
    expectCall('std.strtol', ['1'.repeat(400), 10], INT64_MAX, 'ERANGE');
  });

  it('agrees with BigInt on every integer a double holds exactly (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 2, max: 36 }), (n, base) => {
        expect(value('std.strtol', n.toString(base), base)).toBe(n);
      }),
    );
  });
});

describe('std.atoi (page: std.strtol with base 10)', () => {
  it('page example: atoi(req.http.X-Decimal) == 42', () => {
    expectCall('std.atoi', ['42'], 42);
  });

  it('behaves as strtol base 10: whitespace and trailing text ignored, no 0x, errors alike', () => {
    expectCall('std.atoi', ['  -17abc'], -17);
    expectCall('std.atoi', ['0x10'], 0);
    expectCall('std.atoi', ['010'], 10);
    expectCall('std.atoi', ['abc'], 0, 'EPARSENUM');
    expectCall('std.atoi', [null], 0, 'EPARSENUM');
    expectCall('std.atoi', ['99999999999999999999'], INT64_MAX, 'ERANGE');
  });
});

describe('std.strtof (page: FLOAT literal syntax, bases 0, 10, 16)', () => {
  it('reads the page\'s finite formats: 1.2, -1.2e-3, 0xA.B, 0xA.Bp-3', () => {
    expectCall('std.strtof', ['1.2', 10], 1.2);
    expectCall('std.strtof', ['-1.2e-3', 10], -1.2e-3);
    expectCall('std.strtof', ['0xA.B', 16], 10 + 11 / 16);
    expectCall('std.strtof', ['0xA.Bp-3', 16], (10 + 11 / 16) / 8);
    expectCall('std.strtof', ['-0xa.bP3', 16], -(10 + 11 / 16) * 8);
    expectCall('std.strtof', ['42', 10], 42);
  });

  it('page example: a header holding pi is "close enough"', () => {
    const pi = value('std.strtof', '3.14159', 10) as number;
    expect(pi >= 3.14 && pi <= 3.1416).toBe(true);
  });

  it('base 0 detects the 0x prefix; an explicit base must match the prefix', () => {
    expectCall('std.strtof', ['0x10', 0], 16);
    expectCall('std.strtof', ['10', 0], 10);
    expectCall('std.strtof', ['A.B', 16], 0, 'EPARSENUM');
    expectCall('std.strtof', ['0x10', 10], 0, 'EPARSENUM');
  });

  it('reads NaN, inf, +inf and -inf, case-sensitively', () => {
    expectCall('std.strtof', ['NaN', 10], NaN);
    expectCall('std.strtof', ['inf', 0], Infinity);
    expectCall('std.strtof', ['+inf', 16], Infinity);
    expectCall('std.strtof', ['-inf', 10], -Infinity);
    expectCall('std.strtof', ['INF', 10], 0, 'EPARSENUM');
    expectCall('std.strtof', ['nan', 10], 0, 'EPARSENUM');
  });

  it('permits no whitespace and nothing after the number (EPARSENUM, 0)', () => {
    for (const s of [' 1.5', '1.5 ', '1.5x', '1.', '.5', '1e', '', '--1']) expectCall('std.strtof', [s, 10], 0, 'EPARSENUM');
    expectCall('std.strtof', [null, 10], 0, 'EPARSENUM');
  });

  it('sets ERANGE on overflow (an infinity of the sign) and for an unsupported base', () => {
    expectCall('std.strtof', ['1e400', 10], Infinity, 'ERANGE');
    expectCall('std.strtof', ['-0x1p1024', 16], -Infinity, 'ERANGE');
    expectCall('std.strtof', ['1.5', 8], 0, 'ERANGE');
  });

  it('rounds to nearest with ties away from zero (JavaScript would round these ties to even)', () => {
    expect(Number('9007199254740993')).toBe(2 ** 53); // the tie 2^53 + 1, to even
    expectCall('std.strtof', ['9007199254740993', 10], 2 ** 53 + 2);
    expectCall('std.strtof', ['-9007199254740993', 10], -(2 ** 53 + 2));
    expectCall('std.strtof', ['0x20000000000001', 16], 2 ** 53 + 2);
    expectCall('std.strtof', ['0x1p-1075', 16], 5e-324); // half the smallest subnormal: away from 0
    expectCall('std.strtof', ['9007199254740995', 10], 2 ** 53 + 4); // 2^53 + 3: to even and away agree
  });

  it('agrees with JavaScript on the shortest text of any double (property)', () => {
    fc.assert(
      // Below 2^53 no text of at most 17 digits lies exactly between two doubles, so round-half-away
      // (Fastly) and round-half-even (JavaScript) agree; above it such ties exist (next test).
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -(2 ** 53), max: 2 ** 53 }), (d) => {
        const text = String(d); // -0 prints as "0", which reads back as +0
        expect(Object.is(parseFloatLiteral(text, 10).value, Number(text))).toBe(true);
      }),
    );
  });

  it('reads the name of an object property as no number (a lookup table once answered "toString")', () => {
    for (const text of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(parseFloatLiteral(text, 10)).toEqual({ value: 0, error: 'EPARSENUM' });
  });

  it('rounds a text exactly between two doubles away from zero, where JavaScript rounds to even', () => {
    // 29550570471107290 lies halfway between the doubles 29550570471107288 and 29550570471107292.
    expect(Number('29550570471107290')).toBe(29550570471107288);
    expect(parseFloatLiteral('29550570471107290', 10).value).toBe(29550570471107292);
    expect(parseFloatLiteral('-29550570471107290', 10).value).toBe(-29550570471107292);
  });

  it('wants a constant base, as Fastly does (a load error otherwise)', () => {
    const vcl = (base: string) => `backend b { .host = "127.0.0.1"; }
sub vcl_recv { declare local var.b INTEGER; declare local var.f FLOAT; set var.f = std.strtof("1.5", ${base}); }`;
    expect(() => compile(vcl('10'))).not.toThrow();
    expect(() => compile(vcl('var.b'))).toThrow(VclError);
    expect(() => compile(vcl('var.b'))).toThrow(/base must be a constant/);
  });
});

describe('std.atof (page: std.strtof with base 10)', () => {
  it('page example: atof(req.http.X-String) > 21.82', () => {
    expect((value('std.atof', '21.83') as number) > 21.82).toBe(true);
  });

  it('is strtof base 10: a whole decimal literal, NaN or [+-]inf; else 0 and EPARSENUM', () => {
    expectCall('std.atof', ['-1.5e2', 10], -150);
    expectCall('std.atof', ['-inf'], -Infinity);
    expectCall('std.atof', ['0x1p4'], 0, 'EPARSENUM');
    expectCall('std.atof', ['-1.5e2x'], 0, 'EPARSENUM');
    expectCall('std.atof', ['x'], 0, 'EPARSENUM');
  });
});

describe('std.itoa (page examples and errors)', () => {
  it('page examples: -10 is "-10", 42 in base 16 is "2a"', () => {
    expectCall('std.itoa', [-10], '-10');
    expectCall('std.itoa', [42, 16], '2a');
    expectCall('std.itoa', [35, 36], 'z');
  });

  it('sets EINVAL (and gives not set) for a base outside 2-36', () => {
    expectCall('std.itoa', [5, 1], null, 'EINVAL');
    expectCall('std.itoa', [5, 37], null, 'EINVAL');
  });

  it('prints int64 limits exactly', () => {
    expectCall('std.itoa', [INT64_MAX], '9223372036854775807');
    expectCall('std.itoa', [INT64_MIN, 16], '-8000000000000000');
    expectCall('std.itoa', [INT64_MAX, 16], '7fffffffffffffff');
    expectCall('std.itoa', [2n ** 60n], '1152921504606846976');
    expectCall('std.itoa', [Number.MAX_SAFE_INTEGER, 36], Number.MAX_SAFE_INTEGER.toString(36));
  });

  it('an INTEGER prints digit for digit in VCL, int64 limits included (not JavaScript\'s "…776000")', () => {
    const vcl = `sub vcl_recv {
  declare local var.max INTEGER;
  set var.max = 9223372036854775807;
  set req.http.Max = var.max;
  set req.http.Min = std.strtol("-9223372036854775808", 10);
  set req.http.Big = std.strtol("1000000000000000000", 10);
  set req.http.Itoa = std.itoa(std.atoi("9223372036854775807"));
}`;
    const h = compile(vcl).recv({ url: '/' }).req.headers;
    expect([h.get('Max'), h.get('Min'), h.get('Big'), h.get('Itoa')]).toEqual([
      '9223372036854775807',
      '-9223372036854775808',
      '1000000000000000000',
      '9223372036854775807',
    ]);
  });
});

describe('std.itoa_charset (page examples and errors)', () => {
  it('page examples: binary in sheep, upper-case hex, Base62', () => {
    expectCall('std.itoa_charset', [8, 'ab'], 'baaa');
    expectCall('std.itoa_charset', [0xdeadbeef, '0123456789ABCDEF'], 'DEADBEEF');
    // The page's third example needs all 64 bits: exact as a bigint, today's INTEGER (a double) rounds it.
    expectCall('std.itoa_charset', [4825434263756878946n, BASE62], '5KsxueeBfd8');
    expect(value('std.itoa_charset', Number(4825434263756878946n), BASE62)).toBe('5KsxueeBfby');
  });

  it('permits repeated characters; zero is the first character; negatives get a minus sign', () => {
    expectCall('std.itoa_charset', [5, 'aa'], 'aaa');
    expectCall('std.itoa_charset', [0, 'xy'], 'x');
    expectCall('std.itoa_charset', [-5, '01'], '-101');
  });

  it('sets EINVAL (not set) for a charset that is not set or shorter than two characters', () => {
    expectCall('std.itoa_charset', [5, null], null, 'EINVAL');
    expectCall('std.itoa_charset', [5, 'a'], null, 'EINVAL');
    expectCall('std.itoa_charset', [5, ''], null, 'EINVAL');
  });

  it('agrees with std.itoa for the charsets 0-9a-z (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 2, max: 36 }), (n, base) => {
        expect(value('std.itoa_charset', n, BASE62.slice(0, base))).toBe(value('std.itoa', n, base));
      }),
    );
  });
});
