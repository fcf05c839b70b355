// Variables with a declared name inside (backend.NAME.healthy, director.NAME.healthy, ratecounter.NAME.*,
// backend.NAME.connections_*), and the checker's rules for reading, setting and unsetting variables.
import { describe, expect, it } from 'vitest';
import { VclError } from '../src/diagnostics.js';
import { compile } from '../src/index.js';
import { resolveVariable } from '../src/builtins/variables.js';

const DECLS = `
backend F_origin { .host = "127.0.0.1"; .port = "8080"; }
backend F_other { .host = "192.0.2.10"; .port = "443"; }
director D_pool random { { .backend = F_origin; .weight = 1; } { .backend = F_other; .weight = 1; } }
ratecounter rc_clients {}
`;

/** The diagnostics of a program that must not load, as `line:col rule message`. */
function errorsOf(source: string): string[] {
  try {
    compile(source, { file: 'main.vcl' });
  } catch (e) {
    if (e instanceof VclError) return e.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
    throw e;
  }
  return [];
}

const recv = (body: string, decls = DECLS) => `${decls}\nsub vcl_recv {\n${body}\n}\n`;

describe('families with a declared name inside', () => {
  it('resolve against the declared backend, director and ratecounter, with the family type', () => {
    const svc = compile(
      recv(`set req.http.B = backend.F_origin.healthy;
set req.http.D = director.D_pool.healthy;
set req.http.O = backend.F_other.connections_open;
set req.http.U = backend.F_other.connections_used;
set req.http.R = ratecounter.rc_clients.rate.10s;
set req.http.K = ratecounter.rc_clients.bucket.60s;`),
    );
    const h = svc.recv().req.headers;
    expect([h.get('B'), h.get('D'), h.get('O'), h.get('U'), h.get('R'), h.get('K')]).toEqual(['1', '1', '0', '0', '0.000', '0']);
  });

  it('read what the engine knows of the named object (RequestContext.backendFacts)', () => {
    const svc = compile(recv('if (!backend.F_other.healthy) { set req.http.Down = "F_other"; }'));
    const ctx = svc.context();
    ctx.backendFacts = { ...ctx.backendFacts, backendHealthy: (name) => name !== 'F_other' };
    expect(svc.runSub('vcl_recv', ctx).req.headers.get('Down')).toBe('F_other');
  });

  it('report a name that is not declared, at its file:line:col', () => {
    expect(errorsOf(recv('set req.http.X = backend.F_missing.healthy;'))).toEqual(['8:18 unknown-variable unknown variable "backend.F_missing.healthy": no backend named "F_missing" is declared']);
    expect(errorsOf(recv('set req.http.X = ratecounter.nope.rate.1s;'))[0]).toContain('no ratecounter named "nope"');
    // A director is not a backend: backend.NAME.* names backends only.
    expect(errorsOf(recv('set req.http.X = backend.D_pool.healthy;'))[0]).toContain('no backend named "D_pool"');
    expect(errorsOf(recv('set req.http.X = director.F_origin.healthy;'))[0]).toContain('no director named "F_origin"');
  });

  it('are read-only, and typed: a FLOAT rate is no BOOL', () => {
    expect(errorsOf(recv('set backend.F_origin.healthy = false;'))[0]).toContain('read-only');
    expect(errorsOf(recv('if (ratecounter.rc_clients.rate.10s) { return(pass); }'))[0]).toContain('expected a BOOL condition, got FLOAT');
  });

  it('leave fixed names alone: backend.conn.is_tls is not backend "conn"', () => {
    expect(resolveVariable('backend.conn.is_tls')).toMatchObject({ kind: 'predefined', spec: { name: 'backend.conn.is_tls' } });
    expect(resolveVariable('backend.conn.healthy')).toMatchObject({ kind: 'predefined', declared: { name: 'conn' } });
    expect(resolveVariable('backend..healthy')).toBeUndefined();
  });
});

describe('reading, setting and unsetting predefined variables', () => {
  it('a read-only variable cannot be set; a Fastly read-only one such as req.url.path neither', () => {
    expect(errorsOf(recv('set client.ip = "192.0.2.9";'))).toEqual(['8:5 read-only "client.ip" is read-only']);
    expect(errorsOf(recv('set req.url.path = "/x";'))[0]).toContain('read-only');
  });

  it('only headers and fastly.error may be unset', () => {
    expect(errorsOf(recv('unset req.url;'))).toEqual(['8:7 read-only "req.url" cannot be unset (only headers and fastly.error can)']);
    expect(errorsOf(recv('unset fastly.error; unset req.http.X;'))).toEqual([]);
  });

  it('beresp.saintmode can be set, not read', () => {
    const fetch = (body: string) => `${DECLS}\nsub vcl_fetch {\n${body}\n}\n`;
    expect(errorsOf(fetch('set beresp.saintmode = 10s;'))).toEqual([]);
    expect(errorsOf(fetch('set beresp.http.X = beresp.saintmode;'))).toEqual(['8:21 variable-scope "beresp.saintmode" can be set but not read']);
  });

  it('a variable outside the subroutines Fastly lists is reported with where it is available', () => {
    expect(errorsOf(recv('set req.http.X = req.hash;'))[0]).toContain('"req.hash" cannot be read in vcl_recv (available in vcl_hash, vcl_error)');
    expect(errorsOf(recv('set req.http.X = resp.bytes_written;'))[0]).toContain('available in vcl_log');
  });

  it('vcl_pipe sees the variables Fastly lists for it (bereq.*, req.http.*) and no others', () => {
    const pipe = (body: string) => `${DECLS}\nsub vcl_recv { return(pipe); }\nsub vcl_pipe {\n${body}\n}\n`;
    expect(errorsOf(pipe('set bereq.http.Connection = "close"; set bereq.http.X = req.http.Host; set bereq.connect_timeout = 2s;'))).toEqual([]);
    expect(errorsOf(pipe('set bereq.http.X = req.url;'))[0]).toContain('"req.url" cannot be read in vcl_pipe');
  });
});
