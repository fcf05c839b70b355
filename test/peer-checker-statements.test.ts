// Statements against falco's linter tables: ysugimoto/falco linter/statement_linter_test.go and
// linter/linter_test.go. Where falco reports an error that Fastly also refuses, loading reports one at
// file:line:col; what falco accepts loads. Comments say where vcl-edge follows Fastly's pages instead.
import { describe, expect, it } from 'vitest';
import { inRecv, lintWarnings, loadErrors, messages } from './helpers/peer-syntax.js';

describe('declare, set, unset, add (falco statement_linter_test.go)', () => {
  it('refuses a local not named var.…, and one declared twice', () => {
    expect(inRecv('declare local some.item1 STRING;')).toEqual(['2:15 [invalid-name] a local variable is named var.<letters, digits, _ . ->, got "some.item1"']);
    expect(inRecv('declare local var.item1 STRING;\ndeclare local var.item1 STRING;\nset var.item1 = "bar";')).toEqual(['3:15 [duplicate-declaration] local variable "var.item1" is already declared in foo']);
  });

  it('takes a comparison as a BOOL value only in parentheses', () => {
    expect(inRecv('declare local var.b BOOL = true == false;')).toEqual([
      '2:28 [type-mismatch] a literal cannot be the left side of "==": put it on the right',
      '2:28 [type-mismatch] put the condition in parentheses to use its value: (… == …)',
    ]);
    expect(inRecv('declare local var.b BOOL = (req.http.A == "b");\nset var.b = true;')).toEqual([]);
    expect(inRecv('declare local var.b BOOL = true;\nset var.b = false;')).toEqual([]);
    for (const op of ['==', '!=', '~']) {
      expect(messages(inRecv(`declare local var.BoolItem BOOL;\nset var.BoolItem = req.http.Host ${op} "example.com";`)), op).toEqual([`[type-mismatch] put the condition in parentheses to use its value: (… ${op} …)`]);
    }
    // falco's operator table also refuses `!true` as a value; its interpreter table runs it (peer-statements).
  });

  it('refuses a grouped condition as a header value (TestGroupedExpressionInStatement)', () => {
    expect(inRecv('set req.http.foo = (req.http.bar == "example.com");')).toEqual(['2:20 [type-mismatch] a condition is a BOOL value: it cannot be used as a STRING']);
  });

  it('sets headers from strings, Fastly variables and req.backend, and req.backend from a backend', () => {
    const decls = 'backend foo { .host = "example.com"; }\n';
    expect(inRecv('set req.http.Host = "example.com";\nset req.http.Host = "example" req.http.User-Agent ",com";\nset req.http.Host = client.geo.city.utf8;\nset req.http.Debug-Backend = req.backend;\nset req.backend = foo;', decls)).toEqual([]);
  });

  it('refuses unknown and bare names, a number literal into a header, and a wildcard target', () => {
    expect(messages(inRecv('set foo_bar_baz = "example.com";'))).toEqual(['[unknown-variable] unknown variable "foo_bar_baz"']);
    expect(messages(inRecv('set req.unknwon.Host = "example.com";'))).toEqual(['[unknown-variable] unknown variable "req.unknwon.Host"']);
    expect(inRecv('set req.http.Host = 10;')).toEqual(['2:21 [type-mismatch] an INTEGER literal cannot be used as a STRING: write it as a string']);
    expect(inRecv('set req.http.X-* = "foo";')).toEqual(['2:5 [unknown-variable] "req.http.X-*" names many headers: only unset takes a wildcard']);
  });

  it('unsets headers and a trailing wildcard only', () => {
    expect(inRecv('unset req.http.Host;\nunset req.http.X-*;')).toEqual([]);
    expect(messages(inRecv('unset foo_bar_baz;'))).toEqual(['[unknown-variable] unknown variable "foo_bar_baz"']);
    expect(inRecv('unset req.unknwon.Host;')).toHaveLength(1);
    expect(inRecv('unset req.backend;')).toEqual(['2:7 [read-only] "req.backend" cannot be unset (only headers and fastly.error can)']);
    expect(inRecv('unset req.http.X-*-Bar;')[0]).toBe('2:19 [parse] expected ";" after unset statement');
  });

  it('adds to headers only', () => {
    expect(inRecv('add req.http.Host = "example.com";\nadd req.http.Host = "example" req.http.User-Agent ",com";')).toEqual([]);
    expect(inRecv('add foo_bar_baz = "example.com";')).toHaveLength(1);
    expect(inRecv('add req.unknwon.Host = "example.com";')).toHaveLength(1);
    expect(inRecv('add req.http.Host = 10;')).toHaveLength(1);
    expect(inRecv('declare local var.FOO STRING;\nadd var.FOO = "bar";')).toEqual(['3:5 [type-mismatch] "add" appends a header; use set for variables']);
  });
});

