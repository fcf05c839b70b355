// The semantic checker: every rule it reports, with file:line:col, and clean programs staying clean.
import { describe, expect, it } from 'vitest';
import { check, parse, VclError, compile, type Diagnostic } from '../src/index.js';

const diagnose = (source: string, file = 'main.vcl'): Diagnostic[] => check(parse(source, file)).diagnostics;
const rules = (source: string) => diagnose(source).map((d) => d.rule);
const B = 'backend b { .host = "127.0.0.1"; }\n';

describe('checker', () => {
  it.each([
    ['unknown-variable', 'sub vcl_recv { set req.http.X = req.nope; }'],
    ['unknown-variable', 'sub vcl_recv { set var.x = "a"; }'],
    ['unknown-function', 'sub vcl_recv { set req.http.X = std.nope("a"); }'],
    ['unknown-subroutine', 'sub vcl_recv { call nowhere; }'],
    ['unknown-acl', 'sub vcl_recv { if (client.ip ~ nope) { return(pass); } }'],
    ['unknown-table', 'sub vcl_recv { set req.http.X = table.lookup(nope, "k"); }'],
    ['argument-count', 'sub vcl_recv { set req.http.X = std.tolower("a", "b"); }'],
    ['argument-type', 'sub vcl_recv { set req.http.X = substr("abc", "x"); }'],
    ['type-mismatch', 'sub vcl_recv { declare local var.n INTEGER; set var.n = "a"; }'],
    ['type-mismatch', 'sub vcl_recv { if (req.restarts < "a") { return(pass); } }'],
    ['variable-scope', 'sub vcl_recv { set req.http.X = beresp.http.Y; }'],
    ['variable-scope', 'sub vcl_deliver { set bereq.url = "/"; }'],
    ['read-only', 'sub vcl_recv { set req.restarts = 1; }'],
    ['return-state', 'sub vcl_deliver { return(pass); }'],
    ['return-state', 'sub vcl_hash { return(lookup); }'],
    ['upgrade-outside-recv', 'sub vcl_deliver { return(upgrade); }'],
    ['statement-scope', 'sub vcl_deliver { error 404; }'],
    ['statement-scope', 'sub vcl_recv { synthetic "x"; }'],
    ['protected-header', 'sub vcl_recv { set req.http.Upgrade = "websocket"; }'],
    ['protected-header', 'sub vcl_recv { unset req.http.Content-Length; }'],
    ['regex', 'sub vcl_recv { if (req.url ~ "(unclosed") { return(pass); } }'],
    ['regex', 'sub vcl_recv { if (req.url ~ "(a)\\2") { return(pass); } }'],
    ['duplicate-declaration', 'acl a { "1.2.3.4"; } acl a { "1.2.3.5"; }'],
    ['duplicate-declaration', 'sub f { } sub f { }'],
    ['duplicate-declaration', 'sub vcl_recv { declare local var.a STRING; declare local var.a STRING; }'],
    ['invalid-acl', 'acl a { "300.1.2.3"; }'],
    ['unknown-property', 'backend x { .host = "h"; .colour = "red"; }'],
    ['missing-property', 'backend x { .port = "80"; }'],
    ['recursion', 'sub a { call b; } sub b { call a; } sub vcl_recv { call a; }'],
    ['unknown-subroutine', 'sub vcl_nope { }'],
    ['statement-scope', 'sub is_bad BOOL { if (req.http.X) { error 403; } return false; } sub vcl_recv { if (is_bad()) { return(pass); } }'],
  ])('reports %s for %s', (rule, source) => {
    expect(rules(B + source)).toContain(rule);
  });

  it('gives each diagnostic a file, position, end, rule, severity and message', () => {
    const [d] = diagnose('sub vcl_recv {\n  set req.http.X = req.nope;\n}\n', 'svc.vcl');
    expect(d).toEqual({ file: 'svc.vcl', line: 2, column: 20, endLine: 2, endColumn: 28, severity: 'error', rule: 'unknown-variable', message: 'unknown variable "req.nope"' });
  });

  it('allows return(upgrade) only in vcl_recv, also through a called subroutine', () => {
    expect(rules(`${B}sub vcl_recv { if (req.http.Upgrade) { return(upgrade); } }`)).toEqual([]);
    const viaCall = diagnose(`${B}sub up { return(upgrade); } sub vcl_recv { call up; } sub vcl_deliver { call up; }`);
    expect(viaCall.map((d) => [d.rule, d.message])).toEqual([['upgrade-outside-recv', 'return(upgrade) is only allowed in vcl_recv, not vcl_deliver']]);
  });

  it('checks a custom subroutine against every subroutine it is called from', () => {
    const d = diagnose(`${B}sub helper { set beresp.ttl = 1s; } sub vcl_fetch { call helper; } sub vcl_recv { call helper; }`);
    expect(d.map((x) => x.rule)).toEqual(['variable-scope']);
    expect(d[0]!.message).toContain('vcl_recv');
  });

  it('accepts typed and parameterised subroutines and checks their use', () => {
    expect(rules(`${B}sub is_api(STRING var.p) BOOL { return std.prefixof(var.p, "/api"); } sub vcl_recv { if (is_api(req.url)) { return(pass); } }`)).toEqual([]);
    expect(rules(`${B}sub n INTEGER { return "x"; } sub vcl_recv { set req.http.X = n(); }`)).toContain('type-mismatch');
  });

  it('checks fixtures clean', async () => {
    const { readFileSync } = await import('node:fs');
    for (const name of ['boilerplate.vcl', 'main.vcl', 'generated.vcl']) {
      const source = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
      expect(diagnose(source, name), name).toEqual([]);
    }
  });

  it('throws one VclError with every diagnostic and a readable message', () => {
    let error: unknown;
    try {
      compile('sub vcl_recv {\n  set req.http.X = req.nope;\n  return(deliver);\n}\n', { file: 'main.vcl' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VclError);
    const err = error as VclError;
    expect(err.diagnostics.map((d) => d.rule)).toEqual(['unknown-variable', 'return-state']);
    expect(err.message).toContain('main.vcl:2:20: error: unknown variable "req.nope" [unknown-variable]\n  |\n2 |   set req.http.X = req.nope;\n  |                    ^^^^^^^^');
    expect(err.message).not.toMatch(/\n\s+at /); // no stack trace for a user's mistake
  });
});
