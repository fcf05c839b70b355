// Values of predefined variables against falco's tables (ysugimoto/falco interpreter/variable/*_test.go:
// all_test.go, backend_test.go, beresp_backend_scope_test.go, variable_test.go) and the examples on
// Fastly's variable pages (https://www.fastly.com/documentation/reference/vcl/variables/…), each cited.
// The VCL is ours; where vcl-edge differs, a comment says why.
import { describe, expect, it } from 'vitest';
import { compile, type RequestInit } from '../src/index.js';
import { startTestEdge } from './helpers/edge.js';

const DECLS = 'backend example { .host = "127.0.0.1"; .port = "8443"; }\nratecounter rc { }\npenaltybox pb { }\n';

/** Run a vcl_recv body for a request; read a request header back. */
function recv(body: string, request: RequestInit = {}): (name: string) => string | null {
  const r = compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv(request);
  return (name) => r.req.headers.get(name);
}

/** req.url and the four parts Fastly derives from it, for one request URL. */
function urlParts(url: string): string[] {
  const read = recv('set req.http.U = req.url; set req.http.P = req.url.path; set req.http.D = req.url.dirname; set req.http.B = req.url.basename; set req.http.E = req.url.ext; set req.http.Q = req.url.qs;', { url });
  return ['U', 'P', 'D', 'B', 'E', 'Q'].map((n) => read(n)!);
}

describe('the req.url family', () => {
  it('odd URLs: escapes, symbols and blanks kept as sent (falco all_test.go TestReqUrl)', () => {
    expect(urlParts('/foo/bar.baz')).toEqual(['/foo/bar.baz', '/foo/bar.baz', '/foo', 'bar.baz', 'baz', '']);
    expect(urlParts('/f%6Fo/b%61r.b%61z')).toEqual(['/f%6Fo/b%61r.b%61z', '/f%6Fo/b%61r.b%61z', '/f%6Fo', 'b%61r.b%61z', 'b%61z', '']);
    expect(urlParts('/fo&/ba*r.b$z')).toEqual(['/fo&/ba*r.b$z', '/fo&/ba*r.b$z', '/fo&', 'ba*r.b$z', 'b$z', '']);
    expect(urlParts('/a b/c d.ex t')).toEqual(['/a b/c d.ex t', '/a b/c d.ex t', '/a b', 'c d.ex t', 'ex t', '']);
  });

  it('the examples of the req.url, req.url.path, req.url.qs and req.url.ext pages', () => {
    // client-request/req-url, req-url-qs, req-url-ext: www.example.com/index.html?a=1&b=2
    expect(urlParts('/index.html?a=1&b=2')).toEqual(['/index.html?a=1&b=2', '/index.html', '/', 'index.html', 'html', 'a=1&b=2']);
    // client-request/req-url-path: www.example.com/inner/index.html?a=1&b=2
    expect(urlParts('/inner/index.html?a=1&b=2')[1]).toBe('/inner/index.html');
    // req-url-ext: only the last extension; none gives ""
    expect(urlParts('/foo.bar.txt')[4]).toBe('txt');
    expect(urlParts('/foo/bar')[4]).toBe('');
  });

  it('the examples of the req.url.dirname and req.url.basename pages', () => {
    expect(urlParts('/1/hello.gif?foo=bar').slice(2, 4)).toEqual(['/1', 'hello.gif']);
    expect(urlParts('/5/inner/hello.gif?foo=bar')[2]).toBe('/5/inner');
    expect(urlParts('/xyz/abc?xyz')[2]).toBe('/xyz'); // "the slash after a directory is required"
    expect(urlParts('/hello.html')[2]).toBe('/'); // "given as / when the directory is absent entirely"
    expect(urlParts('/foo/bar/')[2]).toBe('/foo/bar'); // "any trailing slash is stripped"
  });

  it('the parts follow req.url when VCL sets it ("updated any time req.url is set")', () => {
    const read = recv('set req.url = "/new/page.json?x=1"; set req.http.P = req.url.path; set req.http.E = req.url.ext; set req.http.Q = req.url.qs;', { url: '/old.html' });
    expect(['P', 'E', 'Q'].map(read)).toEqual(['/new/page.json', 'json', 'x=1']);
  });

  it('bereq.url.* are the same parts of bereq.url (backend-request/bereq-url-dirname, -ext)', async () => {
    const service = compile(`${DECLS}sub vcl_miss { set bereq.http.D = bereq.url.dirname; set bereq.http.B = bereq.url.basename; set bereq.http.E = bereq.url.ext; set bereq.http.Q = bereq.url.qs; set bereq.http.P = bereq.url.path; }`);
    const res = await service.run({ url: '/5/inner/foo.bar.txt?a=1' }, { origin: { status: 200 } });
    const h = res.backendRequests[0]!.headers;
    expect(['D', 'B', 'E', 'Q', 'P'].map((n) => h.get(n))).toEqual(['/5/inner', 'foo.bar.txt', 'txt', 'a=1', '/5/inner/foo.bar.txt']);
  });
});

