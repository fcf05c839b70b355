// How each type prints when it becomes a STRING (set into a header, concatenated, logged), checked
// against falco's tables: ysugimoto/falco interpreter/value/value.go's String() forms as its tests use
// them (interpreter/value/*_test.go), interpreter/operator/operator_concat_test.go (every type on either
// side of a concatenation), interpreter/expression_test.go (TestNotSetExpansion, TestLogNotSetExpansion)
// and interpreter/statement_test.go (TestDeclareStatement: what a declared local holds before a set).
// The VCL is ours; the expectations are theirs unless a comment says why vcl-edge differs.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { loadProblems } from './helpers/peer-calls.js';

const DECLS = 'backend foo { .host = "127.0.0.1"; }\n';

/** Run a vcl_recv body and read one request header back. */
function header(body: string, name = 'R'): string | null {
  return compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv({ time: Date.UTC(2024, 0, 2, 3, 4, 5) }).req.headers.get(name);
}

/** The log lines a vcl_recv body writes. */
function logs(body: string): string[] {
  return compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv().logs.map((l) => l.message);
}

/** The messages of a vcl_recv body that does not load ([] when it loads). */
function problems(body: string): string[] {
  return loadProblems(`${DECLS}sub vcl_recv {\n${body}\n}`);
}

// One local of each type, holding the value falco's concat table uses for it.
const LOCALS = [
  'declare local var.i INTEGER; set var.i = 10;',
  'declare local var.f FLOAT; set var.f = 10.0;',
  'declare local var.s STRING; set var.s = "example";',
  'declare local var.r RTIME; set var.r = 1s;',
  'declare local var.t TIME; set var.t = std.integer2time(1704164645);',
  'declare local var.b BOOL; set var.b = true;',
  'declare local var.ip IP; set var.ip = "127.0.0.1";',
  'set req.backend = foo;',
].join(' ');
const TIME_TEXT = 'Tue, 02 Jan 2024 03:04:05 GMT';
const PRINTED: Record<string, string> = {
  'var.i': '10',
  'var.f': '10.000',
  'var.s': 'example',
  'var.r': '1.000',
  'var.t': TIME_TEXT,
  'var.b': '1',
  'var.ip': '127.0.0.1',
  'req.backend': 'foo',
};

describe('each type as a STRING (falco value.go String(), operator_concat_test.go)', () => {
  it('INTEGER, FLOAT (3 decimals), STRING, RTIME (seconds, 3 decimals), TIME (RFC 1123 GMT), BOOL (1/0), IP, BACKEND', () => {
    for (const [name, text] of Object.entries(PRINTED)) {
      expect(header(`${LOCALS} set req.http.R = ${name};`), name).toBe(text);
    }
    expect(header('declare local var.b BOOL; set var.b = false; set req.http.R = var.b;')).toBe('0');
  });

  it('every pair of types concatenates as the two texts side by side', () => {
    let pairs = 0;
    for (const [left, l] of Object.entries(PRINTED)) {
      for (const [right, r] of Object.entries(PRINTED)) {
        // TIME + RTIME adds (Fastly's time.now example, below); falco concatenates them.
        const plus = left === 'var.t' && right === 'var.r' ? 'Tue, 02 Jan 2024 03:04:06 GMT' : l + r;
        expect(header(`${LOCALS} set req.http.R = ${left} + ${right};`), `${left} + ${right}`).toBe(plus);
        expect(header(`${LOCALS} set req.http.R = ${left} ${right};`), `${left} ${right}`).toBe(l + r);
        pairs++;
      }
    }
    expect(pairs).toBe(64);
  });

  it('a string literal concatenates with any value; a number, RTIME or backend literal does not', () => {
    expect(header(`${LOCALS} set req.http.R = var.i "example";`)).toBe('10example');
    expect(header(`${LOCALS} set req.http.R = "example" var.i;`)).toBe('example10');
    expect(header(`${LOCALS} set req.http.R = var.b false;`)).toBe('10'); // BOOL literals print as 0/1 too
    expect(problems(`${LOCALS} set req.http.R = var.s + 10;`)).not.toEqual([]);
    expect(problems(`${LOCALS} set req.http.R = var.s + 10.0;`)).not.toEqual([]);
    expect(problems(`${LOCALS} set req.http.R = var.s + 100s;`)).not.toEqual([]);
    expect(problems(`${LOCALS} set req.http.R = 10 + var.i;`)).not.toEqual([]);
  });

  it('FLOAT keeps 3 decimals, rounding; large and negative values print whole', () => {
    expect(header('declare local var.f FLOAT; set var.f = 1.03; set req.http.R = var.f;')).toBe('1.030');
    expect(header('declare local var.f FLOAT; set var.f = 2.0005; set req.http.R = var.f;')).toMatch(/^2\.00[01]$/);
    expect(header('declare local var.f FLOAT; set var.f = -0.5; set req.http.R = var.f;')).toBe('-0.500');
    expect(header('declare local var.f FLOAT; set var.f = 123456789.0; set req.http.R = var.f;')).toBe('123456789.000');
  });

  it('NaN and the infinities print as Fastly renders them (math-constants-limits/math-nan, math-pos-infinity)', () => {
    // falco prints NaN as "NAN"; Fastly's pages say NaN.
    expect(header('set req.http.R = math.NAN;')).toBe('NaN');
    expect(header('set req.http.R = math.POS_INFINITY;')).toBe('inf');
    expect(header('set req.http.R = math.NEG_INFINITY;')).toBe('-inf');
  });

  it('RTIME prints in seconds with 3 decimals (falco rtime.go), negative too', () => {
    expect(header('declare local var.r RTIME; set var.r = 100ms; set req.http.R = var.r;')).toBe('0.100');
    expect(header('declare local var.r RTIME; set var.r = 5m; set req.http.R = var.r;')).toBe('300.000');
    expect(header('declare local var.r RTIME; set var.r = -1w; set req.http.R = var.r;')).toBe('-604800.000');
  });
});

