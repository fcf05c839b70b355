// Statements against falco's interpreter tables: ysugimoto/falco interpreter/statement_test.go (declare,
// return, set, function calls as statements, if on not-set values, switch), interpreter/expression_test.go
// (TestPrefixExpression, TestProcessExpression), interpreter/append_assign_test.go (`+=` on headers) and
// limitations/limitations_test.go (the call tree). The VCL is ours; the expectations are theirs unless a
// comment says why vcl-edge differs.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { loadProblems } from './helpers/peer-calls.js';

const DECLS = 'backend example { .host = "127.0.0.1"; }\ntable foo { }\n';

/** Run VCL (declarations, subs) and read request headers back after vcl_recv. */
function recv(source: string): (name: string) => string | null {
  const r = compile(`${DECLS}${source}`).recv();
  return (name) => r.req.headers.get(name);
}

/** Run a vcl_recv body and read one request header back. */
const header = (body: string, name = 'case') => recv(`sub vcl_recv {\n${body}\n}`)(name);

/** The messages of VCL that does not load ([] when it loads). */
function problems(source: string): string[] {
  return loadProblems(`${DECLS}${source}`);
}

const inRecv = (body: string) => problems(`sub vcl_recv {\n${body}\n}`);

describe('switch (falco statement_test.go TestSwitchStatement)', () => {
  /** A switch on `control` with string cases "a" → 0 and "b" → 1. */
  const pick = (setup: string, control: string, a: string, b: string) =>
    header(`${setup} switch (${control}) { case "${a}": set req.http.case = "0"; break; case "${b}": set req.http.case = "1"; break; }`);

  it('a STRING header, a STRING sub, a STRING function and a literal are control values', () => {
    expect(pick('set req.http.control = "2";', 'req.http.control', '1', '2')).toBe('1');
    expect(pick('', 'std.tolower("B")', 'a', 'b')).toBe('1');
    expect(recv('sub fn STRING { return "1"; }\nsub vcl_recv { switch (fn()) { case "0": set req.http.case = "0"; break; case "1": set req.http.case = "1"; break; } }')('case')).toBe('1');
    expect(pick('', '"1"', '0', '1')).toBe('1');
  });

  it('BOOL, INTEGER, FLOAT, IP, RTIME, TIME and BACKEND values are compared as their text', () => {
    expect(pick('declare local var.B BOOL; set var.B = true;', 'var.B', '0', '1')).toBe('1');
    expect(pick('declare local var.I INTEGER; set var.I = 1;', 'var.I', '0', '1')).toBe('1');
    expect(pick('declare local var.F FLOAT; set var.F = 1.0;', 'var.F', '1', '1.000')).toBe('1');
    expect(pick('declare local var.A IP; set var.A = "127.0.0.1";', 'var.A', '127.0.0.0', '127.0.0.1')).toBe('1');
    expect(pick('declare local var.R RTIME; set var.R = 1s;', 'var.R', '1s', '1.000')).toBe('1');
    expect(pick('declare local var.T TIME;', 'var.T', '0', 'Thu, 01 Jan 1970 00:00:00 GMT')).toBe('1');
    expect(pick('set req.backend = example;', 'req.backend', 'default', 'example')).toBe('1');
  });

  it('regex cases, case order, default, fallthrough, and return inside a case', () => {
    expect(header('switch ("foo") { case ~"ar$": set req.http.case = "0"; break; case ~"oo$": set req.http.case = "1"; break; }')).toBe('1');
    expect(header('switch ("foo") { case "foo": set req.http.case = "0"; break; case ~"oo$": set req.http.case = "1"; break; }')).toBe('0');
    expect(header('switch ("foo") { case "bar": set req.http.case = "0"; break; case ~"az$": set req.http.case = "1"; break; default: set req.http.case = "2"; break; }')).toBe('2');
    const fall = recv('sub vcl_recv { switch ("baz") { case "bar": set req.http.case = "0"; break; case ~"az$": set req.http.case = "1"; set req.http.fallthrough = "1"; fallthrough; case "foo": set req.http.case = "2"; break; } }');
    expect([fall('case'), fall('fallthrough')]).toEqual(['2', '1']);
    const early = compile(`${DECLS}sub vcl_recv { switch ("baz") { case "bar": set req.http.case = "0"; break; case ~"az$": set req.http.case = "1"; return (pass); fallthrough; case "foo": set req.http.case = "2"; break; } set req.http.case = "after"; }`).recv();
    expect([early.state, early.req.headers.get('case')]).toEqual(['pass', '1']);
  });

  it('a table name or a sub returning INTEGER is no control value', () => {
    expect(inRecv('switch (foo) { case "1": break; }')).not.toEqual([]);
    expect(problems('sub string_fn INTEGER { return 1; }\nsub vcl_recv { switch (string_fn()) { case "1": break; } }')).not.toEqual([]);
  });
});

describe('if on not-set values and ! (falco TestIfStatement, TestPrefixExpression)', () => {
  it('!var.S is false for an empty STRING and true for a not-set one', () => {
    const negated = (setup: string) => header(`declare local var.N BOOL; declare local var.S STRING; ${setup} if (!var.S) { set var.N = true; } else { set var.N = false; } header.set(req, "case", var.N);`);
    expect(negated('set var.S = "";')).toBe('0');
    expect(negated('')).toBe('1');
  });

  it('! takes a BOOL, or a STRING in a condition; - takes a number or RTIME literal', () => {
    expect(header('declare local var.b BOOL; set var.b = !true; set req.http.case = var.b;')).toBe('0');
    // falco refuses ! on a STRING outside a condition (`set var.b = !"foo";`); vcl-edge tests set-ness anywhere.
    expect(header('if (!req.http.Missing) { set req.http.case = "1"; }')).toBe('1');
    expect(header('declare local var.i INTEGER; set var.i = -100; set req.http.case = var.i;')).toBe('-100');
    expect(header('declare local var.f FLOAT; set var.f = -100.0; set req.http.case = var.f;')).toBe('-100.000');
    expect(header('declare local var.r RTIME; set var.r = -1d; set req.http.case = var.r;')).toBe('-86400.000');
    expect(inRecv('declare local var.b BOOL; set var.b = -true;')).not.toEqual([]);
  });
});