describe('req.body (falco all_test.go TestReqBodyWithNilBody)', () => {
  const vcl = `${DECLS}sub vcl_recv { set req.http.B = if(req.body, "[" req.body "]", "not set"); set req.http.B64 = if(req.body.base64, "[" req.body.base64 "]", "not set"); error 601; }
sub vcl_error { set obj.http.B = req.http.B; set obj.http.B64 = req.http.B64; }`;

  it('a POST or PUT with an empty body reads as "" through the server (real sockets)', async () => {
    const edge = await startTestEdge(vcl);
    try {
      for (const method of ['POST', 'PUT']) {
        const withLength = await fetch(`${edge.url}/`, { method, headers: { 'Content-Length': '0' } });
        expect([withLength.headers.get('B'), withLength.headers.get('B64')], method).toEqual(['[]', '[]']);
      }
      const small = await fetch(`${edge.url}/`, { method: 'POST', body: 'a=1' });
      expect([small.headers.get('B'), small.headers.get('B64')]).toEqual(['[a=1]', '[YT0x]']);
    } finally {
      await edge.close();
    }
  });

  it('through the API: an empty body reads as ""; PATCH has none (Fastly documents POST and PUT)', () => {
    expect(recv('set req.http.B = req.body;', { method: 'POST', body: '' })('B')).toBe('');
    // falco gives "" for PATCH too; Fastly's req.body page speaks of POST and PUT only.
    expect(recv('set req.http.B = req.body;', { method: 'PATCH', body: 'x' })('B')).toBeNull();
  });
});

describe('declared objects (falco all_test.go TestGetFromRegex)', () => {
  it('backend health, connection counts and rate counters of a fresh service', () => {
    const read = recv('set req.http.H = backend.example.healthy; set req.http.O = backend.example.connections_open; set req.http.U = backend.example.connections_used; set req.http.B = ratecounter.rc.bucket.10s; set req.http.R = ratecounter.rc.rate.10s;');
    expect(['H', 'O', 'U', 'B', 'R'].map(read)).toEqual(['1', '0', '0', '0', '0.000']);
  });
});

describe('backend facts (falco backend_test.go, beresp_backend_scope_test.go)', () => {
  const origin = { status: 200, body: 'OK' };

  it('req.backend.port is the declared .port as an INTEGER in deliver, error and log', async () => {
    const service = compile(`${DECLS}sub vcl_recv { if (req.url == "/err") { error 600; } }
sub vcl_deliver { set resp.http.P = req.backend.port; }
sub vcl_error { set obj.http.P = req.backend.port; }`);
    const delivered = await service.run({ url: '/' }, { origin });
    expect(delivered.headers.get('P')).toBe('8443');
    const errored = await service.run({ url: '/err' }, { origin });
    expect(errored.headers.get('P')).toBe('8443');
  });

  it('beresp.backend.name is the backend in fetch and deliver; empty where no backend answered', async () => {
    const service = compile(`${DECLS}sub vcl_recv { if (req.url == "/err") { error 600; } }
sub vcl_fetch { set beresp.http.F = beresp.backend.name; }
sub vcl_deliver { set resp.http.D = beresp.backend.name; }
sub vcl_error { set obj.http.E = "[" beresp.backend.name "]"; }`);
    const delivered = await service.run({ url: '/' }, { origin });
    expect([delivered.headers.get('F'), delivered.headers.get('D')]).toEqual(['example', 'example']);
    const errored = await service.run({ url: '/err' }, { origin });
    expect(errored.headers.get('E')).toBe('[]');
  });
});

