// What predefined variables read as at run time, without sockets: request facts, the cache, the
// environment defaults and their overrides, math constants, fastly.error, and what tests inject.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { HttpCache } from '../src/engine/cache.js';
import { allDiagnostics, lintSource } from '../src/lint/index.js';
import { runTestFile } from '../src/testing/runner.js';

const BACKEND = 'backend F_origin { .host = "127.0.0.1"; .port = "8080"; .connect_timeout = 2s; }\n';

/** Run vcl_recv with `body` and read the headers it set. */
function recvHeaders(body: string, request: Parameters<ReturnType<typeof compile>['recv']>[0] = {}, options: Parameters<typeof compile>[1] = {}) {
  return compile(`${BACKEND}sub vcl_recv {\n${body}\n}\n`, options).recv(request).req.headers;
}

describe('req.body, as Fastly gives it', () => {
  // https://developer.fastly.com/reference/vcl/variables/client-request/req-body/
  const DETECT = `set req.http.Body = req.body;
set req.http.B64 = req.body.base64;
if (std.atoi(req.http.Content-Length) > 0 && std.strlen(req.body) == 0 && req.method == "POST") { set req.http.Truncated = "yes"; }`;

  it('is the body of a POST or PUT', () => {
    const h = recvHeaders(DETECT, { method: 'POST', body: 'a=1&b=2', headers: { 'Content-Length': '7' } });
    expect([h.get('Body'), h.get('B64'), h.get('Truncated')]).toEqual(['a=1&b=2', Buffer.from('a=1&b=2').toString('base64'), null]);
    expect(recvHeaders('set req.http.Body = req.postbody;', { method: 'PUT', body: 'x' }).get('Body')).toBe('x');
  });

  it('is not set beyond 8 KB: the page’s check for a truncated body holds', () => {
    const big = 'x'.repeat(8 * 1024 + 1);
    const h = recvHeaders(DETECT, { method: 'POST', body: big, headers: { 'Content-Length': String(big.length) } });
    expect([h.get('Body'), h.get('Truncated')]).toEqual([null, 'yes']);
    expect(recvHeaders(DETECT, { method: 'POST', body: 'x'.repeat(8 * 1024) }).get('Body')).toHaveLength(8 * 1024);
  });

  it('is not set for other methods, and stops at a NUL byte where the base64 form does not', () => {
    expect(recvHeaders(DETECT, { method: 'GET', body: 'ignored' }).get('Body')).toBeNull();
    const h = recvHeaders(DETECT, { method: 'POST', body: 'ab\u0000cd' });
    expect([h.get('Body'), h.get('B64')]).toEqual(['ab', Buffer.from('ab\0cd').toString('base64')]);
  });
});

