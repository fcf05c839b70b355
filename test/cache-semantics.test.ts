// The cache as Fastly's behaves, seen from outside: a real edge on 127.0.0.1 in front of a real origin
// that counts what it is asked. Each Fastly fact is cited where it is tested.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { closedAfterEach } from './helpers/cleanup.js';

const track = closedAfterEach();

/** Fastly's boilerplate, with what the tests read back: beresp's initial TTL and stale periods. */
const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") { return(pass); }
  if (req.http.X-Always-Miss) { set req.hash_always_miss = true; }
  return(lookup);
}
sub vcl_miss {
#FASTLY miss
  set bereq.http.X-Miss = "1";
  return(fetch);
}
sub vcl_fetch {
#FASTLY fetch
  set beresp.http.X-Initial-TTL = beresp.ttl;
  set beresp.http.X-SWR = beresp.stale_while_revalidate;
  set beresp.http.X-SIE = beresp.stale_if_error;
  if (req.url ~ "^/ttl-in-vcl") { set beresp.ttl = 5s; }
  if (beresp.http.Set-Cookie) { return(pass); }
  if (beresp.http.Cache-Control ~ "(?:private|no-store)") { return(pass); }
  return(deliver);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Obj-Hits = obj.hits;
  set resp.http.X-State = fastly_info.state;
  return(deliver);
}
`;

/** Without a vcl_deliver, Fastly's own runs: the engine plays its generated X-Cache code and header stripping. */
const NO_DELIVER_VCL = VCL.slice(0, VCL.indexOf('sub vcl_deliver'));

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

interface Answer {
  status?: number;
  headers?: Record<string, string | undefined>;
  body?: string;
}

/** An origin answering each path with the headers `routes` gives it, counting requests per path. */
async function countingOrigin(routes: (url: string, n: number) => Answer) {
  const seen: Seen[] = [];
  const origin = track(
    await startHttpOrigin((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const n = seen.filter((s) => s.url === req.url).length;
      const answer = routes(req.url ?? '/', n);
      res.writeHead(answer.status ?? 200, definedOnly(answer.headers)).end(answer.body ?? `body of ${req.url} #${n}`);
    }),
  );
  const count = (url: string) => seen.filter((s) => s.url === url).length;
  return { origin, seen, count };
}

