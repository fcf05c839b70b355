// The HTTP table: pass and cache-hit requests per second, p99 and proxy CPU per request through
// nginx, HAProxy, Varnish, the bare Node proxy and vcl-edge, side by side with the origin direct.
//
// Load: wrk, 50 keep-alive connections, 2 threads, BENCH_SECONDS per target and path, in
// BENCH_ROUNDS interleaved rounds (every target once per round, so drift on this shared machine
// hits all alike); each figure is the median over the rounds. CPU per request: utime + stime of
// the proxy's whole process tree (/proc) across a round, divided by the requests wrk completed.
// Every target runs in its own process(es) on 127.0.0.1 and is stopped at the end, also on error.
//
// Run alone: npx tsc -p tsconfig.json && node dist/bench/http-bench.js   (JSON on stdout, table on stderr)
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runWrk, WRK_CONNECTIONS, WRK_THREADS } from './http-load.js';
import { serveFlags, servesHits, startBareNodeProxy, startOrigin, startVclEdgeCli } from './http-targets.js';
import { knobs } from './knobs.js';
import { startHaproxy } from './peers/haproxy.js';
import { startNginx } from './peers/nginx.js';
import { findBinary, installMissingPeers, peerVersion } from './peers/spawn.js';
import { startVarnish } from './peers/varnish.js';
import { treeCpuMicros } from './proc-stats.js';
import type { ProxyHandle } from './relay-bench.js';
import { markdownTable, median, millis, withRatio } from './tables.js';

type PathName = 'pass' | 'hit';
const URL_PATH: Record<PathName, string> = { pass: '/page', hit: '/cached/page' };

interface TargetSpec {
  name: string;
  paths: PathName[];
  /** Undefined: not installed. */
  start(originPort: number): Promise<ProxyHandle | undefined>;
}

interface Sample {
  requestsPerSecond: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  errors: number;
}

export interface HttpRow {
  path: PathName;
  target: string;
  requests_per_s: number;
  ratio_to_direct: number;
  p99_ms: number;
  proxy_cpu_us_per_request: number | null;
  errors: number;
  hit_verified?: boolean;
}

/** The rows, in the order of the table; vcl-edge with 1 worker and with all cores when it can. */
function targetSpecs(): TargetSpec[] {
  const label = (name: 'nginx' | 'haproxy' | 'varnish', note: string) => `${peerVersion(name) ?? name}${note}`;
  const specs: TargetSpec[] = [
    { name: label('nginx', ' (1 worker)'), paths: ['pass', 'hit'], start: (port) => startNginx(port, 'http') },
    { name: label('haproxy', ' (1 thread)'), paths: ['pass'], start: (port) => startHaproxy(port, 'http') },
    { name: label('varnish', ''), paths: ['pass', 'hit'], start: startVarnish },
    { name: 'bare Node proxy (http server + http.request + pipe)', paths: ['pass'], start: startBareNodeProxy },
  ];
  if (serveFlags().workers) {
    specs.push(
      { name: 'vcl-edge --workers 1', paths: ['pass', 'hit'], start: (port) => startVclEdgeCli(port, 1) },
      { name: `vcl-edge (default: ${availableParallelism()} workers)`, paths: ['pass', 'hit'], start: (port) => startVclEdgeCli(port) },
    );
  } else {
    specs.push({ name: 'vcl-edge (1 process)', paths: ['pass', 'hit'], start: (port) => startVclEdgeCli(port) });
  }
  return specs;
}

interface Running {
  name: string;
  paths: PathName[];
  handle: ProxyHandle;
  /** Whether the origin is CPU-measured: not for "direct", the origin is no proxy. */
  proxy: boolean;
}

async function startAll(origin: ProxyHandle, notes: Record<string, string>): Promise<Running[]> {
  const running: Running[] = [{ name: 'direct (origin)', paths: ['pass'], handle: origin, proxy: false }];
  for (const spec of targetSpecs()) {
    try {
      const handle = await spec.start(origin.port);
      if (handle) running.push({ name: spec.name, paths: spec.paths, handle, proxy: true });
      else notes[spec.name] = 'not installed';
    } catch (err) {
      notes[spec.name] = `did not start: ${(err as Error).message.slice(0, 300)}`;
    }
  }
  return running;
}

async function measure(wrk: string, target: Running, path: PathName, seconds: number): Promise<Sample> {
  const pid = target.handle.pid;
  const cpuBefore = target.proxy && pid ? treeCpuMicros(pid) : 0;
  const result = await runWrk(wrk, `http://127.0.0.1:${target.handle.port}${URL_PATH[path]}`, seconds);
  const cpu = target.proxy && pid ? treeCpuMicros(pid) - cpuBefore : NaN;
  return { requestsPerSecond: result.requestsPerSecond, p99Ms: result.p99Ms, cpuMicrosPerRequest: cpu / result.requests, errors: result.errors };
}

