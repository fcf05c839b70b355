// The compiled interpreter, construct by construct, with Fastly's semantics.
import { describe, expect, it } from 'vitest';
import { compile, type RequestInit } from '../src/index.js';

const B = 'backend b { .host = "127.0.0.1"; }\nbackend ws { .host = "127.0.0.1"; }\n';

/** Run a vcl_recv body and return the request headers as VCL left them. */
function recv(body: string, request: RequestInit = {}, decls = '') {
  return compile(`${B}${decls}\nsub vcl_recv {\n${body}\n}`).recv(request);
}
const header = (body: string, name = 'X', request: RequestInit = {}, decls = '') => recv(body, request, decls).req.headers.get(name);

describe('not set and strings', () => {
  it('reads a missing header as not set, distinct from ""', () => {
    expect(header('if (req.http.Missing) { set req.http.X = "set"; } else { set req.http.X = "not set"; }')).toBe('not set');
    expect(header('set req.http.E = ""; if (req.http.E) { set req.http.X = "set"; }')).toBe('set');
  });

  it('assigning not set to a header removes it', () => {
    expect(header('set req.http.X = req.http.Missing;', 'X', { headers: { X: 'was here' } })).toBeNull();
  });

  it('renders not set as (null) in header concatenation and "" in locals', () => {
    expect(header('set req.http.X = "a-" req.http.Missing;')).toBe('a-(null)');
    expect(header('declare local var.s STRING; set var.s = "a-" + req.http.Missing; set req.http.X = var.s;')).toBe('a-');
    expect(header('declare local var.s STRING; set var.s = req.http.Missing; set req.http.X = "[" var.s "]";')).toBe('[]');
  });

  it('concatenates by juxtaposition and +, converting other types', () => {
    expect(header('declare local var.t RTIME; set var.t = 1.5s; set req.http.X = "n=" req.restarts + " t=" var.t " b=" true;')).toBe('n=0 t=1.500 b=1');
  });

  it('refuses a number literal where a STRING is taken: Fastly converts values, not literals (falco operator tables)', () => {
    for (const literal of ['1', '1.5', '1.5s', '-1']) {
      expect(() => header(`set req.http.X = "t=" ${literal};`)).toThrow(/literal cannot be used as a STRING/);
      expect(() => header(`set req.http.X = ${literal};`)).toThrow(/literal cannot be used as a STRING/);
    }
    expect(() => header('set req.http.X = header.get(req, 10);')).toThrow(/literal cannot be used as a STRING/);
    expect(() => header('set req.http.X = "backend " b;')).toThrow(/backend name cannot be used as a STRING/);
    expect(header('set req.http.X = "backend " req.backend;')).toBe('backend b');
  });

  it('decodes percent escapes, long strings and heredocs', () => {
    expect(header('set req.http.X = "a%20b%F0%9F%8C%AEc%00ignored";')).toBe('a b🌮c');
    expect(header('set req.http.X = {"say "hi""};')).toBe('say "hi"');
    expect(header('set req.http.X = {JSON"{"a":"}"}"JSON};')).toBe('{"a":"}"}');
  });
});

describe('headers', () => {
  it('names are case-insensitive; add appends; reads see the first; unset removes all', () => {
    const r = recv('add req.http.Set-Thing = "one"; add req.http.set-thing = "two"; set req.http.X = req.http.SET-THING; set req.http.Count = std.count(req.http.Set-Thing);');
    expect(r.req.headers.get('x')).toBe('one');
    expect(r.req.headers.getAll('set-thing')).toEqual(['one', 'two']);
    expect(r.req.headers.get('count')).toBe('2');
    expect(recv('unset req.http.A;', { headers: [['A', '1'], ['a', '2']] }).req.headers.get('a')).toBeNull();
  });

  it('unset with a trailing * removes every header with that prefix', () => {
    const r = recv('unset req.http.X-Debug-*;', { headers: { 'X-Debug-A': '1', 'X-Debug-B': '2', 'X-Keep': '3' } });
    expect(r.req.headers.names().map((n) => n.toLowerCase()).sort()).toEqual(['fastly-client-ip', 'host', 'x-keep']);
  });

  it('reads and writes Header:key subfields', () => {
    expect(header('set req.http.X = req.http.Cookie:session;', 'X', { headers: { Cookie: 'a=1; session=abc; b=2' } })).toBe('abc');
    expect(header('set req.http.Cache-Control:max-age = "300";', 'Cache-Control', { headers: { 'Cache-Control': 'public' } })).toBe('public,max-age=300'); // a set field goes last after ",", as on Fastly (falco field_test.go)
  });

  it('header.set/get/unset/filter work on the named object', () => {
    expect(header('header.set(req, "X", "v"); set req.http.Y = header.get(req, "x");', 'Y')).toBe('v');
    const r = recv('header.filter_except(req, "Host", "Keep");', { headers: { Keep: '1', Drop: '2' } });
    expect(r.req.headers.names().map((n) => n.toLowerCase()).sort()).toEqual(['host', 'keep']);
  });
});

