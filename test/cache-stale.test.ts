// Serving stale objects (guides/concepts/edge-state/cache/stale, solutions/tutorials/stale): through a
// real edge and an origin on 127.0.0.1 whose answers change between requests.
import { describe, expect, it } from 'vitest';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { closedAfterEach } from './helpers/cleanup.js';
import { eventually } from './helpers/ws-client.js';

const track = closedAfterEach();

// The tutorial's VCL: an erroring origin (5xx) or a down one gives way to a stale object if one exists.
const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  return(lookup);
}
sub vcl_miss {
#FASTLY miss
  set bereq.http.X-Background = if(req.is_background_fetch, "yes", "no");
  return(fetch);
}
sub vcl_fetch {
#FASTLY fetch
  if (req.url ~ "^/grace") { set beresp.grace = 30s; }
  if (beresp.status >= 500 && stale.exists) { return(deliver_stale); }
  return(deliver);
}
sub vcl_error {
#FASTLY error
  if (stale.exists) { return(deliver_stale); }
  return(deliver);
}
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An origin whose nth answer for a path is `answer(n)`; it records the X-Background each request carried. */
async function scriptedOrigin(answer: (n: number) => { status: number; cacheControl: string; delayMs?: number }) {
  const background: string[] = [];
  let n = 0;
  const origin = await startHttpOrigin((req, res) => {
    n++;
    background.push(String(req.headers['x-background']));
    const { status, cacheControl, delayMs = 0 } = answer(n);
    const body = `answer ${n}`;
    setTimeout(() => res.writeHead(status, { 'Cache-Control': cacheControl }).end(body), delayMs);
  });
  return { origin, background, count: () => n };
}

async function edgeFor(port: number) {
  return track(await startTestEdge(VCL, { backends: { origin: `http://127.0.0.1:${port}` } }));
}

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, cache: res.headers.get('x-cache'), body: await res.text() };
}

describe('stale-while-revalidate', () => {
  it('serves the stale object at once and fetches a new one in the background, once', async () => {
    // The revalidation is slow: the stale answers must not wait for it.
    const { origin, background, count } = await scriptedOrigin((n) => ({ status: 200, cacheControl: 'max-age=1, stale-while-revalidate=30', delayMs: n === 1 ? 0 : 400 }));
    track(origin);
    const edge = await edgeFor(origin.port);
    expect((await get(`${edge.url}/swr`)).body).toBe('answer 1');
    await sleep(1100);
    const stale = await Promise.all([get(`${edge.url}/swr`), get(`${edge.url}/swr`), get(`${edge.url}/swr`)]);
    expect(stale.map((r) => [r.body, r.cache])).toEqual(Array(3).fill(['answer 1', 'HIT']));
    await eventually(() => count() === 2);
    expect(background).toEqual(['no', 'yes']); // req.is_background_fetch in the revalidation's vcl_miss
    await eventually(async () => (await get(`${edge.url}/swr`)).body === 'answer 2');
    expect(count()).toBe(2);
  });

  it('past its stale-while-revalidate period an object is a plain miss', async () => {
    const { origin, count } = await scriptedOrigin(() => ({ status: 200, cacheControl: 'max-age=1' }));
    track(origin);
    const edge = await edgeFor(origin.port);
    await get(`${edge.url}/plain`);
    await sleep(1100);
    expect(await get(`${edge.url}/plain`)).toMatchObject({ body: 'answer 2', cache: 'MISS' });
    expect(count()).toBe(2);
  });
});

describe('stale-if-error', () => {
  it('vcl_fetch return(deliver_stale) serves the stale object in place of a 5xx', async () => {
    const { origin } = await scriptedOrigin((n) => (n === 1 ? { status: 200, cacheControl: 'max-age=1, stale-if-error=60' } : { status: 500, cacheControl: 'no-store' }));
    track(origin);
    const edge = await edgeFor(origin.port);
    await get(`${edge.url}/erroring`);
    await sleep(1100);
    expect(await get(`${edge.url}/erroring`)).toEqual({ status: 200, cache: 'HIT', body: 'answer 1' });
  });

  it('vcl_error return(deliver_stale) serves it when the origin is down; without a stale object the error stands', async () => {
    const { origin } = await scriptedOrigin(() => ({ status: 200, cacheControl: 'max-age=1, stale-if-error=60' }));
    const edge = await edgeFor(origin.port);
    await get(`${edge.url}/down`);
    await origin.close();
    await sleep(1100);
    expect(await get(`${edge.url}/down`)).toEqual({ status: 200, cache: 'HIT', body: 'answer 1' });
    expect((await get(`${edge.url}/never-cached`)).status).toBe(503);
  });

  it('beresp.grace keeps an object for deliver_stale too', async () => {
    const { origin } = await scriptedOrigin((n) => (n === 1 ? { status: 200, cacheControl: 'max-age=1' } : { status: 503, cacheControl: 'no-store' }));
    track(origin);
    const edge = await edgeFor(origin.port);
    await get(`${edge.url}/grace`);
    await sleep(1100);
    expect((await get(`${edge.url}/grace`)).body).toBe('answer 1');
  });
});
