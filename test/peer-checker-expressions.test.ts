// Expressions, operators and scopes against falco's linter tables: ysugimoto/falco
// linter/expression_linter_test.go, linter/operator_test.go, linter/linter_test.go,
// linter/scope_inference_test.go and linter/statement_linter_test.go (deprecated variables, re.group).
// Where falco reports an error that Fastly also refuses, loading reports one; comments say where
// vcl-edge keeps another rule and why.
import { describe, expect, it } from 'vitest';
import { inRecv, lintWarnings, loadErrors, messages } from './helpers/peer-syntax.js';

describe('prefix ! and if() (falco expression_linter_test.go)', () => {
  it('negates BOOL values and literals, not a string literal', () => {
    expect(inRecv('declare local var.Foo BOOL;\nset var.Foo = true;\nif (!var.Foo) { restart; }\nif (!true) { restart; }')).toEqual([]);
    expect(inRecv('if (!"bar") { restart; }')).toEqual(['2:5 [type-mismatch] a string literal cannot be negated']);
  });

  it('takes if(cond, a, b) with a condition; refuses a literal compared on the left', () => {
    expect(inRecv('declare local var.S STRING;\nset var.S = if(req.http.Host == "example.com" && req.http.Host ~ "example", "foo", "bar");')).toEqual([]);
    expect(messages(inRecv('declare local var.S STRING;\ndeclare local var.I INTEGER;\nset var.I = if(10 > 10, var.I, var.S);'))).toContain('[type-mismatch] a literal cannot be the left side of ">": put it on the right');
  });

  it('refuses an if() of STRING into an INTEGER (falco warns: vcl-edge types if() by Fastly\'s page, STRING)', () => {
    expect(inRecv('declare local var.I INTEGER;\nset var.I = if(req.http.Host ~ "example", "1", var.I);')).toEqual(['3:13 [type-mismatch] cannot assign STRING to var.I (INTEGER)']);
  });
});

describe('function calls (falco expression_linter_test.go TestLintFunctionCallExpression)', () => {
  it('takes exact, optional and no arguments, user subs, and values that convert to STRING', () => {
    const body = `declare local var.S STRING;
declare local var.T TIME;
set var.S = uuid.version4();
set var.S = substr("foobarbaz", 1, 2);
set var.S = substr("foobarbaz", 1);
set var.T = std.time("Mon, 02 Jan 2006 22:04:05 GMT", "Mon Jan 2 22:04:05 2006");
set var.S = substr(req.backend, 1);
set var.S = substr(fastly_info.is_h2, 1);
set var.S = substr(client.socket.ploss, 1);`;
    expect(inRecv(body)).toEqual([]);
    expect(loadErrors('sub returns_one INTEGER {\n  return 1;\n}\nsub returns_true BOOL {\n  return returns_one() == 1;\n}')).toEqual([]);
  });

  it('refuses unknown functions, a missing argument and an argument of the wrong type', () => {
    expect(inRecv('declare local var.S STRING;\nset var.S = undefined_function("foobarbaz");')).toEqual(['3:13 [unknown-function] unknown function "undefined_function"']);
    expect(messages(inRecv('declare local var.S STRING;\nset var.S = substr("foobarbaz");'))).toEqual(['[argument-count] substr takes 2 to 3 argument(s), got 1']);
    expect(messages(inRecv('declare local var.S STRING;\nset var.S = substr("foobarbaz", "bar");'))).toHaveLength(1);
  });
});

describe('return (falco expression_linter_test.go TestReturnStatement)', () => {
  it('takes states in lifecycle subs and values of the sub\'s type', () => {
    expect(loadErrors('sub vcl_recv {\n#FASTLY recv\n  return (pass);\n}')).toEqual([]);
    expect(loadErrors('sub vcl_recv {\n#FASTLY recv\n  return (restart);\n}')).toEqual([]);
    expect(loadErrors('sub custom_sub INTEGER {\n  return 1;\n}')).toEqual([]);
    expect(loadErrors('sub custom_sub INTEGER {\n  declare local var.tmp INTEGER;\n  set var.tmp = 10;\n  return var.tmp;\n}')).toEqual([]);
    expect(loadErrors('sub get_bool BOOL {\n  return std.strlen("foo") > 5;\n}')).toEqual([]);
  });

  it('refuses an empty return, a value of another type and a state in a typed sub', () => {
    expect(loadErrors('sub custom_sub INTEGER {\n  return;\n}')).toEqual(['2:3 [return-state] custom_sub must return a INTEGER value']);
    expect(loadErrors('sub custom_sub INTEGER {\n  return (req.http.foo);\n}')).toEqual(['2:11 [type-mismatch] custom_sub returns INTEGER, got STRING']);
    expect(loadErrors('sub custom_sub INTEGER {\n  return (pass);\n}')).toEqual(['2:11 [return-state] custom_sub returns INTEGER, not a state']);
    expect(loadErrors('sub get_str STRING {\n  return +-"foo";\n}')).not.toEqual([]);
    // falco also refuses `return (1);` (parentheses read as a state) and `return var.tmp "bar";` in a
    // STRING sub; Fastly's subroutines page shows `return value;` only and says nothing of either form.
  });
});