describe('regex and ACLs', () => {
  it('sets re.group.N from the last successful ~ and honours (?i)', () => {
    expect(header('if ("abbbccccc" ~ "^(a+)(b+)(c+)") { set req.http.X = re.group.0 "|" re.group.2 "|" re.group.3; }')).toBe('abbbccccc|bbb|ccccc');
    expect(header('if (req.http.Upgrade ~ "(?i)^websocket$") { set req.http.X = "yes"; }', 'X', { headers: { Upgrade: 'WebSocket' } })).toBe('yes');
  });

  it('! before a comparison negates the comparison (Fastly boilerplate)', () => {
    expect(header('if (!req.http.SC ~ "max-age") { set req.http.X = "no max-age"; }')).toBe('no max-age');
    expect(header('if (!req.http.SC ~ "max-age") { set req.http.X = "no max-age"; }', 'X', { headers: { SC: 'max-age=5' } })).toBeNull();
  });

  it('evaluates pathological patterns in linear time', () => {
    const r = recv('if (req.url ~ "^(a+)+$") { set req.http.X = "matched"; } else { set req.http.X = "no"; }', { url: `${'a'.repeat(30_000)}b` });
    expect(r.req.headers.get('x')).toBe('no');
  });

  it('matches client.ip against IPv4/IPv6 CIDR ACLs with negation', () => {
    const acl = 'acl office { "192.0.2.0"/24; ! "192.0.2.13"; "2001:db8::"/32; }';
    const inAcl = (ip: string) => header('if (client.ip ~ office) { set req.http.X = "in"; }', 'X', { clientIp: ip }, acl);
    expect(inAcl('192.0.2.7')).toBe('in');
    expect(inAcl('192.0.2.13')).toBeNull();
    expect(inAcl('2001:db8::42')).toBe('in');
    expect(inAcl('198.51.100.1')).toBeNull();
  });
});

describe('control flow', () => {
  it('return(state) inside a called sub ends the chain; bare return goes back', () => {
    const svc = compile(`${B}sub decide { if (req.url == "/p") { return(pass); } return; }
      sub vcl_recv { call decide; set req.http.After = "yes"; return(lookup); }`);
    const p = svc.recv({ url: '/p' });
    expect(p.state).toBe('pass');
    expect(p.req.headers.get('after')).toBeNull();
    expect(p.called).toEqual(['vcl_recv', 'decide']);
    expect(svc.recv({ url: '/q' })).toMatchObject({ state: 'lookup', explicit: true });
  });

  it('error carries status and response; the default is 503', () => {
    expect(recv('error 418 "teapot";')).toMatchObject({ state: 'error', error: { status: 418, response: 'teapot' } });
    expect(recv('error;').error).toEqual({ status: 503, response: null });
  });

  it('the default return of vcl_recv is lookup for GET/HEAD and pass otherwise', () => {
    expect(recv('set req.http.X = "1";')).toMatchObject({ state: 'lookup', explicit: false });
    expect(recv('set req.http.X = "1";', { method: 'POST' }).state).toBe('pass');
  });

  it('restart is reported as a state', () => {
    expect(recv('restart;').state).toBe('restart');
  });

  it('switch with case, regex case, fallthrough and default', () => {
    const body = `switch (req.url) {
      case "/a": set req.http.X = "a"; break;
      case ~ "^/b": set req.http.X = "b"; fallthrough;
      case "/c": set req.http.Y = "c"; break;
      default: set req.http.X = "other"; break;
    }`;
    expect(header(body, 'X', { url: '/a' })).toBe('a');
    const b = recv(body, { url: '/bee' });
    expect([b.req.headers.get('x'), b.req.headers.get('y')]).toEqual(['b', 'c']);
    expect(header(body, 'X', { url: '/z' })).toBe('other');
  });

  it('goto jumps to a label', () => {
    expect(header('goto done; set req.http.X = "skipped"; done: set req.http.Y = "reached";', 'Y')).toBe('reached');
    expect(header('goto done; set req.http.X = "skipped"; done:')).toBeNull();
  });

  it('typed subroutines return values', () => {
    const decls = 'sub is_api(STRING var.path) BOOL { if (std.prefixof(var.path, "/api/")) { return true; } return false; }';
    expect(header('if (is_api(req.url)) { set req.http.X = "api"; }', 'X', { url: '/api/v1' }, decls)).toBe('api');
    expect(header('if (is_api(req.url)) { set req.http.X = "api"; }', 'X', { url: '/web' }, decls)).toBeNull();
  });
});