describe('request facts', () => {
  it('req.header_bytes_read counts the head as it would be sent; req.digest is the SHA-256 of the cache key', async () => {
    const svc = compile(`${BACKEND}sub vcl_recv { set req.http.Head = req.header_bytes_read; }
sub vcl_hash { set req.hash += req.url; set req.hash += "|"; }
sub vcl_deliver { set resp.http.Digest = req.digest; set resp.http.Ratio = req.digest.ratio; set resp.http.State = fastly_info.state; }`);
    const head = 'GET /a HTTP/1.1\r\nX-A: 1\r\nHost: example.com\r\n\r\n';
    expect(svc.recv({ url: '/a', headers: { 'X-A': '1', Host: 'example.com' } }).req.headers.get('Head')).toBe(String(head.length));
    const res = await svc.run({ url: '/a' });
    const digest = createHash('sha256').update('/a|').digest('hex');
    expect(res.headers.get('Digest')).toBe(digest);
    expect(Number(res.headers.get('Ratio'))).toBeCloseTo(Number.parseInt(digest.slice(0, 8), 16) / 2 ** 32, 3);
    expect(res.headers.get('State')).toBe('MISS');
  });

  it('req.vcl.md5 is the MD5 of the VCL; req.vcl.generation and version read 1', () => {
    const source = `${BACKEND}sub vcl_recv { set req.http.V = req.vcl.md5 "/" req.vcl.generation "/" req.vcl.version; }\n`;
    expect(compile(source).recv().req.headers.get('V')).toBe(`${createHash('md5').update(source).digest('hex')}/1/1`);
  });

  it('time.elapsed grows from the start of the request; time.start.* are its text forms', () => {
    const h = recvHeaders('set req.http.E = time.elapsed; set req.http.S = time.start.sec "." time.start.msec_frac; set req.http.U = time.start.usec_frac;');
    expect(Number(h.get('E'))).toBeGreaterThanOrEqual(0);
    expect(Number(h.get('E'))).toBeLessThan(5);
    expect(h.get('S')).toMatch(/^\d{10}\.\d{3}$/);
    expect(h.get('U')).toMatch(/^\d{6}$/);
  });

  it('bereq timeouts read the backend’s own until VCL sets them', async () => {
    const svc = compile(`${BACKEND}sub vcl_miss { set req.http.Before = bereq.connect_timeout; set bereq.connect_timeout = 5s; set req.http.After = bereq.connect_timeout; set req.http.FB = bereq.first_byte_timeout; }
sub vcl_deliver { set resp.http.T = req.http.Before "/" req.http.After "/" req.http.FB; }`);
    expect((await svc.run({})).headers.get('T')).toBe('2.000/5.000/15.000');
  });

  it('vcl_log reads what was sent: resp.bytes_written, resp.completed, time.end', async () => {
    const svc = compile(`${BACKEND}sub vcl_log { log "syslog x ep :: " resp.body_bytes_written " " resp.header_bytes_written " " resp.completed " " time.end.sec; }`);
    const res = await svc.run({}, { origin: { body: 'hello' } });
    const [body, head, completed, end] = res.logs[0]!.message.split(' ');
    expect([body, completed]).toEqual(['5', '1']);
    expect(Number(head)).toBeGreaterThan(17); // at least "HTTP/1.1 200 OK\r\n\r\n"
    expect(Math.abs(Number(end) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('fastly.error reads what a function or the runtime recorded; unset clears it', () => {
    const svc = compile(`${BACKEND}sub vcl_recv { set req.http.Before = fastly.error; unset fastly.error; set req.http.After = fastly.error; }\n`);
    const ctx = svc.context();
    ctx.fastlyError = 'EREGRECUR';
    const h = svc.runSub('vcl_recv', ctx).req.headers;
    expect([h.get('Before'), h.get('After')]).toEqual(['EREGRECUR', null]);
  });
});

describe('the cache', () => {
  const CACHING = `${BACKEND}sub vcl_recv { if (req.http.Refresh) { set req.hash_always_miss = true; } return(lookup); }
sub vcl_fetch { set beresp.ttl = 60s; set beresp.stale_if_error = 30s; set beresp.stale_while_revalidate = 5s; set beresp.grace = 10s; }
sub vcl_hit { set req.http.Obj = obj.hits "/" obj.stale_if_error "/" obj.stale_while_revalidate "/" obj.grace; }
sub vcl_deliver { set resp.http.Obj = req.http.Obj; set resp.http.Hits = obj.hits; set resp.http.State = fastly_info.state; }`;

  it('obj.* read what beresp said when the object was stored, and obj.hits counts deliveries', async () => {
    const svc = compile(CACHING);
    const cache = new HttpCache();
    let fetches = 0;
    const origin = () => ({ body: `v${++fetches}` });
    await svc.run({}, { origin, cache });
    const second = await svc.run({}, { origin, cache });
    const third = await svc.run({}, { origin, cache });
    expect([second.cache, second.headers.get('Obj'), third.headers.get('Hits'), third.headers.get('State')]).toEqual(['HIT', '1/30.000/5.000/10.000', '2', 'HIT']);
  });

  it('req.hash_always_miss fetches again and replaces the object', async () => {
    const svc = compile(CACHING);
    const cache = new HttpCache();
    let fetches = 0;
    const origin = () => ({ body: `v${++fetches}` });
    await svc.run({}, { origin, cache });
    const refreshed = await svc.run({ headers: { Refresh: '1' } }, { origin, cache });
    const after = await svc.run({}, { origin, cache });
    expect([refreshed.cache, refreshed.body, after.cache, after.body]).toEqual(['MISS', 'v2', 'HIT', 'v2']);
  });
});

describe('environment variables: Fastly-shaped defaults, overridable per run', () => {
  const GEO = 'set req.http.Geo = client.geo.country_code "/" client.geo.city "/" geoip.country_code "/" client.geo.latitude "/" server.datacenter "/" client.as.number;';

  it('read as one plausible fixed place and POP', () => {
    expect(recvHeaders(GEO).get('Geo')).toBe('US/San Francisco/US/37.770/SJC/64496');
    expect(recvHeaders('set req.http.H = server.hostname;').get('H')).toBe(hostname());
  });

  it('take the service’s overrides, and a request’s over those; geoip.* follows client.geo.*', () => {
    const options = { overrides: { 'client.geo.country_code': 'DE', 'server.datacenter': 'FRA', 'client.geo.latitude': 50.1 } };
    expect(recvHeaders(GEO, {}, options).get('Geo')).toBe('DE/San Francisco/DE/50.100/FRA/64496');
    expect(recvHeaders(GEO, { overrides: { 'client.geo.city': 'Berlin', 'server.datacenter': 'TXL' } }, options).get('Geo')).toBe('DE/Berlin/DE/50.100/TXL/64496');
  });

  it('refuse a name that is no environment variable, and a value of the wrong type', () => {
    expect(() => compile(BACKEND, { overrides: { 'client.geo.nope': 'x' } })).toThrow(/"client.geo.nope" is not a predefined variable/);
    expect(() => compile(BACKEND, { overrides: { 'req.url': '/x' } })).toThrow(/req.url is not an environment variable/);
    expect(() => compile(BACKEND, { overrides: { 'client.geo.latitude': 'north' } })).toThrow(/client.geo.latitude is FLOAT: give a number/);
  });

  it('device detection reads Fastly’s "not known" shape: -1, false, ""', () => {
    expect(recvHeaders('set req.http.D = client.display.width "/" client.platform.mobile "/" client.browser.name "/";').get('D')).toBe('-1/0//');
  });

  it('a test file injects them with testing.inject_variable (families included)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-vars-'));
    try {
      writeFileSync(join(dir, 'main.vcl'), `${BACKEND}sub vcl_recv {
  if (client.geo.country_code == "JP" && client.geo.latitude > 35.0 && !backend.F_origin.healthy) { set req.http.Route = "jp-fallback"; }
}\n`);
      writeFileSync(join(dir, 'main.test.vcl'), `sub test_inject {
  testing.inject_variable("client.geo.country_code", "JP");
  testing.inject_variable("client.geo.latitude", 36);
  testing.inject_variable("backend.F_origin.healthy", false);
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Route, "jp-fallback");
}\n`);
      const { results } = runTestFile(join(dir, 'main.vcl'), join(dir, 'main.test.vcl'));
      expect(results.map((r) => [r.name, r.status, r.failure?.message])).toEqual([['test_inject', 'passed', undefined]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('math.* constants', () => {
  it('are FLOAT or INTEGER, as in <math.h> and <float.h>', () => {
    const h = recvHeaders(`set req.http.A = math.PI "/" math.E "/" math.INTEGER_BIT "/" math.FLOAT_DIG "/" math.NAN "/" math.NEG_INFINITY;
if (math.POS_INFINITY > math.FLOAT_MAX && math.TAU == math.2PI && math.FLOAT_EPSILON > 0.0) { set req.http.B = "ordered"; }`);
    expect([h.get('A'), h.get('B')]).toEqual(['3.142/2.718/64/15/NaN/-inf', 'ordered']);
  });
});

describe('deprecated variables', () => {
  it('are accepted, with a lint warning that names what to use instead', () => {
    const found = allDiagnostics(lintSource('sub vcl_recv {\n#FASTLY recv\nif (client.platform.ereader) { return(pass); }\n}\n', 'main.vcl')).filter((d) => d.rule === 'deprecated-variable');
    expect(found.map((d) => [d.line, d.severity, d.message])).toEqual([[3, 'warning', 'client.platform.ereader is deprecated: use client.platform.hwtype instead']]);
  });
});
