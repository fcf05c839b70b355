// Comparison and not-set rules Fastly was observed to follow, from falco's Fiddle-checked examples
// (ysugimoto/falco examples/): string_coercion (https://fiddle.fastly.dev/fiddle/6c2ac451 and
// https://fiddle.fastly.dev/fiddle/9eb5f06b), default_values and not_set; and the switch control values of
// falco's interpreter statement table (TestSwitchStatement). The VCL is ours; the expectations are theirs.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { loadProblems } from './helpers/peer-calls.js';

const DECLS = 'backend example { .host = "127.0.0.1"; }\nbackend other { .host = "127.0.0.1"; }\n';

/** Run a vcl_recv body; read a request header back. */
function header(body: string, name = 'R'): string | null {
  return compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv().req.headers.get(name);
}

/** Whether `condition` holds after `setup` ran in vcl_recv. */
function holds(setup: string, condition: string): boolean {
  return header(`${setup}\nif (${condition}) { set req.http.R = "yes"; } else { set req.http.R = "no"; }`) === 'yes';
}

/** The messages of a vcl_recv body that does not load ([] when it loads). */
function problems(body: string): string[] {
  return loadProblems(`${DECLS}sub vcl_recv {\n${body}\n}`);
}

describe('STRING == X coerces X to its text (string_coercion, fiddle 6c2ac451)', () => {
  it('an INTEGER', () => {
    const setup = 'declare local var.I INTEGER; set var.I = 10;';
    expect(holds(`${setup} set req.http.S = "10";`, 'req.http.S == var.I')).toBe(true);
    expect(holds(`${setup} set req.http.S = "10";`, 'req.http.S != var.I')).toBe(false);
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S == var.I')).toBe(false);
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S != var.I')).toBe(true);
  });

  it('a FLOAT with 3 decimals, so 10.0001 equals "10.000"', () => {
    const setup = 'declare local var.F FLOAT; set var.F = 10.0001;';
    expect(holds(`${setup} set req.http.S = "10.000";`, 'req.http.S == var.F')).toBe(true);
    expect(holds(`${setup} set req.http.S = "10.0001";`, 'req.http.S == var.F')).toBe(false);
  });

  it('an RTIME as its seconds with 3 decimals', () => {
    expect(holds('declare local var.R RTIME; set var.R = 100s; set req.http.S = "100.000";', 'req.http.S == var.R')).toBe(true);
    expect(holds('declare local var.R RTIME; set var.R = 100s; set req.http.S = "100";', 'req.http.S == var.R')).toBe(false);
  });

  it('a TIME as an HTTP date', () => {
    const setup = 'declare local var.T TIME; set var.T = std.time("Thu, 13 Aug 2026 10:26:36 GMT", now);';
    expect(holds(`${setup} set req.http.S = "Thu, 13 Aug 2026 10:26:36 GMT";`, 'req.http.S == var.T')).toBe(true);
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S == var.T')).toBe(false);
  });

  it('a BOOL as "1" or "0", a BOOL literal included (fiddle 9eb5f06b)', () => {
    expect(holds('declare local var.B BOOL; set var.B = true; set req.http.S = "1";', 'req.http.S == var.B')).toBe(true);
    expect(holds('set req.http.S = "1";', 'req.http.S == true')).toBe(true);
    expect(holds('set req.http.S = "1";', 'req.http.S == false')).toBe(false);
    expect(holds('declare local var.B BOOL; set var.B = false; set req.http.S = "0";', 'req.http.S == var.B')).toBe(true);
    expect(holds('declare local var.B BOOL; set var.B = false; set req.http.S = "false";', 'req.http.S == var.B')).toBe(false);
  });

  it('an IP as its address', () => {
    const setup = 'declare local var.IPV IP; set var.IPV = "123.123.123.123";';
    expect(holds(`${setup} set req.http.S = "123.123.123.123";`, 'req.http.S == var.IPV')).toBe(true);
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S == var.IPV')).toBe(false);
  });

  it('a BACKEND by its name, written as a declared backend or read from req.backend', () => {
    const setup = 'set req.backend = example;';
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S == example')).toBe(true);
    expect(holds(`${setup} set req.http.S = "example";`, 'req.http.S == req.backend')).toBe(true);
    expect(holds(`${setup} set req.http.S = "other";`, 'req.http.S == example')).toBe(false);
    expect(holds(`${setup} set req.http.S = "other";`, 'req.http.S != req.backend')).toBe(true);
  });

  it('a number literal on the right still does not load, with a clear message', () => {
    const message = (lit: string) => `cannot compare STRING with ${lit} literal: write it as a string`;
    expect(problems('if (req.http.S == 10) { }')).toEqual([message('an INTEGER')]);
    expect(problems('if (req.http.S != 10.0) { }')).toEqual([message('a FLOAT')]);
    expect(problems('if (req.http.S == 10s) { }')).toEqual([message('an RTIME')]);
    expect(problems('if (req.http.S == -1) { }')).toEqual([message('an INTEGER')]);
  });

  it('the other direction stays refused (falco operator_equal_test.go: INTEGER, TIME… take their own type)', () => {
    expect(problems('declare local var.I INTEGER; if (var.I == req.http.S) { }')).toEqual(['cannot compare INTEGER with STRING']);
    expect(problems('if (now == req.http.S) { }')).toEqual(['cannot compare TIME with STRING']);
    expect(problems('declare local var.B BOOL; if (var.B == req.http.S) { }')).toEqual(['cannot compare BOOL with STRING']);
    expect(problems('if (req.backend == req.http.S) { }')).toEqual(['cannot compare BACKEND with STRING']);
  });
});