/** The headers that have a value (an answer's optional ones may be left undefined). */
function definedOnly(headers: Answer['headers'] = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

async function edgeFor(port: number, vcl = VCL) {
  return track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${port}` } }));
}

async function get(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('cache: TTL from the origin headers (guides/concepts/edge-state/cache/cache-freshness)', () => {
  it('prefers Surrogate-Control max-age, then s-maxage, then max-age, then Expires, else 3600 s', async () => {
    const later = new Date(Date.now() + 50_000).toUTCString();
    const { origin } = await countingOrigin((url) => {
      if (url === '/sc') return { headers: { 'Surrogate-Control': 'max-age=10', 'Cache-Control': 's-maxage=20, max-age=30' } };
      if (url === '/smax') return { headers: { 'Cache-Control': 's-maxage=20, max-age=30', Expires: later } };
      if (url === '/max') return { headers: { 'Cache-Control': 'max-age=30', Expires: later } };
      if (url === '/expires') return { headers: { Date: new Date().toUTCString(), Expires: later } };
      return {};
    });
    const edge = await edgeFor(origin.port);
    const ttl = async (path: string) => Number((await get(`${edge.url}${path}`)).headers.get('x-initial-ttl'));
    expect(await ttl('/sc')).toBe(10);
    expect(await ttl('/smax')).toBe(20);
    expect(await ttl('/max')).toBe(30);
    expect(Math.abs((await ttl('/expires')) - 50)).toBeLessThanOrEqual(2);
    expect(await ttl('/none')).toBe(3600);
  });

  it("subtracts the origin's Age from max-age and counts it into the Age it serves (reference/http/http-headers/Age)", async () => {
    // The page's example: "Cache-Control: max-age=30, Age: 10" gives beresp.ttl 20.
    const { origin } = await countingOrigin(() => ({ headers: { 'Cache-Control': 'max-age=30', Age: '10' } }));
    const edge = await edgeFor(origin.port);
    const miss = await get(`${edge.url}/aged`);
    expect(miss.headers.get('x-initial-ttl')).toBe('20.000');
    const hit = await get(`${edge.url}/aged`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(10);
    expect(Number(hit.headers.get('age'))).toBeLessThan(13);
  });

  it('reads stale-while-revalidate and stale-if-error from Surrogate-Control, else Cache-Control', async () => {
    const { origin } = await countingOrigin((url) =>
      url === '/both'
        ? { headers: { 'Surrogate-Control': 'max-age=60, stale-while-revalidate=7', 'Cache-Control': 'max-age=5, stale-while-revalidate=99, stale-if-error=8' } }
        : { headers: { 'Cache-Control': 'max-age=5, stale-while-revalidate=3, stale-if-error=4' } },
    );
    const edge = await edgeFor(origin.port);
    const both = await get(`${edge.url}/both`);
    expect([both.headers.get('x-swr'), both.headers.get('x-sie')]).toEqual(['7.000', '8.000']);
    const cc = await get(`${edge.url}/cc`);
    expect([cc.headers.get('x-swr'), cc.headers.get('x-sie')]).toEqual(['3.000', '4.000']);
  });

  it('keeps an object for the beresp.ttl VCL set, whatever the headers said', async () => {
    const { origin, count } = await countingOrigin(() => ({ headers: { 'Cache-Control': 'max-age=0' } }));
    const edge = await edgeFor(origin.port);
    await get(`${edge.url}/ttl-in-vcl`);
    expect((await get(`${edge.url}/ttl-in-vcl`)).headers.get('x-cache')).toBe('HIT');
    await get(`${edge.url}/zero`);
    expect((await get(`${edge.url}/zero`)).headers.get('x-cache')).toBe('MISS');
    expect([count('/ttl-in-vcl'), count('/zero')]).toEqual([1, 2]);
  });

  it('strips Surrogate-Control and Surrogate-Key before delivery, passes Cache-Control on', async () => {
    const headers = { 'Surrogate-Control': 'max-age=60', 'Surrogate-Key': 'a b', 'Cache-Control': 'no-cache' };
    const { origin } = await countingOrigin(() => ({ headers }));
    const edge = await edgeFor(origin.port, NO_DELIVER_VCL);
    for (const expected of ['MISS', 'HIT']) {
      const res = await get(`${edge.url}/strip`);
      expect(res.headers.get('x-cache')).toBe(expected);
      expect([res.headers.get('surrogate-control'), res.headers.get('surrogate-key'), res.headers.get('cache-control')]).toEqual([null, null, 'no-cache']);
    }
  });
});

describe('cache: what is stored (reference/vcl/variables/backend-response/beresp-cacheable)', () => {
  it('caches no-cache (ignored by Fastly: about-cache-control-headers), not private, no-store or Set-Cookie', async () => {
    const { origin, count } = await countingOrigin((url) => ({
      headers: {
        '/no-cache': { 'Cache-Control': 'no-cache' },
        '/private': { 'Cache-Control': 'private, max-age=60' },
        '/no-store': { 'Cache-Control': 'no-store' },
        '/cookie': { 'Set-Cookie': 'a=1', 'Cache-Control': 'max-age=60' },
      }[url],
    }));
    const edge = await edgeFor(origin.port);
    for (const path of ['/no-cache', '/private', '/no-store', '/cookie']) for (let i = 0; i < 2; i++) await get(`${edge.url}${path}`);
    expect(['/no-cache', '/private', '/no-store', '/cookie'].map(count)).toEqual([1, 2, 2, 2]);
  });

  it('caches 200, 203, 300, 301, 302, 404 and 410 by default, and no other status', async () => {
    const statuses = [200, 203, 300, 301, 302, 404, 410, 201, 204, 307, 403, 500, 503];
    const { origin, count } = await countingOrigin((url) => ({ status: Number(url.slice(1)), headers: { 'Cache-Control': 'max-age=60', Location: '/x' } }));
    const edge = await edgeFor(origin.port);
    for (const status of statuses) for (let i = 0; i < 2; i++) await fetch(`${edge.url}/${status}`, { redirect: 'manual' }).then((r) => r.arrayBuffer());
    const cached = statuses.filter((s) => count(`/${s}`) === 1);
    expect(cached).toEqual([200, 203, 300, 301, 302, 404, 410]);
  });

  it('beresp.cacheable = true caches another status; return(pass) in vcl_fetch makes hit-for-pass (vcl_pass, no collapsing)', async () => {
    const vcl = VCL.replace('return(deliver);\n}\nsub vcl_deliver', 'if (beresp.status == 201) { set beresp.cacheable = true; }\n  return(deliver);\n}\nsub vcl_deliver');
    const { origin, seen, count } = await countingOrigin((url) => (url === '/created' ? { status: 201 } : { headers: { 'Set-Cookie': 'a=1' } }));
    const edge = await edgeFor(origin.port, vcl);
    await get(`${edge.url}/created`);
    expect((await get(`${edge.url}/created`)).headers.get('x-cache')).toBe('HIT');
    expect(count('/created')).toBe(1);
    const first = await get(`${edge.url}/hfp`);
    const second = await get(`${edge.url}/hfp`);
    expect([first.headers.get('x-state'), second.headers.get('x-state')]).toEqual(['MISS', 'PASS']);
    expect(second.headers.get('x-cache')).toBe('MISS'); // X-Cache reports a pass as MISS (reference/http/http-headers/X-Cache)
    // The hit-for-pass request went through vcl_pass: vcl_miss did not mark it.
    expect(seen.filter((s) => s.url === '/hfp').map((s) => s.headers['x-miss'] ?? '-')).toEqual(['1', '-']);
  });
});

describe('cache: what a hit says (X-Cache, X-Cache-Hits, X-Served-By, obj.hits)', () => {
  it('adds X-Cache, X-Cache-Hits and X-Served-By, counting hits (obj.hits)', async () => {
    const { origin } = await countingOrigin(() => ({ headers: { 'Cache-Control': 'max-age=60' } }));
    const edge = await edgeFor(origin.port, NO_DELIVER_VCL);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get(`${edge.url}/counted`));
    expect(answers.map((a) => [a.headers.get('x-cache'), a.headers.get('x-cache-hits')])).toEqual([
      ['MISS', '0'],
      ['HIT', '1'],
      ['HIT', '2'],
    ]);
    expect(answers[0]!.headers.get('x-served-by')).toMatch(/\S/);
  });
});

describe('cache: obj.ttl and Age on a miss', () => {
  it('set obj.ttl in vcl_hit shortens the stored object (solutions: early expiry of cached objects)', async () => {
    const vcl = VCL.replace('sub vcl_miss {', 'sub vcl_hit {\n#FASTLY hit\n  if (req.http.X-Expire) { set obj.ttl = 0s; }\n  return(deliver);\n}\nsub vcl_miss {');
    const { origin, count } = await countingOrigin(() => ({ headers: { 'Cache-Control': 'max-age=600' } }));
    const edge = await edgeFor(origin.port, vcl);
    await get(`${edge.url}/early`);
    expect((await get(`${edge.url}/early`, { headers: { 'X-Expire': '1' } })).headers.get('x-cache')).toBe('HIT');
    expect((await get(`${edge.url}/early`)).headers.get('x-cache')).toBe('MISS');
    expect(count('/early')).toBe(2);
  });

  it("a miss carries Age: the origin's, else 0", async () => {
    const { origin } = await countingOrigin((url) => ({ headers: url === '/old' ? { 'Cache-Control': 'max-age=60', Age: '7' } : { 'Cache-Control': 'max-age=60' } }));
    const edge = await edgeFor(origin.port);
    expect((await get(`${edge.url}/old`)).headers.get('age')).toBe('7');
    expect((await get(`${edge.url}/new`)).headers.get('age')).toBe('0');
  });
});

describe('cache: Vary', () => {
  it('keeps one object per Accept-Encoding or custom header value; Vary: * is never served from cache', async () => {
    const { origin, count } = await countingOrigin((url) => ({ headers: { 'Cache-Control': 'max-age=60', Vary: url === '/star' ? '*' : 'Accept-Encoding, X-Lang' } }));
    const edge = await edgeFor(origin.port);
    const variants: Record<string, string>[] = [{ 'Accept-Encoding': 'gzip' }, { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': 'gzip', 'X-Lang': 'de' }];
    for (const headers of [...variants, ...variants]) await get(`${edge.url}/varied`, { headers });
    expect(count('/varied')).toBe(3);
    for (let i = 0; i < 3; i++) await get(`${edge.url}/star`);
    expect(count('/star')).toBe(3);
  });
});

describe('cache: request collapsing (guides/concepts/edge-state/cache/request-collapsing)', () => {
  it('collapses N concurrent misses into one origin request, and not with req.hash_ignore_busy', async () => {
    const seen: string[] = [];
    const origin = track(await startHttpOrigin((req, res) => (seen.push(req.url ?? ''), setTimeout(() => res.writeHead(200, { 'Cache-Control': 'max-age=60' }).end('slow'), 150))));
    const vcl = VCL.replace('return(lookup);', 'if (req.url ~ "busy") { set req.hash_ignore_busy = true; }\n  return(lookup);');
    const edge = await edgeFor(origin.port, vcl);
    const many = (path: string) => Promise.all(Array.from({ length: 6 }, () => get(`${edge.url}${path}`)));
    expect((await many('/collapsed')).map((r) => r.body)).toEqual(Array(6).fill('slow'));
    await many('/ignore-busy');
    expect([seen.filter((u) => u === '/collapsed').length, seen.filter((u) => u === '/ignore-busy').length]).toEqual([1, 6]);
  });

  it('a fetch that ends while a forced miss for the same key is in flight leaves later misses collapsing on the forced one', async () => {
    // 1st fetch: slow, and not cacheable; 2nd (req.hash_always_miss, started while the 1st is in flight):
    // slower, cacheable. A miss arriving after the 1st ended waits for the 2nd and is answered from it.
    let n = 0;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        const mine = ++n;
        const [delayMs, cacheControl] = mine === 1 ? [200, 'max-age=0'] : [700, 'max-age=60'];
        setTimeout(() => res.writeHead(200, { 'Cache-Control': cacheControl }).end(`fetch ${mine}`), delayMs);
      }),
    );
    const edge = await edgeFor(origin.port);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const first = get(`${edge.url}/busy-key`);
    await sleep(50);
    const forced = get(`${edge.url}/busy-key`, { headers: { 'X-Always-Miss': '1' } });
    await first;
    const later = await get(`${edge.url}/busy-key`);
    expect([(await forced).body, later.body, n]).toEqual(['fetch 2', 'fetch 2', 2]);
  });
});
