// table.lookup_acl and table.lookup_regex, whose values are used on the right of `~`, and the load-time
// check that a typed lookup names a table of its type. Everything runs through the real checker and compiler.
import { describe, expect, it } from 'vitest';
import { compile, type RequestInit } from '../src/index.js';

const B = 'backend b { .host = "127.0.0.1"; }\n';

function recv(decls: string, body: string, request: RequestInit = {}) {
  return compile(`${B}${decls}\nsub vcl_recv {\n${body}\n}`, { file: 'main.vcl' }).recv(request);
}

describe('table.lookup_acl (reference page example)', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/table/table-lookup-acl/
  const decls = `
acl documents { "192.0.2.0"/24; "203.0.113.0"/24; }
acl images { "198.51.100.0"/24; "2001:db8::"/32; }
acl empty { }
table ext ACL {
  "doc": documents,
  "docx": documents,
  "pdf": documents,
  "png": images,
  "jpg": images,
  "jpeg": images,
}`;
  const body = 'if (client.ip !~ table.lookup_acl(ext, req.url.ext, empty)) { error 403; }';

  it('allows a client inside the ACL the extension names', () => {
    expect(recv(decls, body, { url: '/a.pdf', clientIp: '192.0.2.10' }).state).not.toBe('error');
    expect(recv(decls, body, { url: '/a.png', clientIp: '2001:db8::5' }).state).not.toBe('error');
  });

  it('refuses a client outside it, and any extension not listed (the empty fallback ACL)', () => {
    expect(recv(decls, body, { url: '/a.pdf', clientIp: '198.51.100.7' }).state).toBe('error');
    expect(recv(decls, body, { url: '/a.exe', clientIp: '192.0.2.10' }).state).toBe('error');
  });

  it('matches positively with ~ too', () => {
    const r = recv(decls, 'if (client.ip ~ table.lookup_acl(ext, "jpg", empty)) { set req.http.X = "in"; }', { clientIp: '198.51.100.1' });
    expect(r.req.headers.get('X')).toBe('in');
  });
});

describe('table.lookup_regex (reference page example)', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/table/table-lookup-regex/
  const decls = `
table t REGEX {
  "/images": "^(?:jpe?g|png)$",
  "/articles": "^md$",
}`;
  const body = `
  declare local var.re REGEX;
  set var.re = table.lookup_regex(t, req.url.dirname);
  if (req.url.ext !~ var.re) {
    error 403;
  }
  set req.http.X-Ok = "1";`;

  it('allows an extension the directory lists', () => {
    expect(recv(decls, body, { url: '/images/abc.png' }).req.headers.get('X-Ok')).toBe('1');
    expect(recv(decls, body, { url: '/articles/abc.md' }).req.headers.get('X-Ok')).toBe('1');
  });

  it('refuses the wrong extension for the directory, and any directory not listed (an unsatisfiable regex)', () => {
    expect(recv(decls, body, { url: '/articles/abc.png' }).state).toBe('error');
    expect(recv(decls, body, { url: '/other/abc.png' }).state).toBe('error');
  });

  it('a lookup used directly on the right of ~ sets re.group', () => {
    const decls2 = 'table r REGEX { "user": "^/u/([0-9]+)$" }';
    const r = recv(decls2, 'if (req.url ~ table.lookup_regex(r, "user")) { set req.http.X-Id = re.group.1; }', { url: '/u/42' });
    expect(r.req.headers.get('X-Id')).toBe('42');
  });

  it('a REGEX local never set matches nothing', () => {
    const r = recv('', 'declare local var.re REGEX; if (req.url ~ var.re) { set req.http.X = "match"; } else { set req.http.X = "none"; }');
    expect(r.req.headers.get('X')).toBe('none');
  });
});

describe('load-time checks', () => {
  const load = (decls: string, body: string) => () => recv(decls, body);

  it('a lookup must name a table of its own type', () => {
    expect(load('table s { "a": "1" }', 'set req.http.X = table.lookup_integer(s, "a", 0);')).toThrow(/main\.vcl:\d+:\d+: error: argument 1 of table\.lookup_integer: the table holds STRING values, INTEGER values are needed/);
    expect(load('table i INTEGER { "a": 1 }', 'set req.http.X = table.lookup(i, "a");')).toThrow(/argument 1 of table\.lookup: the table holds INTEGER values, STRING values are needed/);
    expect(load('acl a { "127.0.0.1"; } table s { "a": "1" }', 'if (client.ip ~ table.lookup_acl(s, "a", a)) { }')).toThrow(/the table holds STRING values, ACL values are needed/);
    expect(load('table i INTEGER { "a": 1 }', 'set req.http.X = if(table.contains(i, "a"), "y", "n");')).not.toThrow();
  });

  it('the right of ~ must be a regex literal, a REGEX value or an ACL', () => {
    expect(load('', 'if (req.url ~ req.http.Pattern) { }')).toThrow(/the right side of "~" must be a regex literal, a REGEX value or an ACL/);
    expect(load('acl a { "127.0.0.1"; } table t ACL { "k": a }', 'if (req.restarts ~ table.lookup_acl(t, "k", a)) { }')).toThrow(/an ACL matches an IP, got INTEGER/);
    // A STRING is read as an address (falco's regex operator table).
    expect(load('acl a { "127.0.0.1"; } table t ACL { "k": a }', 'if (req.http.Ip ~ table.lookup_acl(t, "k", a)) { }')).not.toThrow();
    expect(load('', 'if (client.ip ~ nosuchacl) { }')).toThrow(/unknown ACL "nosuchacl"/);
  });
});