describe('a not-set value never matches (string_equality_notset, default_values)', () => {
  const setup = 'declare local var.I INTEGER; set var.I = 10; unset req.http.Missing;';

  it('against a value of another type', () => {
    expect(holds(setup, 'req.http.Missing == var.I')).toBe(false);
    expect(holds(setup, 'req.http.Missing != var.I')).toBe(true);
  });

  it('against another not-set value, or itself ("notset == notset should be false")', () => {
    expect(holds(setup, 'req.http.Missing == req.http.Missing2')).toBe(false);
    expect(holds(setup, 'req.http.Missing != req.http.Missing2')).toBe(true);
    expect(holds('declare local var.NOTSET STRING;', 'var.NOTSET == var.NOTSET')).toBe(false);
    expect(holds('declare local var.EMPTY STRING; set var.EMPTY = "";', 'var.EMPTY == var.EMPTY')).toBe(true);
  });

  it('against "" (a not-set value is not empty)', () => {
    expect(holds(setup, 'req.http.Missing == ""')).toBe(false);
    expect(holds(setup, 'req.http.Missing != ""')).toBe(true);
    expect(holds('set req.http.Empty = "";', 'req.http.Empty == ""')).toBe(true);
  });

  it('a not-set IP equals no IP either', () => {
    expect(holds('declare local var.A IP; declare local var.B IP;', 'var.A == var.B')).toBe(false);
    expect(holds('declare local var.A IP; set var.A = "192.0.2.1";', 'var.A == "192.0.2.1"')).toBe(true);
  });
});

describe('a concatenation inside a function argument renders not set as "" (not_set example)', () => {
  it('json.escape(var.unset + "foo") is "foo"', () => {
    expect(header('declare local var.unset STRING; set req.http.R = json.escape(var.unset + "foo");')).toBe('foo');
    expect(header('set req.http.R = json.escape("foo" req.http.unset "bar");')).toBe('foobar');
  });

  it('a custom subroutine\'s STRING argument is rendered the same way (our choice: Fastly and falco are silent)', () => {
    const source = `${DECLS}sub echo(STRING var.s) { set req.http.R = var.s; }\nsub vcl_recv { call echo("foo" req.http.unset); }`;
    expect(compile(source).recv().req.headers.get('R')).toBe('foo');
  });

  it('a concatenation into a header keeps "(null)", and a lone not-set argument is still not set', () => {
    expect(header('declare local var.unset STRING; set req.http.R = var.unset + "foo";')).toBe('(null)foo');
    expect(header('declare local var.unset STRING; set req.http.R = json.escape(var.unset);')).toBe('');
  });
});

describe('switch on values of other types, compared as their text (falco TestSwitchStatement)', () => {
  /** The case a switch on `control` takes among `cases` (their index), or "none". */
  function picked(setup: string, control: string, cases: readonly string[]): string | null {
    const arms = cases.map((c, i) => `case "${c}": set req.http.R = "${i}"; break;`).join(' ');
    return header(`set req.http.R = "none"; ${setup} switch (${control}) { ${arms} }`);
  }

  it('BOOL, INTEGER and FLOAT values', () => {
    expect(picked('declare local var.B BOOL; set var.B = true;', 'var.B', ['0', '1'])).toBe('1');
    expect(picked('declare local var.B BOOL;', 'var.B', ['0', '1'])).toBe('0');
    expect(picked('declare local var.I INTEGER; set var.I = 10;', 'var.I', ['1', '10'])).toBe('1');
    expect(picked('declare local var.F FLOAT; set var.F = 10.5;', 'var.F', ['10.5', '10.500'])).toBe('1');
  });

  it('IP, RTIME, TIME and BACKEND values', () => {
    expect(picked('declare local var.A IP; set var.A = "192.0.2.1";', 'var.A', ['192.0.2.0', '192.0.2.1'])).toBe('1');
    expect(picked('declare local var.R RTIME; set var.R = 2m;', 'var.R', ['2m', '120.000'])).toBe('1');
    expect(picked('declare local var.T TIME; set var.T = std.time("Thu, 13 Aug 2026 10:26:36 GMT", now);', 'var.T', ['1786616796', 'Thu, 13 Aug 2026 10:26:36 GMT'])).toBe('1');
    expect(picked('set req.backend = other;', 'req.backend', ['example', 'other'])).toBe('1');
  });

  it('a value no case names takes none, and regex cases match the text', () => {
    expect(picked('declare local var.I INTEGER; set var.I = 7;', 'var.I', ['1', '10'])).toBe('none');
    expect(header('declare local var.I INTEGER; set var.I = 404; switch (var.I) { case ~"^4": set req.http.R = "4xx"; break; default: set req.http.R = "other"; break; }')).toBe('4xx');
  });

  it('a number literal or a table name is still no control value', () => {
    expect(problems('switch (10) { case "10": break; }')).toEqual(['switch takes a STRING value, not a number literal']);
    expect(compileProblems('table t { }\nsub vcl_recv { switch (t) { case "1": break; } }')).not.toEqual([]);
  });
});

function compileProblems(source: string): string[] {
  return loadProblems(`${DECLS}${source}`);
}