describe('call, error, log, return (falco statement_linter_test.go, linter_test.go)', () => {
  it('calls declared subs only; a sub is called with call, not as a function', () => {
    expect(loadErrors('sub foo {}\nsub bar {\n  call foo;\n}')).toEqual([]);
    expect(loadErrors('sub other {\n  call foo;\n}')).toEqual(['2:8 [unknown-subroutine] unknown subroutine "foo"']);
    expect(loadErrors('sub foo {\n  log "123";\n}\nsub bar {\n  foo();\n}')).toEqual(['5:3 [type-mismatch] "foo" is a subroutine: call it with "call foo;"']);
    expect(loadErrors('sub foo BOOL {\n  return true;\n}\nsub bar {\n  foo();\n}')).toEqual(['5:3 [type-mismatch] "foo" returns BOOL: use its value']);
    expect(inRecv('std.collect(req.http.Cookie, "|");')).toEqual([]);
  });

  it('takes an INTEGER status for error, not in vcl_log', () => {
    expect(inRecv('error 602;\nerror std.atoi("10");')).toEqual([]);
    expect(inRecv('error std.strrev("error");')).toEqual(['2:7 [type-mismatch] error status must be INTEGER, got STRING']);
    expect(loadErrors('sub vcl_log {\n#FASTLY log\n  error 602;\n}')).toEqual(['3:3 [statement-scope] "error" is not allowed in vcl_log (only in vcl_recv, vcl_hit, vcl_miss, vcl_pass, vcl_fetch)']);
    // falco warns on `error 700` (status past 699): a style rule; Fastly takes any INTEGER status.
    expect(inRecv('error 700;')).toEqual([]);
  });

  it('logs strings and variables, not number or BOOL literals', () => {
    expect(inRecv('log req.restarts;\nlog "foo";')).toEqual([]);
    expect(inRecv('log 42;')).toEqual(['2:5 [type-mismatch] an INTEGER literal cannot be used as a STRING: write it as a string']);
    expect(inRecv('log true;')).toEqual(['2:5 [type-mismatch] a BOOL literal cannot be logged: log a string']);
    expect(inRecv('log 0.1;')).toEqual(['2:5 [type-mismatch] a FLOAT literal cannot be used as a STRING: write it as a string']);
  });

  it('refuses a bare return in a lifecycle sub; takes it in a custom one (TestEmptyReturnStatement)', () => {
    for (const name of ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log']) {
      expect(loadErrors(`sub vcl_${name} {\n#FASTLY ${name.toUpperCase()}\n  return;\n}`), name).toEqual([`3:3 [return-state] vcl_${name} must return a state: return(…)`]);
    }
    expect(loadErrors('sub foo {\n  return;\n}\nsub vcl_recv {\n#FASTLY RECV\n  call foo;\n}')).toEqual([]);
  });
});

