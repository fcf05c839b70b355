// Purging, forced misses, HEAD / conditional / range requests on cached objects, the cache's size
// limit, and how restart, error, vcl_hit and vcl_miss meet the cache: a real edge and a counting origin.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { closedAfterEach } from './helpers/cleanup.js';

const track = closedAfterEach();

const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") { return(pass); }
  if (req.http.X-Always-Miss) { set req.hash_always_miss = true; }
  if (req.http.X-Error) { error 600; }
  return(lookup);
}
sub vcl_hit {
#FASTLY hit
  if (req.http.X-Hit-Pass) { return(pass); }
  return(deliver);
}
sub vcl_miss {
#FASTLY miss
  set bereq.http.X-From-Miss = "added in vcl_miss";
  return(fetch);
}
sub vcl_fetch {
#FASTLY fetch
  if (beresp.status == 404 && req.restarts == 0) { set req.url = "/fallback"; restart; }
  return(deliver);
}
sub vcl_error {
#FASTLY error
  if (obj.status == 600) { set obj.status = 200; synthetic "made at the edge"; return(deliver); }
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Is-Purge = req.is_purge;
}
`;

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

async function setup(options: { cacheBytes?: number; bodyOf?: (url: string) => string; headersOf?: (url: string) => Record<string, string>; statusOf?: (url: string) => number } = {}) {
  const seen: Seen[] = [];
  const origin = track(
    await startHttpOrigin((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const n = seen.filter((s) => s.url === req.url).length;
      const headers = { 'Cache-Control': 'max-age=60', ETag: '"v1"', 'Last-Modified': 'Mon, 01 Jan 2024 00:00:00 GMT', ...options.headersOf?.(req.url ?? '') };
      res.writeHead(options.statusOf?.(req.url ?? '') ?? 200, headers).end(options.bodyOf?.(req.url ?? '') ?? `${req.url} #${n}`);
    }),
  );
  const edge = track(await startTestEdge(VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` }, cacheBytes: options.cacheBytes }));
  const count = (url: string) => seen.filter((s) => s.url === url).length;
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${edge.url}${path}`, init);
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  return { edge, seen, count, get };
}

describe('purge (guides/full-site-delivery/purging)', () => {
  it('PURGE on a URL reaches VCL as FASTLYPURGE and removes that object, every variant of it', async () => {
    const { count, get } = await setup({ headersOf: () => ({ 'Cache-Control': 'max-age=60', Vary: 'Accept-Language' }) });
    for (const lang of ['de', 'fr']) await get('/page', { headers: { 'Accept-Language': lang } });
    await get('/other');
    const purge = await get('/page', { method: 'PURGE' });
    expect(purge.status).toBe(200);
    expect(JSON.parse(purge.body)).toMatchObject({ status: 'ok' });
    expect(purge.headers.get('x-is-purge')).toBe('1');
    for (const lang of ['de', 'fr']) expect((await get('/page', { headers: { 'Accept-Language': lang } })).headers.get('x-cache')).toBe('MISS');
    expect((await get('/other')).headers.get('x-cache')).toBe('HIT');
    expect([count('/page'), count('/other')]).toEqual([4, 1]);
  });

  it('Fastly-Soft-Purge: 1 marks the object stale: served while revalidated when it allows stale-while-revalidate', async () => {
    const { count, get } = await setup({ headersOf: () => ({ 'Cache-Control': 'max-age=60, stale-while-revalidate=60' }) });
    await get('/soft');
    await get('/soft', { method: 'PURGE', headers: { 'Fastly-Soft-Purge': '1' } });
    expect((await get('/soft')).body).toBe('/soft #1'); // stale, while the background fetch runs
    for (let i = 0; i < 50 && count('/soft') < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count('/soft')).toBe(2);
  });

  it('purges by Surrogate-Key through the cache API (the edge has no purge-by-key endpoint: Fastly\'s is its control API)', async () => {
    const { edge, count, get } = await setup({ headersOf: (url) => ({ 'Cache-Control': 'max-age=60', 'Surrogate-Key': url === '/k3' ? 'other' : 'news  front' }) });
    for (const path of ['/k1', '/k2', '/k3']) await get(path);
    expect(edge.server.cache.purgeSurrogateKey('front', false, Date.now())).toBe(2);
    for (const path of ['/k1', '/k2', '/k3']) await get(path);
    expect(['/k1', '/k2', '/k3'].map(count)).toEqual([2, 2, 1]);
  });

  it('req.hash_always_miss fetches afresh and replaces the object', async () => {
    const { count, get } = await setup();
    await get('/forced');
    expect((await get('/forced', { headers: { 'X-Always-Miss': '1' } })).body).toBe('/forced #2');
    expect((await get('/forced')).body).toBe('/forced #2');
    expect(count('/forced')).toBe(2);
  });
});

