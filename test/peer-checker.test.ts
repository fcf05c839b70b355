// Declarations and statements against falco's linter tables: ysugimoto/falco linter/linter_test.go,
// linter/declaration_linter_test.go and linter/statement_linter_test.go. Where falco reports an error that
// Fastly also refuses, loading must report one at file:line:col; what falco accepts must load. falco's
// style-only rules are warnings or nothing here; comments say where vcl-edge follows Fastly's pages instead.
import { describe, expect, it } from 'vitest';
import { inRecv, lintWarnings, loadErrors } from './helpers/peer-syntax.js';

const BACKEND = 'backend foo { .host = "example.com"; }\n';

describe('declarations (falco linter/declaration_linter_test.go)', () => {
  it('loads the passing declarations of the table', () => {
    expect(loadErrors('acl example {\n  !"192.168.0.1"/32;\n  "localhost";\n  "192.0.2.0"/24;\n  ! "192.0.2.1"/32;\n}')).toEqual([]);
    expect(loadErrors(`${BACKEND}director bar client {\n  .quorum = 50%;\n  { .backend = foo; .weight = 1; }\n}\ndirector fiz chash {\n  { .backend = foo; .id = "foo"; }\n}`)).toEqual([]);
    expect(loadErrors('table example {\n  "foo": "bar",\n}\npenaltybox ip_pb {}\nratecounter req_counter {\n  // a comment\n}')).toEqual([]);
    const full = `backend foo {
  .host = "example.com"; .host_header = "example.com"; .always_use_host_header = true; .keepalive_time = 30s;
  .connect_timeout = 1s; .dynamic = true; .port = "443"; .first_byte_timeout = 20s; .max_connections = 500;
  .between_bytes_timeout = 20s; .share_key = "xei5lohleex3Joh5ie5uy7du"; .ssl = true; .ssl_sni_hostname = "httpbin.org";
  .ssl_cert_hostname = "httpbin.org"; .ssl_check_cert = always; .min_tls_version = "1.2"; .max_tls_version = "1.2";
  .prefer_ipv6 = true;
  .probe = { .dummy = false; .initial = 5; .request = "GET / HTTP/1.1"; .threshold = 1; .timeout = 2s; .window = 4; }
}`;
    expect(loadErrors(full)).toEqual([]);
  });

  it('refuses names that are not letters, digits and _', () => {
    const named = (what: string) => `1:${what.indexOf('-') > 0 ? what.split(' ')[0]!.length + 2 : 0}`;
    const cases = ['acl invalid-acl {}', 'backend foo-bar { .host = "a"; }', 'table example-table {}', 'sub vcl-recv {}', 'penaltybox pb-x {}', 'ratecounter rc-x {}'];
    for (const source of cases) expect(loadErrors(source), source).toContainEqual(expect.stringMatching(new RegExp(`^${named(source)} \\[invalid-name\\]`)));
    expect(loadErrors(`${BACKEND}director bar-baz client {\n  .quorum = 50%;\n  { .backend = foo; .weight = 1; }\n}`)).toContain('2:10 [invalid-name] a director is named with letters, digits and _, got "bar-baz"');
  });

  it('refuses a second declaration of one name, whatever its kind of value', () => {
    expect(loadErrors('acl example {}\nacl example {}')).toEqual(['2:5 [duplicate-declaration] acl "example" is already declared at peer.vcl:1:5']);
    expect(loadErrors(`${BACKEND}${BACKEND}`)).toEqual(['2:9 [duplicate-declaration] backend "foo" is already declared at peer.vcl:1:9']);
    expect(loadErrors('table example INTEGER { "foo": 10, }\ntable example { "foo": "bar", }')).toHaveLength(1);
    expect(loadErrors(`${BACKEND}director bar fallback { { .backend = foo; } }\ndirector bar fallback { { .backend = foo; } }`)).toHaveLength(1);
    expect(loadErrors('sub foo {}\nsub foo {}')).toEqual(['2:5 [duplicate-declaration] subroutine "foo" is already declared at peer.vcl:1:5']);
    expect(loadErrors('penaltybox ip_pb {}\npenaltybox ip_pb {}')).toHaveLength(1);
    expect(loadErrors('ratecounter rc {}\nratecounter rc {}')).toHaveLength(1);
  });

  it('refuses property values of the wrong type, and a probe that is not a block', () => {
    expect(loadErrors('backend foo {\n  .host = 1s;\n}')).toEqual(['2:11 [type-mismatch] .host must be STRING, got RTIME']);
    expect(loadErrors('backend foo {\n  .host = "a";\n  .first_byte_timeout = "120";\n}')).toEqual(['3:25 [type-mismatch] .first_byte_timeout must be RTIME, got STRING']);
    expect(loadErrors('backend foo {\n  .host = "a";\n  .probe = "probe";\n}')).toEqual(['3:12 [type-mismatch] .probe takes a block { ... }']);
    expect(loadErrors('table example INTEGER {\n  "foo": 1s,\n}')).toHaveLength(1);
  });

  it('refuses director shapes falco refuses: unknown kind, a property the kind lacks, no members, unknown backends', () => {
    expect(loadErrors(`${BACKEND}director bar testing {\n  { .backend = foo; }\n}`)).toHaveLength(1);
    expect(loadErrors(`${BACKEND}director bar fallback {\n  { .backend = foo; .weight = 1; }\n}`)).toHaveLength(1);
    expect(loadErrors(`${BACKEND}director bar client {\n  { .backend = foo; }\n}`)).toHaveLength(1);
    expect(loadErrors(`${BACKEND}director bar client {\n  .quorum = 50%;\n}`)).toHaveLength(1);
    expect(loadErrors(`${BACKEND}director bar client {\n  .quorum = 50%;\n  { .backend = baz; .weight = 1; }\n}`)).toEqual(['4:16 [unknown-backend] .backend must name a declared backend']);
  });

  it('refuses an acl entry naming a host other than localhost', () => {
    expect(loadErrors('acl example {\n  "not-a-real-host.invalid";\n}')).toEqual(['2:3 [invalid-acl] acl example: "not-a-real-host.invalid" is not a valid IPv4 or IPv6 address']);
  });

  it('refuses statements in penaltybox and ratecounter blocks, and undeclared ones in calls', () => {
    expect(loadErrors('penaltybox ip_pb {\n  set var.bar = "baz";\n}')).not.toEqual([]);
    expect(loadErrors('ratecounter rc {\n  set var.bar = "baz";\n}')).not.toEqual([]);
    const check = (pb: string, rc: string) => `sub foo {\n  declare local var.x BOOL;\n  set var.x = ratelimit.check_rate(digest.hash_sha256("123"), ${rc}, 1, 60, 135, ${pb}, 2m);\n}`;
    expect(inRecv('', `penaltybox ip_pb {}\nratecounter counter_60 {}\n${check('ip_pb', 'counter_60')}\n`.replace('sub foo', 'sub bar'))).toEqual([]);
    expect(loadErrors(`ratecounter counter_60 {}\n${check('ip_pb', 'counter_60')}`)).toHaveLength(1);
    expect(loadErrors(`penaltybox ip_pb {}\n${check('ip_pb', 'counter_60')}`)).toHaveLength(1);
  });

  it('reads ratecounter bucket variables of declared ratecounters only', () => {
    expect(inRecv('set req.http.X-ERL:b = std.itoa(ratecounter.counter_60.bucket.10s);', 'ratecounter counter_60 {}\n')).toEqual([]);
    expect(inRecv('set req.http.X-ERL:b = std.itoa(ratecounter.counter.bucket.10s);', 'ratecounter counter_60 {}\n')).toHaveLength(1);
    expect(inRecv('set req.http.X-ERL:b = std.itoa(ratecounter.counter_60.bucket.100s);', 'ratecounter counter_60 {}\n')).toHaveLength(1);
  });

  it('refuses a lifecycle sub with a return type; takes typed subs with parameters', () => {
    expect(loadErrors('sub vcl_recv BOOL {\n#FASTLY recv\n  return true;\n}')).toContain('1:5 [type-mismatch] vcl_recv takes no parameters and returns no value');
    const typed = 'sub concat_fetch(STRING var.left, STRING var.right) STRING {\n  declare local var.both STRING = var.left + var.right;\n  return var.both;\n}\n';
    expect(loadErrors(`${typed}sub vcl_recv {\n  log concat_fetch("Hello, ", "world!");\n#FASTLY recv\n}`)).toEqual([]);
    expect(loadErrors('//@recv, log\nsub example {\n  set req.http.Host = "example.com";\n}\nsub vcl_log {\n#FASTLY log\n  call example;\n}\nsub vcl_recv {\n#FASTLY recv\n  call example;\n}')).toEqual([]);
  });

  it('warns, as falco does, when a lifecycle sub has no #FASTLY line', () => {
    expect(lintWarnings('sub vcl_recv {\n  set req.http.Host = "example.com";\n}', 'fastly-macro')).toHaveLength(1);
    for (const macro of ['#FASTLY RECV', '#FASTLY recv', '#FASTLY RECV foo bar baz']) {
      expect(lintWarnings(`sub vcl_recv {\n${macro}\nset req.http.Foo = "bar";\n}`, 'fastly-macro'), macro).toEqual([]);
    }
    // falco also warns on `//FASTLY RECV`, `###FASTLY RECV`, `#fastly RECV` and `# FASTLY log`: its style
    // rule. vcl-edge takes them as the marker (a warning either way, never an error).
  });
});

describe('where vcl-edge follows Fastly\'s pages over falco\'s linter', () => {
  it('a backend needs a .host (falco takes `backend foo {}`)', () => {
    expect(loadErrors('backend foo {}')).toEqual(['1:9 [missing-property] backend foo has no .host']);
  });

  it('a local variable is none of ACL or ID: Fastly\'s local-variables page lists BOOL, INTEGER, FLOAT, TIME, RTIME, STRING, REGEX (and vcl-edge IP, BACKEND)', () => {
    expect(inRecv('declare local var.item6 ACL;')).toEqual(['2:15 [type-mismatch] a local variable cannot be of type ACL']);
    expect(inRecv(`declare local var.s STRING;\ndeclare local var.i INTEGER;\ndeclare local var.f FLOAT;\ndeclare local var.ip IP;\ndeclare local var.b BOOL;\ndeclare local var.be BACKEND;\nset var.s = "1";\nset var.i = 1;\nset var.f = 1.0;\nset var.ip = std.ip("192.168.0.1", "192.168.0.2");\nset var.b = true;\nset var.be = foo;`, BACKEND)).toEqual([]);
  });
});
