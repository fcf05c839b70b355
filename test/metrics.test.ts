// `serve --admin`: a real edge with real origins on 127.0.0.1, real requests through it, then
// /metrics scraped over HTTP and its exposition text read back as numbers.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../src/edge.js';
import { compile } from '../src/index.js';
import { statusLabel } from '../src/server/metrics.js';
import { closedAfterEach } from './helpers/cleanup.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { closedPort, startRawOrigin, startWsEchoOrigin } from './helpers/origins.js';
import { parseExposition, sample, type Samples } from './helpers/prometheus.js';
import { closed, eventually, nextMessage, openWs } from './helpers/ws-client.js';

const track = closedAfterEach();

const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
backend dead { .host = "127.0.0.1"; .port = "1"; }
backend silent { .host = "127.0.0.1"; .port = "1"; .first_byte_timeout = 200ms; }
backend echo { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.http.Upgrade) { set req.backend = echo; return (upgrade); }
  if (req.url ~ "^/dead") { set req.backend = dead; return (pass); }
  if (req.url ~ "^/silent") { set req.backend = silent; return (pass); }
  if (req.url ~ "^/teapot") { error 418 "I'm a teapot"; }
  if (req.url ~ "^/pass") { return (pass); }
  return (lookup);
}
sub vcl_deliver {
#FASTLY deliver
  if (req.url ~ "^/unsendable") { set resp.http.X-Bad = urldecode("a%0Ab"); }
}
`;

/** Answers every request with `size` bytes, cacheable for a minute. */
async function origin(size = 64) {
  return track(
    await startHttpOrigin((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=60' });
      res.end('x'.repeat(size));
    }),
  );
}

/** Accepts connections and never answers (a first_byte_timeout). */
async function silentOrigin() {
  return track(await startRawOrigin(() => {}));
}

function collector(into: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) into.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

async function edgeWithAdmin(backends: Record<string, string>, cacheBytes?: number): Promise<RunningEdge & { access: Record<string, unknown>[] }> {
  const access: Record<string, unknown>[] = [];
  const edge = await startEdge({
    vcl: compile(VCL, { file: 'metrics.vcl' }),
    port: 0,
    admin: { host: '127.0.0.1', port: 0 },
    backends,
    cacheBytes,
    accessLog: collector(access),
    stdout: collector([]),
    warn: () => undefined,
  });
  return { ...track(edge), access };
}

async function scrape(edge: RunningEdge): Promise<Samples> {
  const res = await fetch(`${edge.admin!.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

async function get(edge: RunningEdge, path: string): Promise<number> {
  const res = await fetch(`${edge.url}${path}`);
  await res.arrayBuffer();
  return res.status;
}

describe('serve --admin: /metrics', () => {
  it('counts requests by state, cache result and status, and origin failures per backend', async () => {
    const up = await origin();
    const silent = await silentOrigin();
    const edge = await edgeWithAdmin({
      origin: `http://127.0.0.1:${up.port}`,
      dead: `http://127.0.0.1:${await closedPort()}`,
      silent: `http://127.0.0.1:${silent.port}`,
    });
    expect(await get(edge, '/pass')).toBe(200);
    expect(await get(edge, '/pass')).toBe(200);
    expect(await get(edge, '/cached')).toBe(200); // miss
    expect(await get(edge, '/cached')).toBe(200); // hit
    expect(await get(edge, '/cached')).toBe(200); // hit
    expect(await get(edge, '/teapot')).toBe(418);
    expect(await get(edge, '/dead')).toBe(503);
    expect(await get(edge, '/silent')).toBe(503);

    const m = await scrape(edge);
    const requests = (state: string, cache: string, status: string) => sample(m, 'vcl_edge_requests_total', { state, cache, status });
    expect(requests('pass', 'pass', '200')).toBe(2);
    expect(requests('lookup', 'miss', '200')).toBe(1);
    expect(requests('lookup', 'hit', '200')).toBe(2);
    expect(requests('error', 'error', '418')).toBe(1);
    expect(requests('pass', 'error', '503')).toBe(2);
    expect(sample(m, 'vcl_edge_origin_errors_total', { backend: 'dead', kind: 'connect' })).toBe(1);
    expect(sample(m, 'vcl_edge_origin_errors_total', { backend: 'silent', kind: 'first_byte_timeout' })).toBe(1);
    expect(sample(m, 'vcl_edge_origin_errors_total', { backend: 'origin', kind: 'connect' })).toBeUndefined();
    // The cache: one object stored; three lookups of /cached, the first a miss.
    expect(sample(m, 'vcl_edge_cache_hits_total')).toBe(2);
    expect(sample(m, 'vcl_edge_cache_misses_total')).toBe(1);
    expect(sample(m, 'vcl_edge_cache_objects')).toBe(1);
    expect(sample(m, 'vcl_edge_cache_bytes')).toBe(edge.server.cache.stats().bytes);
    expect(sample(m, 'vcl_edge_cache_bytes')).toBeGreaterThan(64);
    expect(sample(m, 'vcl_edge_cache_capacity_bytes')).toBe(64 * 1024 * 1024);
    expect(sample(m, 'vcl_edge_vcl_errors_total', { kind: 'exception' })).toBeUndefined();
    // prom-client's own: event-loop lag and the process.
    expect(sample(m, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(m, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('reads cache counters afresh on each scrape and counts evictions', async () => {
    const up = await origin(1000);
    // Each object is 1,000 body bytes plus its headers: two fit in 2,500 bytes, a third evicts one.
    const edge = await edgeWithAdmin({ origin: `http://127.0.0.1:${up.port}` }, 2_500);
    for (const path of ['/a', '/b']) await get(edge, path);
    const before = await scrape(edge);
    expect(sample(before, 'vcl_edge_cache_evictions_total')).toBe(0);
    expect(sample(before, 'vcl_edge_cache_misses_total')).toBe(2);
    for (const path of ['/c', '/d', '/d']) await get(edge, path);
    const after = await scrape(edge);
    expect(sample(after, 'vcl_edge_cache_evictions_total')).toBe(2);
    expect(sample(after, 'vcl_edge_cache_objects')).toBe(2);
    expect(sample(after, 'vcl_edge_cache_misses_total')).toBe(4);
    expect(sample(after, 'vcl_edge_cache_hits_total')).toBe(1);
  });

  it('counts tunnels open, their outcome, and the bytes relayed each way once they close', async () => {
    const echo = track(await startWsEchoOrigin({ perMessageDeflate: false }));
    const edge = await edgeWithAdmin({ echo: `http://127.0.0.1:${echo.port}` });
    const ws = await openWs(`ws://127.0.0.1:${edge.port}/chat`);
    ws.send('x'.repeat(1000));
    expect((await nextMessage(ws)).data.toString()).toBe('x'.repeat(1000));
    const during = await scrape(edge);
    expect(sample(during, 'vcl_edge_tunnels_open')).toBe(1);
    expect(sample(during, 'vcl_edge_tunnels_total', { outcome: 'upgraded' })).toBe(1);
    expect(sample(during, 'vcl_edge_requests_total', { state: 'upgrade', cache: 'none', status: '101' })).toBe(1);
    // Bytes are added when the tunnel closes, not per chunk.
    expect(sample(during, 'vcl_edge_tunnel_bytes_total', { direction: 'from_client' }) ?? 0).toBe(0);
    ws.close();
    await closed(ws);
    const line = await eventually(() => edge.access.find((r) => r.tunnel === true));
    if (!line) throw new Error('no access-log line for the tunnel');
    const after = await scrape(edge);
    expect(sample(after, 'vcl_edge_tunnels_open')).toBe(0);
    // The relay's own count of the tunnel: the same figures as its access-log line, over 1,000 each way.
    expect(sample(after, 'vcl_edge_tunnel_bytes_total', { direction: 'from_client' })).toBe(line.bytesIn);
    expect(sample(after, 'vcl_edge_tunnel_bytes_total', { direction: 'to_client' })).toBe(line.bytesOut);
    expect(line.bytesIn).toBeGreaterThan(1000);
    expect(line.bytesOut).toBeGreaterThan(1000);
  });

  it('counts a body that stalls past between_bytes_timeout against its backend', async () => {
    const stalling = track(
      await startHttpOrigin((_req, res) => {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('only part of it'); // and then nothing
      }),
    );
    const vcl = VCL.replace('.port = "1"; }', '.port = "1"; .between_bytes_timeout = 200ms; }');
    const edge = track(
      await startEdge({ vcl: compile(vcl, { file: 'metrics.vcl' }), port: 0, admin: { host: '127.0.0.1', port: 0 }, backends: { origin: `http://127.0.0.1:${stalling.port}` }, accessLog: collector([]), stdout: collector([]), warn: () => undefined }),
    );
    const res = await fetch(`${edge.url}/pass`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow(); // the edge cut the response short
    const m = await eventually(async () => {
      const now = await scrape(edge);
      return sample(now, 'vcl_edge_origin_errors_total', { backend: 'origin', kind: 'between_bytes_timeout' }) ? now : undefined;
    });
    expect(m && sample(m, 'vcl_edge_origin_errors_total', { backend: 'origin', kind: 'between_bytes_timeout' })).toBe(1);
  });

  it('counts a VCL runtime failure, and reloads reported by whoever reloads', async () => {
    const up = await origin();
    const edge = await edgeWithAdmin({ origin: `http://127.0.0.1:${up.port}` });
    expect(await get(edge, '/unsendable')).toBe(503);
    edge.metrics!.reloaded(true);
    edge.metrics!.reloaded(false);
    edge.metrics!.reloaded(true);
    const m = await scrape(edge);
    expect(sample(m, 'vcl_edge_vcl_errors_total', { kind: 'unsendable_header' })).toBe(1);
    expect(sample(m, 'vcl_edge_reloads_total', { result: 'ok' })).toBe(2);
    expect(sample(m, 'vcl_edge_reloads_total', { result: 'refused' })).toBe(1);
    expect(sample(m, 'vcl_edge_last_reload_success_timestamp_seconds')).toBeCloseTo(Date.now() / 1000, -1);
  });

  it('keeps the status label bounded: registered codes as themselves, others as their class', () => {
    expect(statusLabel(200)).toBe('200');
    expect(statusLabel(418)).toBe('418');
    expect(statusLabel(799)).toBe('7xx');
    expect(statusLabel(299)).toBe('2xx');
    expect(statusLabel(0)).toBe('other');
  });
});

describe('serve --admin: /healthz and the listener', () => {
  it('answers ok with the backends’ health, 404 elsewhere, 405 for other methods', async () => {
    const up = await origin();
    const edge = await edgeWithAdmin({ origin: `http://127.0.0.1:${up.port}` });
    const health = await fetch(`${edge.admin!.url}/healthz`);
    expect(health.status).toBe(200);
    const lines = (await health.text()).split('\n');
    expect(lines[0]).toBe('ok');
    expect(lines).toContain(`listening ${edge.url}`);
    expect(lines).toContain('backend origin healthy');
    expect((await fetch(`${edge.admin!.url}/`)).status).toBe(404);
    expect((await fetch(`${edge.admin!.url}/metrics`, { method: 'POST' })).status).toBe(405);
    // The admin address is not the edge's: /metrics on the edge goes through VCL to the origin.
    const throughEdge = await fetch(`${edge.url}/metrics`);
    expect(await throughEdge.text()).toBe('x'.repeat(64));
  });

  it('says draining (503) while the edge shuts down and requests in flight finish', async () => {
    let answer: (() => void) | undefined;
    const slow = track(await startHttpOrigin((_req, res) => (answer = () => res.end('late'))));
    const access: Record<string, unknown>[] = [];
    const edge = await startEdge({ vcl: compile(VCL, { file: 'metrics.vcl' }), port: 0, admin: { host: '127.0.0.1', port: 0 }, backends: { origin: `http://127.0.0.1:${slow.port}` }, accessLog: collector(access), stdout: collector([]) });
    const inFlight = fetch(`${edge.url}/pass`).then((r) => r.text());
    await eventually(() => answer !== undefined);
    const closing = edge.close(1_000);
    const health = await fetch(`${edge.admin!.url}/healthz`);
    expect(health.status).toBe(503);
    expect((await health.text()).split('\n')[0]).toBe('draining');
    answer!();
    expect(await inFlight).toBe('late');
    await closing;
    await expect(fetch(`${edge.admin!.url}/healthz`)).rejects.toThrow(); // the admin listener closed with the edge
  });

  it('opens no admin listener and counts nothing without --admin', async () => {
    const edge = track(await startEdge({ vcl: compile(VCL, { file: 'metrics.vcl' }), port: 0, accessLog: collector([]), stdout: collector([]) }));
    expect(edge.admin).toBeUndefined();
    expect(edge.metrics).toBeUndefined();
  });
});