describe('+ between times', () => {
  it('a TIME plus an RTIME is a TIME (https://www.fastly.com/documentation/reference/vcl/variables/date-and-time/time-now/)', () => {
    // The page's example: a cookie that expires a day from now.
    expect(header('set req.http.R = "foo=bar; secure; httponly; expires=" now + 1d;')).toBe('foo=bar; secure; httponly; expires=Wed, 03 Jan 2024 03:04:05 GMT');
    expect(header('declare local var.r RTIME; set var.r = 90s; set req.http.R = now + var.r;')).toBe('Tue, 02 Jan 2024 03:05:35 GMT');
  });

  it('two RTIME values concatenate, as any other pair does (falco operator_concat_test.go, "left is RTIME")', () => {
    expect(header('declare local var.r RTIME; set var.r = 1s; set req.http.R = var.r + var.r;')).toBe('1.0001.000');
    expect(problems('declare local var.r RTIME; set var.r = var.r + 1s;')).not.toEqual([]);
  });
});

describe('RTIME literals (falco interpreter/value/rtime_test.go)', () => {
  const seconds = (lit: string) => header(`declare local var.r RTIME; set var.r = ${lit}; set req.http.R = var.r;`);
  it('ms, s, m, h, d, w and y (365 days); fractions and negatives', () => {
    expect(seconds('100ms')).toBe('0.100');
    expect(seconds('5s')).toBe('5.000');
    expect(seconds('5m')).toBe('300.000');
    expect(seconds('6h')).toBe('21600.000');
    expect(seconds('3d')).toBe('259200.000');
    expect(seconds('8w')).toBe('4838400.000');
    expect(seconds('1y')).toBe('31536000.000');
    expect(seconds('5.3d')).toBe('457920.000');
    expect(seconds('1.5w')).toBe('907200.000');
    expect(seconds('-1w')).toBe('-604800.000');
  });
});

describe('not set (falco expression_test.go TestNotSetExpansion, TestLogNotSetExpansion)', () => {
  it('assigning a not-set header or STRING local leaves the header not set', () => {
    expect(header('set req.http.R = req.http.unset;')).toBeNull();
    expect(header('declare local var.unset STRING; set req.http.R = var.unset;')).toBeNull();
  });

  it('a not-set value inside a concatenation prints "(null)"', () => {
    expect(header('add req.http.R = "t" + req.http.unset;')).toBe('t(null)');
    expect(header('set req.http.R = "example" req.http.unset;')).toBe('example(null)');
    expect(header('declare local var.ip IP; set req.http.R = "example" var.ip;')).toBe('example(null)');
  });

  it('log prints a not-set header, subfield, STRING or IP local as "(null)"', () => {
    expect(logs('log req.http.unset;')).toEqual(['(null)']);
    expect(logs('log req.http.unset:field;')).toEqual(['(null)']);
    expect(logs('declare local var.unset STRING; log var.unset;')).toEqual(['(null)']);
    expect(logs('declare local var.unset IP; log var.unset;')).toEqual(['(null)']);
  });
});

describe('declared locals before any set (falco statement_test.go TestDeclareStatement, variable/local_test.go)', () => {
  it('INTEGER 0, FLOAT 0.000, BOOL 0, RTIME 0.000, TIME the epoch; STRING and IP not set', () => {
    expect(header('declare local var.x INTEGER; set req.http.R = var.x;')).toBe('0');
    expect(header('declare local var.x FLOAT; set req.http.R = var.x;')).toBe('0.000');
    expect(header('declare local var.x BOOL; set req.http.R = var.x;')).toBe('0');
    expect(header('declare local var.x RTIME; set req.http.R = var.x;')).toBe('0.000');
    expect(header('declare local var.x TIME; set req.http.R = var.x;')).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(header('declare local var.x STRING; set req.http.R = var.x;')).toBeNull();
    expect(header('declare local var.x IP; set req.http.R = var.x;')).toBeNull();
  });

  it('an ACL local cannot be declared', () => {
    expect(problems('declare local var.x ACL;')).toEqual(['a local variable cannot be of type ACL']);
  });
});