describe('expressions in set (falco expression_test.go TestProcessExpression)', () => {
  it('if() picks by whether its condition is set', () => {
    expect(header('set req.http.case = if(req.http.Bar, "yes", "no");')).toBe('no');
    expect(header('set req.http.case = if(!req.http.Bar, "yes", "no");')).toBe('yes');
  });

  it('req.backend reads as its name; a backend name itself is no STRING; a FLOAT literal is no TIME', () => {
    expect(header('set req.http.case = req.backend;')).toBe('example');
    expect(header('declare local var.backend STRING; set var.backend = req.backend; set req.http.case = var.backend;')).toBe('example');
    expect(inRecv('set req.http.Foo = example;')).not.toEqual([]);
    expect(inRecv('declare local var.time TIME; set var.time = 1.2;')).not.toEqual([]);
  });

  it('a function call and a BOOL sub give their values', () => {
    expect(header('set req.http.Foo2 = "yes"; set req.http.case = header.get(req, "Foo2");')).toBe('yes');
    expect(recv('sub bool_fn BOOL { return true; }\nsub vcl_recv { set req.http.case = bool_fn(); }')('case')).toBe('1');
  });
});

describe('calls as statements (falco TestFunctionCallStatement)', () => {
  it('a VOID function runs as a statement; a sub with a return type is no statement', () => {
    expect(header('header.set(req, "case", "bar");')).toBe('bar');
    expect(problems('sub bool_fn BOOL { set req.http.foo = "1"; return true; }\nsub vcl_recv { set req.http.foo = "0"; bool_fn(); }')).not.toEqual([]);
  });
});

describe('return and blocks (falco TestReturnStatement, TestBlockStatement)', () => {
  const state = (body: string) => compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv();
  it('return (pass) ends vcl_recv in pass, from a nested block too; a bare return leaves a custom sub', () => {
    expect(state('return (pass);').state).toBe('pass');
    expect(state('{ return (pass); } return (lookup);').state).toBe('pass');
    const bare = recv('sub early { if (true) { return; } set req.http.case = "after"; }\nsub vcl_recv { call early; set req.http.back = "1"; }');
    expect([bare('case'), bare('back')]).toEqual([null, '1']);
    // falco also runs a bare `return;` in vcl_recv (BARE_RETURN); vcl-edge's checker wants a state there.
  });

  it('a sub with a return type returns its value from a nested block; later returns do not run', () => {
    expect(recv('sub one INTEGER { { return 1; } return 2; }\nsub vcl_recv { set req.http.case = one(); }')('case')).toBe('1');
    expect(recv('sub one INTEGER { if (true) { return 1; } return 2; }\nsub vcl_recv { set req.http.case = one(); }')('case')).toBe('1');
  });
});

describe('set (falco TestSetStatement)', () => {
  it('client.geo.ip_override in vcl_recv, bereq.http.* in vcl_miss and vcl_pass', () => {
    expect(inRecv('set client.geo.ip_override = "127.0.0.1";')).toEqual([]);
    expect(problems('sub vcl_miss { set bereq.http.Foo = "test"; }\nsub vcl_pass { set bereq.http.Foo = "test"; }')).toEqual([]);
  });

  it('the bereq header set in vcl_miss reaches the origin', async () => {
    const service = compile(`${DECLS}sub vcl_miss { set bereq.http.Foo = "test"; }`);
    const res = await service.run({ url: '/' }, { origin: { status: 200, body: 'OK' } });
    expect(res.backendRequests[0]!.headers.get('Foo')).toBe('test');
  });
});

describe('+= on headers (falco append_assign_test.go)', () => {
  it('appends to a set header, sets an unset one, takes several fragments; = still overwrites', () => {
    expect(header('set req.http.A = "abc"; set req.http.A += "xy";', 'A')).toBe('abcxy');
    expect(header('set req.http.A += "xy";', 'A')).toBe('xy');
    expect(header('set req.http.A = "1"; set req.http.A += "2"; set req.http.A += "3" "4";', 'A')).toBe('1234');
    expect(header('set req.http.A = "abc"; set req.http.A = "xy";', 'A')).toBe('xy');
  });

  it('appends to a response header in vcl_deliver', async () => {
    const service = compile(`${DECLS}sub vcl_deliver { set resp.http.A = "abc"; set resp.http.A += "xy"; }`);
    const res = await service.run({ url: '/' }, { origin: { status: 200, body: 'OK' } });
    expect(res.headers.get('A')).toBe('abcxy');
  });
});

describe('the call tree (falco limitations/limitations_test.go)', () => {
  it('a flat tree of 100 calls and a nested one of 10,100 load; recursion is refused', () => {
    expect(problems(`sub leaf {}\nsub vcl_recv {\n${'  call leaf;\n'.repeat(100)}}`)).toEqual([]);
    const nested = `sub leaf {}\nsub mid {\n${'  call leaf;\n'.repeat(100)}}\nsub top {\n${'  call mid;\n'.repeat(100)}}\nsub vcl_recv { call top; }`;
    expect(problems(nested)).toEqual([]);
    expect(problems('sub a { call b; }\nsub b { call a; }\nsub vcl_recv { call a; }')).not.toEqual([]);
  });
});