function toRows(running: Running[], samples: Map<string, Sample[]>, hits: Map<string, boolean>): HttpRow[] {
  const direct = median(samples.get(`${running[0]!.name} pass`)!.map((s) => s.requestsPerSecond));
  const rows: HttpRow[] = [];
  for (const path of ['pass', 'hit'] as const) {
    for (const target of running.filter((t) => t.paths.includes(path))) {
      const list = samples.get(`${target.name} ${path}`) ?? [];
      if (list.length === 0) continue;
      const rps = median(list.map((s) => s.requestsPerSecond));
      const cpu = median(list.map((s) => s.cpuMicrosPerRequest));
      rows.push({
        path,
        target: target.name,
        requests_per_s: Math.round(rps),
        ratio_to_direct: Number((rps / direct).toFixed(2)),
        p99_ms: Number(median(list.map((s) => s.p99Ms)).toFixed(2)),
        proxy_cpu_us_per_request: Number.isFinite(cpu) ? Math.round(cpu) : null,
        errors: list.reduce((sum, s) => sum + s.errors, 0),
        ...(path === 'hit' ? { hit_verified: hits.get(target.name) ?? false } : {}),
      });
    }
  }
  return rows;
}

/** The HTTP table as Markdown: req/s with the ratio to direct, p99, proxy CPU per request. */
export function httpMarkdown(rows: HttpRow[], notes: Record<string, string>): string {
  const direct = rows.find((r) => r.target.startsWith('direct'))?.requests_per_s ?? NaN;
  const body = rows.map((r) => [
    r.path,
    r.target + (r.hit_verified === false ? ' (NOT a cache hit)' : '') + (r.errors ? ` (${r.errors} errors)` : ''),
    withRatio(r.requests_per_s, direct),
    millis(r.p99_ms),
    r.proxy_cpu_us_per_request === null ? '–' : `${r.proxy_cpu_us_per_request} µs`,
  ]);
  for (const [name, why] of Object.entries(notes)) body.push(['–', name, why, '', '']);
  const table = markdownTable(['path', 'target', 'req/s (× direct)', 'p99', 'proxy CPU per request'], body);
  return `${table}\n\nHits are compared with the origin answering direct; CPU is the proxy's processes' utime + stime per request.`;
}

export async function benchHttp(): Promise<Record<string, unknown>> {
  installMissingPeers();
  const wrk = findBinary('wrk');
  if (!wrk) return { skipped: 'wrk is not installed (Debian package wrk; bench/install-peers.sh installs it)' };
  const { rounds, seconds } = knobs;
  const notes: Record<string, string> = {};
  const origin = await startOrigin();
  const running = await startAll(origin, notes).catch(async (err: unknown) => {
    await origin.close();
    throw err;
  });
  try {
    const hits = new Map<string, boolean>();
    for (const target of running) {
      if (target.paths.includes('hit')) hits.set(target.name, await servesHits(target.handle.port));
      for (const path of target.paths) await runWrk(wrk, `http://127.0.0.1:${target.handle.port}${URL_PATH[path]}`, 1); // warm-up, fills the cache
    }
    const samples = new Map<string, Sample[]>();
    for (let round = 0; round < rounds; round++) {
      for (const target of running) {
        for (const path of target.paths) {
          const key = `${target.name} ${path}`;
          try {
            samples.set(key, [...(samples.get(key) ?? []), await measure(wrk, target, path, seconds)]);
          } catch (err) {
            notes[key] = `a round failed: ${(err as Error).message.slice(0, 200)}`;
          }
        }
      }
    }
    const rows = toRows(running, samples, hits);
    const vclEdge = rows.filter((r) => r.target.startsWith('vcl-edge'));
    return {
      load: `wrk -t${WRK_THREADS} -c${WRK_CONNECTIONS} -d${seconds}s --latency, median of ${rounds} interleaved rounds`,
      fairness: 'nginx 1 worker process, HAProxy 1 thread, Varnish default thread pools, vcl-edge as named; all on this machine\'s cores with wrk and the origin',
      rows,
      notes,
      // The figures earlier reports had, for the last vcl-edge row.
      directRps: rows[0]?.requests_per_s,
      passRps: vclEdge.filter((r) => r.path === 'pass').at(-1)?.requests_per_s,
      lookupHitRps: vclEdge.filter((r) => r.path === 'hit').at(-1)?.requests_per_s,
      markdown: httpMarkdown(rows, notes),
    };
  } finally {
    for (const target of running) await target.handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchHttp();
  console.log(JSON.stringify(result, null, 2));
  if (typeof result.markdown === 'string') console.error(`\n${result.markdown}`);
  process.exit(0);
}