describe('comparison and match operators (falco operator_test.go)', () => {
  it('compares in conditions: equal types, a backend with req.backend, ordered numbers', () => {
    expect(inRecv('if (req.http.Host == "example.com") { restart; }\nif (req.http.Host != "example.com") { restart; }')).toEqual([]);
    expect(inRecv('if (req.backend == foo) { restart; }', 'backend foo { .host = "example.com"; }\n')).toEqual([]);
    expect(inRecv('declare local var.I INTEGER;\nset var.I = 100;\nif (var.I > 10) { restart; }\nif (var.I >= 10) { restart; }\nif (var.I < 10) { restart; }\nif (var.I <= 10) { restart; }')).toEqual([]);
  });

  it('refuses a number literal against a STRING, in any form, and orderings of strings', () => {
    for (const literal of ['10', '10.0', '-10', '(10)']) {
      expect(inRecv(`if (req.http.Host == ${literal}) { restart; }`), literal).not.toEqual([]);
    }
    for (const op of ['!=', '>', '>=', '<', '<=']) expect(inRecv(`if (req.http.Host ${op} 10) { restart; }`), op).not.toEqual([]);
    expect(messages(inRecv('if (req.vcl.version == req.http.Host) { restart; }'))).toEqual(['[type-mismatch] cannot compare INTEGER with STRING']);
  });

  it('compares a STRING on the left with the text of an INTEGER or BOOL on the right, not the other way', () => {
    expect(inRecv('if (req.http.vcl-version == req.vcl.version) { restart; }\nif (req.http.vcl-version != req.vcl.version) { restart; }')).toEqual([]);
    expect(inRecv('declare local var.S STRING;\ndeclare local var.B BOOL;\nif (var.S == var.B) { restart; }\nif (req.http.Host == true) { restart; }')).toEqual([]);
  });

  it('matches a regex literal or an ACL; refuses a number on the right of ~ and !~, and a bad regex', () => {
    const body = `if (req.http.Host ~ "example") { restart; }
if (client.ip ~ internal) { restart; }
if (req.http.Host !~ "example") { restart; }
if (req.http.Host ~ "(?i)^word") { restart; }
if (req.http.User-Agent ~ "\\(compatible.?; Googlebot/2.1.?; \\+http://www.google.com/bot.html") { restart; }
if (req.http.User-Agent ~ "(?i)windows\\ ?ce") { restart; }
if (req.http.User-Agent ~ "\\b(?>integer|insert|in)\\b") { restart; }
if (req.url ~ "^/([^\\?]*)?(\\?.*)?$") { restart; }`;
    expect(inRecv(body, 'acl internal { "10.0.0.10"; }\n')).toEqual([]);
    expect(inRecv('if (req.http.Host ~ 10) { restart; }')).not.toEqual([]);
    expect(inRecv('if (req.http.Host !~ 10) { restart; }')).not.toEqual([]);
    expect(messages(inRecv('if (req.url ~ "^/([^\\?]*)?(\\?.*?$") { restart; }'))[0]).toMatch(/^\[regex\] invalid regex/);
  });

  it('appends with += to strings, headers, req.hash and numbers; refuses -= on a STRING', () => {
    expect(inRecv('declare local var.S STRING;\nset var.S = "foo";\nset var.S += "bar";\nset req.http.Foo += "bar";\ndeclare local var.I INTEGER;\nset var.I = 1;\nset var.I += 2;')).toEqual([]);
    expect(loadErrors('sub vcl_hash {\n#FASTLY HASH\n  set req.hash += req.url;\n  set req.hash += "cache-key";\n}')).toEqual([]);
    expect(inRecv('declare local var.S STRING;\nset var.S = "foo";\nset var.S -= "bar";')).toEqual(['4:1 [type-mismatch] cannot apply "-=" to STRING with STRING']);
  });
});