describe('if and switch (falco statement_linter_test.go)', () => {
  it('takes STRING and BOOL conditions, re.group after a match', () => {
    const body = `declare local var.S STRING;
set var.S = "foo.bar.baz.example.com";
if (req.http.Host) { restart; }
if (req.http.Host && req.http.User-Agent ~ "foo") { restart; } else { error 601; }
if (req.http.Host) { restart; } else if (req.http.X-Forwarded-For) { error 602; } else { error 601; }
if (var.S ~ "foo\\.([^.]+)\\.baz") { set var.S = re.group.1; }
set var.S = re.group.1;`;
    expect(inRecv(body)).toEqual([]);
    expect(loadErrors('sub vcl_deliver {\n#FASTLY DELIVER\n  if (req.protocol == "https") {\n    set resp.http.Strict-Transport-Security = "max-age=31536000";\n  }\n}')).toEqual([]);
  });

  it('refuses an INTEGER condition and a string literal one', () => {
    expect(inRecv('declare local var.I INTEGER;\nset var.I = 10;\nif (var.I) { restart; }')).toEqual(['4:5 [type-mismatch] expected a BOOL condition, got INTEGER']);
    expect(inRecv('if ("foobar") { restart; }')).toEqual(['2:5 [type-mismatch] a string literal cannot be a condition']);
  });

  it('switches on a STRING; an unknown function or a sub not returning STRING is refused', () => {
    expect(inRecv('switch (req.http.foo) {\ncase "bar":\n  break;\n}')).toEqual([]);
    expect(inRecv('switch (undefined()) {\ncase "bar":\n  break;\n}')).toEqual(['2:9 [unknown-function] unknown function "undefined"']);
    expect(loadErrors('sub boolfn BOOL { return true; }\nsub foo {\n  switch (boolfn()) {\n  case "1":\n    break;\n  }\n}')).toEqual(['3:11 [type-mismatch] switch takes a STRING: boolfn returns BOOL']);
  });
});

describe('goto (falco statement_linter_test.go TestLintGotoStatement, TestGotoBackwardJump)', () => {
  const body = 'declare local var.x INTEGER;\nset var.x = 1;\ngoto set_and_update;\nif (var.x == 1) { set var.x = 2; }\nset_and_update:\nset var.x = 3;';

  it('jumps forward to a label of the same sub', () => {
    expect(inRecv(body)).toEqual([]);
  });

  it('refuses a second label of one name, an unknown label, a label of another sub and a backward jump', () => {
    expect(inRecv(`${body}\nset_and_update:`)).toEqual(['8:1 [duplicate-declaration] label "set_and_update" is already declared in foo']);
    expect(inRecv(body.replace('goto set_and_update', 'goto elsewhere'))).toEqual(['4:6 [parse] goto "elsewhere": no such label in foo']);
    expect(loadErrors('sub some_function {\n  goto foo;\n}\nsub another_function {\n  foo:\n}')).toEqual(['2:8 [parse] goto "foo": no such label in some_function']);
    expect(inRecv('BACKWARD:\nset req.http.Foo = "bar";\ngoto BACKWARD;')).toEqual(['4:6 [parse] goto "BACKWARD" jumps backward: goto only jumps forward']);
  });

  it('warns (still loading) of a jump into a block the goto is not in, which vcl-edge does not run; a jump out of one runs', () => {
    const into = 'goto inner;\nif (req.http.A) {\n  inner:\n  set req.http.X = "1";\n}';
    expect(inRecv(into)).toEqual([]);
    expect(lintWarnings(`sub vcl_recv {\n#FASTLY recv\n${into}\n}`, 'parse')).toEqual([
      '3:6 goto "inner" jumps into a block it is not in: vcl-edge does not run that jump, and vcl_recv ends at this goto',
    ]);
    expect(lintWarnings('sub vcl_recv {\n#FASTLY recv\nif (req.http.A) { goto out; }\nset req.http.Y = "1";\nout:\nset req.http.X = "1";\n}', 'parse')).toEqual([]);
  });
});

describe('function arguments (falco statement_linter_test.go TestLintVariadicStringArguments)', () => {
  it('takes lists of strings, refuses other types in them', () => {
    expect(inRecv('h2.disable_header_compression("Authorization", "Secret");\nheader.filter_except(req, "Authorization", "Content-Type");')).toEqual([]);
    expect(inRecv('h2.disable_header_compression(10);')).toHaveLength(1);
    expect(inRecv('header.filter_except(req, "Authorization", 10);')).toHaveLength(1);
    // falco also refuses these lists empty (`h2.disable_header_compression();`); vcl-edge's function table
    // takes zero or more (left to the functions' table: Fastly's pages show one or more).
  });
});