describe('HEAD, conditional and range requests on cached objects', () => {
  it('a HEAD miss fetches a GET from the origin and fills the cache for both', async () => {
    const { seen, get } = await setup();
    const head = await get('/head', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
    expect(seen.map((s) => s.method)).toEqual(['GET']);
    const headHit = await get('/head', { method: 'HEAD' });
    expect([headHit.body, headHit.headers.get('x-cache'), headHit.headers.get('content-length')]).toEqual(['', 'HIT', String('/head #1'.length)]);
    const body = await get('/head');
    expect([body.body, body.headers.get('x-cache')]).toEqual(['/head #1', 'HIT']);
    expect(seen.length).toBe(1);
  });

  it('answers If-None-Match and If-Modified-Since from the cached object with 304', async () => {
    const { count, get } = await setup();
    await get('/cond');
    expect((await get('/cond', { headers: { 'If-None-Match': '"v1"' } })).status).toBe(304);
    expect((await get('/cond', { headers: { 'If-None-Match': 'W/"v1", "v0"' } })).status).toBe(304);
    expect((await get('/cond', { headers: { 'If-None-Match': '"v2"' } })).status).toBe(200);
    expect((await get('/cond', { headers: { 'If-Modified-Since': 'Tue, 02 Jan 2024 00:00:00 GMT' } })).status).toBe(304);
    expect((await get('/cond', { headers: { 'If-Modified-Since': 'Sun, 31 Dec 2023 00:00:00 GMT' } })).status).toBe(200);
    expect(count('/cond')).toBe(1);
  });

  it('a conditional or range miss fetches the whole object without the conditions, then answers as a hit would', async () => {
    const { seen, get } = await setup({ bodyOf: () => '0123456789' });
    const range = await get('/cold-range', { headers: { Range: 'bytes=0-1' } });
    expect([range.status, range.body, range.headers.get('x-cache')]).toEqual([206, '01', 'MISS']);
    expect((await get('/cold-etag', { headers: { 'If-None-Match': '"v1"' } })).status).toBe(304);
    expect(seen.map((s) => [s.url, s.headers['if-none-match'], s.headers.range])).toEqual([
      ['/cold-range', undefined, undefined],
      ['/cold-etag', undefined, undefined],
    ]);
    expect((await get('/cold-range')).body).toBe('0123456789'); // the whole object was cached
  });

  it('a range miss on an object bigger than the cache takes is sent whole, intact', async () => {
    const big = 'x'.repeat(17 * 1024 * 1024);
    const { get } = await setup({ bodyOf: () => big });
    const res = await get('/big', { headers: { Range: 'bytes=0-9' } });
    expect([res.status, res.body.length, res.body === big]).toEqual([200, big.length, true]);
  });

  it('serves one byte range of a cached object as 206, and 416 past its end', async () => {
    const { count, get } = await setup({ bodyOf: () => '0123456789' });
    await get('/range');
    const part = await get('/range', { headers: { Range: 'bytes=2-5' } });
    expect([part.status, part.body, part.headers.get('content-range'), part.headers.get('content-length')]).toEqual([206, '2345', 'bytes 2-5/10', '4']);
    const suffix = await get('/range', { headers: { Range: 'bytes=-3' } });
    expect([suffix.status, suffix.body]).toEqual([206, '789']);
    const open = await get('/range', { headers: { Range: 'bytes=7-' } });
    expect([open.status, open.body]).toEqual([206, '789']);
    const past = await get('/range', { headers: { Range: 'bytes=20-30' } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */10']);
    expect(count('/range')).toBe(1);
  });

  // RFC 9110 §13.1.5: a range is sent only if If-Range matches the object (a strong ETag, or exactly its
  // Last-Modified date); otherwise the whole object, so a resumed download never splices two versions.
  it('a range with an If-Range that no longer matches the object gets the whole object; one that matches gets the range', async () => {
    const { count, get } = await setup({ bodyOf: () => '0123456789' });
    await get('/if-range');
    const range = (ifRange: string) => get('/if-range', { headers: { Range: 'bytes=2-5', 'If-Range': ifRange } });
    for (const stale of ['"v0"', 'W/"v1"', 'Sun, 31 Dec 2023 00:00:00 GMT', 'Tue, 02 Jan 2024 00:00:00 GMT', 'not a validator']) {
      const whole = await range(stale);
      expect([stale, whole.status, whole.body]).toEqual([stale, 200, '0123456789']);
    }
    for (const current of ['"v1"', 'Mon, 01 Jan 2024 00:00:00 GMT']) {
      const part = await range(current);
      expect([current, part.status, part.body]).toEqual([current, 206, '2345']);
    }
    expect(count('/if-range')).toBe(1);
  });
});

describe('the cache size limit (--cache-size)', () => {
  it('evicts the least recently used object and passes an object bigger than the cache through intact', async () => {
    const { count, get } = await setup({ cacheBytes: 3000, bodyOf: (url) => (url === '/huge' ? 'h'.repeat(5000) : url.padEnd(1000, '.')) });
    await get('/a');
    await get('/b');
    await get('/a'); // a is used again: b is now the least recently used
    await get('/c'); // a, b and c do not all fit: b goes
    expect((await get('/a')).headers.get('x-cache')).toBe('HIT');
    expect((await get('/b')).headers.get('x-cache')).toBe('MISS');
    const huge = await get('/huge');
    expect(huge.body).toBe('h'.repeat(5000));
    expect((await get('/huge')).body).toBe('h'.repeat(5000));
    expect([count('/a'), count('/b'), count('/huge')]).toEqual([1, 2, 2]);
  });
});

describe('restart, error, vcl_hit and vcl_miss with the cache', () => {
  it('a restart in vcl_fetch looks up the new URL, and what it fetches is cached under that URL', async () => {
    const { count, get } = await setup({ statusOf: (url) => (url === '/missing' ? 404 : 200) });
    expect((await get('/missing')).body).toBe('/fallback #1');
    expect((await get('/fallback')).headers.get('x-cache')).toBe('HIT');
    expect(count('/fallback')).toBe(1);
  });

  it('an error from vcl_recv is made at the edge and not cached; the object stays for other requests', async () => {
    const { count, get } = await setup();
    await get('/e');
    const made = await get('/e', { headers: { 'X-Error': '1' } });
    expect([made.status, made.body]).toEqual([200, 'made at the edge']);
    expect((await get('/e')).headers.get('x-cache')).toBe('HIT');
    expect(count('/e')).toBe(1);
  });

  it('vcl_hit return(pass) goes to the origin and leaves the object; vcl_miss edits reach the origin', async () => {
    const { seen, get } = await setup();
    await get('/h');
    const passed = await get('/h', { headers: { 'X-Hit-Pass': '1' } });
    expect([passed.body, passed.headers.get('x-cache')]).toEqual(['/h #2', 'MISS']);
    expect((await get('/h')).body).toBe('/h #1');
    expect(seen.map((s) => s.headers['x-from-miss'] ?? '-')).toEqual(['added in vcl_miss', '-']);
  });
});