describe('scopes of custom subs (falco scope_inference_test.go)', () => {
  it('gives a sub the scopes of the lifecycle subs that call it, through calls and branches', () => {
    const toOrigin = 'sub to_origin {\n  if (req.backend.is_origin) {\n    set bereq.http.CDN = "Fastly";\n  }\n}\n';
    expect(loadErrors(`${toOrigin}sub vcl_miss {\n#FASTLY MISS\n  call to_origin;\n}\nsub vcl_pass {\n#FASTLY PASS\n  call to_origin;\n}`)).toEqual([]);
    const helpers = 'sub helper_b {\n  set bereq.http.X-Helper = "B";\n}\nsub helper_a {\n  call helper_b;\n  set bereq.http.X-Helper = "A";\n}\n';
    expect(loadErrors(`${helpers}sub vcl_miss {\n#FASTLY MISS\n  if (req.url ~ "^/api") {\n    call helper_a;\n  }\n}`)).toEqual([]);
  });

  it('refuses a variable the calling scope lacks', () => {
    expect(loadErrors('sub check_response {\n  set resp.http.X-Test = "value";\n}\nsub vcl_miss {\n#FASTLY MISS\n  call check_response;\n}')).toHaveLength(1);
  });

  it('refuses recursion, which falco walks without looping: Fastly\'s subroutines cannot call themselves', () => {
    expect(messages(loadErrors('sub recursive_sub {\n  if (req.http.Stop == "true") {\n    return;\n  }\n  call recursive_sub;\n}\nsub vcl_recv {\n#FASTLY RECV\n  call recursive_sub;\n}'))[0]).toMatch(/^\[recursion\]/);
  });
});

describe('warnings falco gives as warnings (falco statement_linter_test.go)', () => {
  it('warns on deprecated device-detection variables', () => {
    for (const name of ['client.class.checker', 'client.display.height', 'client.platform.ereader']) {
      expect(lintWarnings(`sub vcl_recv {\n#FASTLY recv\n  set req.http.Foo = "deprecated: " ${name};\n}`, 'deprecated-variable'), name).toHaveLength(1);
    }
  });

  it('warns on a never-called sub (falco: unrecognised call scope)', () => {
    expect(lintWarnings('sub orphan_sub {\n  set req.http.X-Test = "value";\n}\nsub vcl_recv {\n#FASTLY RECV\n}', 'unused-subroutine')).toEqual(['1:5 subroutine orphan_sub is never called']);
  });
});

describe('variables by scope and kind (falco linter/context/context_test.go)', () => {
  const recv = (body: string, decls = '') => loadErrors(`${decls}sub vcl_recv {\n#FASTLY recv\n${body}\n}`);

  it('reads and writes what vcl_recv may; header names in any case, with a :key', () => {
    const body = 'set req.backend = F_a;\nset req.http.X-Forwarded-Host = "a";\nset req.http.A = req.http.Cookie:session;\nunset req.http.Cookie:session;\nset req.http.B = req.http.x-forwarded-host;\nset req.http.C = now.sec;';
    expect(recv(body, 'backend F_a { .host = "a"; }\n')).toEqual([]);
  });

  it('refuses a variable outside its scope, a read-only one, and unset of a non-header', () => {
    expect(recv('set beresp.http.X-Forwarded-Host = "a";')).toEqual(['3:5 [variable-scope] "beresp.http.X-Forwarded-Host" cannot be written in vcl_recv (available in vcl_fetch)']);
    expect(recv('set req.http.A = beresp.http.X-Forwarded-Host;')).toEqual(['3:18 [variable-scope] "beresp.http.X-Forwarded-Host" cannot be read in vcl_recv (available in vcl_fetch)']);
    expect(recv('set backend.conn.is_tls = true;')).toEqual(['3:5 [read-only] "backend.conn.is_tls" is read-only']);
    expect(recv('unset now.sec;')).toEqual(['3:7 [read-only] "now.sec" cannot be unset (only headers and fastly.error can)']);
  });

  it('knows backend.NAME.* and director.NAME.* only for declared names', () => {
    const decls = 'backend example { .host = "a"; }\ndirector d2 random { { .backend = example; .weight = 1; } }\n';
    expect(recv('if (backend.example.healthy && director.d2.healthy) { set req.http.A = "1"; }', decls)).toEqual([]);
    expect(recv('if (backend.example.healthy) { set req.http.A = "1"; }')).toEqual(['3:5 [unknown-variable] unknown variable "backend.example.healthy": no backend named "example" is declared']);
    expect(recv('if (director.example.healthy) { set req.http.A = "1"; }')).toEqual(['3:5 [unknown-variable] unknown variable "director.example.healthy": no director named "example" is declared']);
  });
});
