import { describe, expect, it } from 'vitest';
import { compile, HttpCache, loadVcl } from '../src/index.js';

const main = () => loadVcl(new URL('../fixtures/main.vcl', import.meta.url).pathname);

describe('request lifecycle without sockets', () => {
  it('upgrades a WebSocket request to the ws backend with X-User set, and runs vcl_log', async () => {
    const res = await main().run({ url: '/chat', headers: { Upgrade: 'websocket', Cookie: 'user=ada' } });
    expect(res.state).toBe('upgrade');
    expect(res.backend).toBe('F_ws');
    expect(res.req.headers.get('x-user')).toBe('ada');
    expect(res.backendRequests).toHaveLength(0);
    expect(res.called).toEqual(['vcl_recv', 'vcl_log']);
    expect(res.logs[0]!.endpoint).toBe('access');
    expect(res.logs[0]!.message).toMatch(/^GET \/chat 101 id=/);
  });

  it('looks up, misses, fetches, then hits from a shared cache', async () => {
    const svc = main();
    const cache = new HttpCache();
    const origin = { status: 200, headers: { 'Cache-Control': 'max-age=60' }, body: 'hello' };
    const first = await svc.run({ url: '/page' }, { origin, cache });
    expect(first).toMatchObject({ state: 'lookup', status: 200, body: 'hello', cache: 'MISS' });
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.called).toEqual(['vcl_recv', 'vcl_hash', 'vcl_miss', 'vcl_fetch', 'vcl_deliver', 'vcl_log']);
    const second = await svc.run({ url: '/page' }, { origin, cache });
    expect(second).toMatchObject({ status: 200, body: 'hello', cache: 'HIT' });
    expect(second.backendRequests).toHaveLength(0);
    expect(second.called).toContain('vcl_hit');
  });

  it('does not cache a response that sets a cookie', async () => {
    const svc = main();
    const cache = new HttpCache();
    const origin = { headers: { 'Set-Cookie': 'a=1', 'Cache-Control': 'max-age=60' }, body: 'x' };
    await svc.run({ url: '/c' }, { origin, cache });
    const again = await svc.run({ url: '/c' }, { origin, cache });
    expect(again.backendRequests).toHaveLength(1);
    // As on Fastly, X-Cache reports MISS: the first request's pass, decided in vcl_fetch, left a
    // hit-for-pass object, so this one went through vcl_pass.
    expect(again.headers.get('x-cache')).toBe('MISS');
    expect(again.called).toContain('vcl_pass');
  });

  it('passes POST requests and sends the VCL-rewritten URL to the origin', async () => {
    const res = await main().run({ method: 'POST', url: '/form?utm_source=t&z=1&a=2' }, { origin: (b) => ({ body: `${b.method} ${b.url} via ${b.backend}` }) });
    expect(res.state).toBe('pass');
    expect(res.body).toBe('POST /form?a=2&z=1 via F_app');
  });

  it('turns a table redirect into a 301 via vcl_error', async () => {
    const res = await main().run({ url: '/old', headers: { Host: 'example.com' } });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://example.com/');
    expect(res.body).toBe('');
  });

  it('answers 503 through vcl_error when the origin fails', async () => {
    const svc = compile('backend b { .host = "127.0.0.1"; } sub vcl_recv { return(pass); }');
    const res = await svc.run({}, { origin: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(res.status).toBe(503);
    expect(res.context.fastlyError).toContain('ECONNREFUSED');
  });

  it('restarts at most three times, then answers 503', async () => {
    const svc = compile('backend b { .host = "127.0.0.1"; } sub vcl_recv { if (req.restarts < 10) { restart; } }');
    const res = await svc.run();
    expect(res.restarts).toBe(4);
    expect(res.status).toBe(503);
  });

  it('restart from vcl_deliver re-runs vcl_recv with req preserved', async () => {
    const svc = compile(`backend b { .host = "127.0.0.1"; }
      sub vcl_recv { if (req.restarts == 1) { set req.http.X-Second = "yes"; } return(pass); }
      sub vcl_deliver { if (resp.status == 404 && req.restarts == 0) { set req.url = "/fallback"; restart; } }`);
    const res = await svc.run({ url: '/missing' }, { origin: (b) => (b.url === '/missing' ? { status: 404 } : { body: b.headers.get('x-second') ?? '' }) });
    expect(res.restarts).toBe(1);
    expect(res.status).toBe(200);
    expect(res.body).toBe('yes');
  });

  it('starts the cache key afresh on restart', async () => {
    const svc = compile(`backend b { .host = "127.0.0.1"; }
      sub vcl_recv { return(lookup); }
      sub vcl_hash { set req.hash += req.url; set req.http.X-Hash = req.hash; return(hash); }
      sub vcl_deliver { set resp.http.X-Hash = req.http.X-Hash; if (resp.status == 404 && req.restarts == 0) { set req.url = "/fallback"; restart; } }`);
    const cache = new HttpCache();
    const origin = (b: { url: string }) => (b.url === '/missing' ? { status: 404 } : { headers: { 'Cache-Control': 'max-age=60' }, body: 'fallback' });
    await svc.run({ url: '/fallback' }, { origin, cache });
    const res = await svc.run({ url: '/missing' }, { origin, cache });
    expect(res.headers.get('x-hash')).toBe('/fallback');
    expect(res.cache).toBe('HIT');
  });

  it('caches a response once vcl_fetch removed its Set-Cookie', async () => {
    const svc = compile(`backend b { .host = "127.0.0.1"; }
      sub vcl_recv { return(lookup); }
      sub vcl_fetch { unset beresp.http.Set-Cookie; set beresp.ttl = 1h; return(deliver); }`);
    const cache = new HttpCache();
    const origin = { headers: { 'Set-Cookie': 'a=b' }, body: 'x' };
    await svc.run({ url: '/x' }, { origin, cache });
    expect((await svc.run({ url: '/x' }, { origin, cache })).cache).toBe('HIT');
  });

  it('keeps one variant per value of the headers a response varies on', async () => {
    const svc = compile('backend b { .host = "127.0.0.1"; }\nsub vcl_recv { return(lookup); }');
    const cache = new HttpCache();
    const origin = (b: { headers: { get(n: string): string | null } }) => ({
      headers: { 'Cache-Control': 'max-age=60', Vary: 'Accept-Encoding' },
      body: b.headers.get('accept-encoding') === 'gzip' ? 'gzipped' : 'plain',
    });
    const gzip = { url: '/v', headers: { 'Accept-Encoding': 'gzip' } };
    expect((await svc.run(gzip, { origin, cache })).body).toBe('gzipped');
    const plain = await svc.run({ url: '/v' }, { origin, cache });
    expect([plain.body, plain.cache]).toEqual(['plain', 'MISS']);
    const again = await svc.run(gzip, { origin, cache });
    expect([again.body, again.cache]).toEqual(['gzipped', 'HIT']);
  });
});