describe('variables and operators', () => {
  it('locals start at their zero value and support compound assignment', () => {
    expect(header('declare local var.n INTEGER; set var.n += 5; set var.n *= 3; set var.n -= 1; set var.n /= 2; set req.http.X = var.n;')).toBe('7');
    expect(header('declare local var.b BOOL; set var.b ||= true; set var.b &&= false; set req.http.X = var.b;')).toBe('0');
    expect(header('declare local var.t RTIME = 1m; set var.t += 30s; set req.http.X = var.t;')).toBe('90.000');
  });

  it('INTEGER bit operations are 64-bit, and += on a Header:key appends to that key', () => {
    expect(header('declare local var.n INTEGER = 1; set var.n <<= 40; set req.http.X = var.n;')).toBe(String(2 ** 40));
    expect(header('declare local var.n INTEGER = 3000000000; set var.n |= 1; set req.http.X = var.n;')).toBe('3000000001');
    expect(header('set req.http.Cookie:x += "z";', 'Cookie', { headers: { Cookie: 'x=1; y=2' } })).toBe('y=2; x=1z');
  });

  it('req.url parts are readable; Fastly makes them read-only (set req.url instead)', () => {
    const r = recv('set req.http.P = req.url.path; set req.http.Q = req.url.qs; set req.http.E = req.url.ext;', { url: '/a/b.html?x=1' });
    expect([r.req.headers.get('p'), r.req.headers.get('q'), r.req.headers.get('e'), r.req.url]).toEqual(['/a/b.html', 'x=1', 'html', '/a/b.html?x=1']);
    expect(() => recv('set req.url.path = "/new";')).toThrow(/"req.url.path" is read-only/);
  });

  it('selects a backend', () => {
    expect(recv('set req.backend = ws;').backend).toBe('ws');
    expect(recv('').backend).toBe('b'); // the first declared backend is the default
  });

  it('time arithmetic and comparison', () => {
    expect(header('if (now + 1h > now) { set req.http.X = "later"; }')).toBe('later');
  });

  it('functions run through VCL', () => {
    expect(header('set req.http.X = std.toupper(regsuball(req.url, "[aeiou]", "_")) + "/" + std.strlen(req.url);', 'X', { url: '/education' })).toBe('/_D_C_T__N/10');
    expect(header('set req.http.X = querystring.get(req.url, "b");', 'X', { url: '/?a=1&b=two' })).toBe('two');
    expect(header('set req.http.X = digest.hash_sha256("abc");')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('logging', () => {
  it('collects log lines by endpoint from the syslog form, and others whole', () => {
    const r = recv('log "syslog " req.service_id " my-endpoint :: hello " req.url; log "plain line";', { url: '/x' });
    expect(r.logs.map(({ endpoint, message }) => ({ endpoint, message }))).toEqual([
      { endpoint: 'my-endpoint', message: 'hello /x' },
      { endpoint: null, message: 'plain line' },
    ]);
  });
});