describe('overrides of environment variables (falco variable_test.go)', () => {
  it('a STRING, an INTEGER, and an IP given as text', () => {
    const service = compile(`${DECLS}sub vcl_recv { set req.http.Bot = client.bot.name; set req.http.Area = client.geo.area_code; set req.http.Ip = client.ip; }`);
    const r = service.recv({ overrides: { 'client.bot.name': 'overridden', 'client.geo.area_code': 200 }, clientIp: '2001:db8::1' });
    expect(['Bot', 'Area', 'Ip'].map((n) => r.req.headers.get(n))).toEqual(['overridden', '200', '2001:db8::1']);
  });
});

describe('the cache key (cache-object/req-digest, subroutines/hash)', () => {
  it('req.digest is 64 hex digits of the vcl_hash key; another key, another digest', async () => {
    const service = compile(`${DECLS}sub vcl_deliver { set resp.http.D = req.digest; }`);
    const a = (await service.run({ url: '/a', headers: { Host: 'example.com' } })).headers.get('D')!;
    const b = (await service.run({ url: '/b', headers: { Host: 'example.com' } })).headers.get('D')!;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it('the default key holds req.url and req.http.host, the Host lowercased before VCL (subroutines/hash)', async () => {
    const service = compile(`${DECLS}sub vcl_deliver { set resp.http.D = req.digest; }`);
    const digest = async (url: string, host: string) => (await service.run({ url, headers: { Host: host } })).headers.get('D');
    const base = await digest('/hello.html', 'example.com');
    expect(await digest('/hello.html', 'Example.COM')).toBe(base);
    expect(await digest('/hello.html', 'www.example.com')).not.toBe(base);
    expect(await digest('/hello.html?foo=42', 'example.com')).not.toBe(base);
  });
});

describe('req.hash (cache-object/req-hash)', () => {
  it('the page example `set req.hash += req.vcl.generation;` adds to the key, so the digest changes', async () => {
    const plain = compile(`${DECLS}sub vcl_deliver { set resp.http.D = req.digest; }`);
    const added = compile(`${DECLS}sub vcl_hash { set req.hash += req.url; set req.hash += req.http.host; set req.hash += req.vcl.generation; }\nsub vcl_deliver { set resp.http.D = req.digest; }`);
    const request = { url: '/hello.html', headers: { Host: 'example.com' } };
    const a = (await plain.run(request)).headers.get('D');
    const b = (await added.run(request)).headers.get('D');
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
  });
});

describe('fastly_info.state (miscellaneous/fastly-info-state)', () => {
  it('MISS on a miss, PASS on a pass, HIT on a hit, in vcl_deliver', async () => {
    const { HttpCache } = await import('../src/index.js');
    const service = compile(`${DECLS}sub vcl_recv { if (req.url == "/pass") { return (pass); } }\nsub vcl_deliver { set resp.http.S = fastly_info.state; }`);
    const cache = new HttpCache();
    const origin = { status: 200, headers: { 'Cache-Control': 'max-age=60' }, body: 'OK' };
    expect((await service.run({ url: '/pass' }, { origin, cache })).headers.get('S')).toBe('PASS');
    expect((await service.run({ url: '/x' }, { origin, cache })).headers.get('S')).toBe('MISS');
    expect((await service.run({ url: '/x' }, { origin, cache })).headers.get('S')).toBe('HIT');
  });
});

describe('time (date-and-time/time-now, time-now-sec)', () => {
  it('now is RFC 1123 in GMT, now.sec its epoch seconds, time.start the start of the request', () => {
    const at = Date.UTC(2014, 10, 16, 15, 20, 53); // the time.now page's "Sun, 16 Nov 2014 15:20:53 GMT"
    const read = recv('set req.http.N = now; set req.http.S = now.sec; set req.http.T = time.start; set req.http.TS = time.start.sec;', { time: at });
    expect(['N', 'S', 'T', 'TS'].map(read)).toEqual(['Sun, 16 Nov 2014 15:20:53 GMT', String(at / 1000), 'Sun, 16 Nov 2014 15:20:53 GMT', String(at / 1000)]);
  });

  it("Fastly's generated X-Timer line: S, time.start.sec, '.', time.start.usec_frac (6 digits)", () => {
    const at = Date.UTC(2014, 10, 16, 15, 20, 53) + 250;
    const read = recv('set req.http.X-Timer = "S" time.start.sec "." time.start.usec_frac; set req.http.M = time.start.msec_frac;', { time: at });
    expect([read('X-Timer'), read('M')]).toEqual(['S1416151253.250000', '250']);
  });

  it('time.elapsed is an RTIME: seconds with 3 decimals', () => {
    expect(recv('set req.http.E = time.elapsed;')('E')).toMatch(/^\d+\.\d{3}$/);
  });
});

describe('the objects in their scopes (variables/cache-object, client-response, backend-request)', () => {
  it('obj.hits is 0 on a miss and counts the hits; obj.status and obj.response are the stored answer', async () => {
    const { HttpCache } = await import('../src/index.js');
    const service = compile(`${DECLS}sub vcl_hit { set req.http.Hit = obj.status " " obj.response; }\nsub vcl_deliver { set resp.http.Hits = obj.hits; set resp.http.Hit = req.http.Hit; }`);
    const cache = new HttpCache();
    const origin = { status: 200, headers: { 'Cache-Control': 'max-age=60' }, body: 'OK' };
    const hits = async () => (await service.run({ url: '/x' }, { origin, cache })).headers;
    expect((await hits()).get('Hits')).toBe('0');
    const second = await hits();
    expect([second.get('Hits'), second.get('Hit')]).toEqual(['1', '200 OK']);
    expect((await hits()).get('Hits')).toBe('2');
  });

  it('resp.status and resp.response in vcl_deliver and vcl_log; bereq.method and bereq.url in vcl_miss', async () => {
    const service = compile(`${DECLS}sub vcl_miss { set bereq.http.Seen = bereq.method " " bereq.url; }
sub vcl_deliver { set resp.http.S = resp.status " " resp.response; set resp.status = 201; }
sub vcl_log { log "syslog " req.service_id " out :: " resp.status; }`);
    const res = await service.run({ url: '/a?b=1' }, { origin: { status: 200, body: 'OK' } });
    expect(res.backendRequests[0]!.headers.get('Seen')).toBe('GET /a?b=1');
    expect([res.status, res.headers.get('S')]).toEqual([201, '200 OK']);
    expect(res.logs.map((l) => l.message)).toEqual(['201']);
  });

  it('client.ip and req.is_ipv6 read the client address (client-connection/client-ip)', () => {
    const v4 = recv('set req.http.Ip = client.ip; set req.http.V6 = req.is_ipv6;', { clientIp: '192.0.2.7' });
    expect([v4('Ip'), v4('V6')]).toEqual(['192.0.2.7', '0']);
    const v6 = recv('set req.http.Ip = client.ip; set req.http.V6 = req.is_ipv6;', { clientIp: '2001:db8::1' });
    expect([v6('Ip'), v6('V6')]).toEqual(['2001:db8::1', '1']);
  });
});
