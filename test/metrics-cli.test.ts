// `vcl-edge serve --admin` as a user runs it (the built CLI, real ports), and the cluster primary's
// admin listener summing what real `node:cluster` workers counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { parseExposition, sample } from './helpers/prometheus.js';
import { within } from './helpers/ws-client.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
beforeAll(() => ensureBuilt(), 120_000);

/** Start a node process and wait for its stdout to match `ready`; resolves with the match. */
function run(args: string[], ready: RegExp, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (c) => (out += c));
  const matched = within(
    new Promise<RegExpExecArray>((resolve) =>
      child.stdout!.on('data', (c) => {
        out += c;
        const m = ready.exec(out);
        if (m) resolve(m);
      }),
    ),
    15_000,
    `${ready} from ${args.join(' ')}`,
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, matched, exit, output: () => out };
}

/** Process `pid` and its child processes (a cluster's workers). */
function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return [pid, ...children.flatMap(processTree)];
}

/** TCP sockets in LISTEN state that process `pid` and its children hold (their fds matched against /proc/net/tcp*). */
function listeningSockets(pid: number): number {
  const inodes = new Set<string>();
  for (const proc of processTree(pid)) {
    for (const fd of readdirSync(`/proc/${proc}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${proc}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // the fd closed while we looked
      }
    }
  }
  let listening = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) listening++;
    }
  }
  return listening;
}

const serveArgs = (originPort: number) => [`${root}dist/bin/vcl-edge.js`, 'serve', 'fixtures/main.vcl', '--listen', '127.0.0.1:0', '--backend', `F_app=http://127.0.0.1:${originPort}`];

describe('vcl-edge serve --admin (CLI)', () => {
  // One process (startAdmin), and a cluster whose primary serves the workers' sum (startClusterAdmin).
  it.each([['1'], ['2']])('serves /metrics and /healthz on the admin address, besides the edge (--workers %s)', async (workers) => {
    const origin = await startHttpOrigin((_req, res) => res.end('from origin'));
    try {
      const serve = run([...serveArgs(origin.port), '--workers', workers, '--admin', '127.0.0.1:0', '--access-log', 'off'], /(?=[\s\S]*listening on (http:\/\/\S+)\n)[\s\S]*admin \(\/metrics, \/healthz\) on (http:\/\/\S+)\n/);
      const [, edge, admin] = await serve.matched;
      expect(await (await fetch(`${edge}/hello`)).text()).toBe('from origin');
      // The edge's socket and the admin's, both in this process (a cluster's primary holds the shared one).
      expect(listeningSockets(serve.child.pid!)).toBe(2);
      const health = await fetch(`${admin}/healthz`);
      expect(health.status).toBe(200);
      expect((await health.text()).split('\n')[0]).toBe('ok');
      const metrics = parseExposition(await (await fetch(`${admin}/metrics`)).text());
      expect(sample(metrics, 'vcl_edge_requests_total', { state: 'lookup', cache: 'miss', status: '200' })).toBe(1);
      serve.child.kill('SIGTERM');
      expect(await within(serve.exit, 10_000, 'exit after SIGTERM')).toBe(0);
    } finally {
      await origin.close();
    }
  });

  it('opens no admin port without --admin', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('from origin'));
    try {
      const serve = run([...serveArgs(origin.port), '--workers', '2', '--access-log', 'off'], /listening on (http:\/\/\S+)\n/);
      const edge = (await serve.matched)[1]!;
      expect(await (await fetch(`${edge}/hello`)).text()).toBe('from origin');
      expect(listeningSockets(serve.child.pid!)).toBe(1);
      expect(serve.output()).not.toMatch(/admin/);
    } finally {
      await origin.close();
    }
  });

  it('refuses a malformed --admin address as a usage error (exit 2)', async () => {
    const serve = run([`${root}dist/bin/vcl-edge.js`, 'serve', 'fixtures/main.vcl', '--admin', 'localhost:http'], /$^/);
    expect(await within(serve.exit, 10_000, 'exit')).toBe(2);
    expect(serve.output()).toMatch(/--admin expects PORT or HOST:PORT, got "localhost:http"/);
  });
});

// A cluster's primary and two workers, each worker an edge counting into clusterWorkerMetrics().
const CLUSTER_SCRIPT = `
import cluster from 'node:cluster';
const dist = process.env.VCL_EDGE_DIST;
if (cluster.isPrimary) {
  const { startClusterAdmin } = await import(dist + '/src/server/admin.js');
  const admin = await startClusterAdmin('127.0.0.1', 0);
  let ready = 0;
  for (let i = 0; i < 2; i++) cluster.fork().on('message', (m) => { if (m === 'ready' && ++ready === 2) console.log('admin ' + admin.url); });
  process.on('SIGTERM', async () => { for (const w of Object.values(cluster.workers)) w.kill(); await admin.close(); process.exit(0); });
} else {
  const { startEdge } = await import(dist + '/src/edge.js');
  const { compile } = await import(dist + '/src/index.js');
  const { clusterWorkerMetrics } = await import(dist + '/src/server/metrics.js');
  const vcl = compile('backend origin { .host = "127.0.0.1"; .port = "1"; } sub vcl_recv { #FASTLY recv\\n return (pass); }', { file: 'w.vcl' });
  const edge = await startEdge({ vcl, port: 0, metrics: clusterWorkerMetrics(), backends: { origin: process.env.ORIGIN }, accessLog: process.stdout });
  await (await fetch(edge.url + '/')).text();
  process.send('ready');
}
`;

describe('startClusterAdmin (node:cluster primary)', () => {
  it('sums what every worker counted, and says how many workers are up', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    const dir = mkdtempSync(`${tmpdir()}/vcl-edge-cluster-`);
    try {
      const script = `${dir}/primary.mjs`;
      writeFileSync(script, CLUSTER_SCRIPT);
      const dist = pathToFileURL(`${root}dist`).href;
      const primary = run([script], /admin (http:\/\/\S+)\n/, { VCL_EDGE_DIST: dist, ORIGIN: `http://127.0.0.1:${origin.port}` });
      const admin = (await primary.matched)[1]!;
      const metrics = parseExposition(await (await fetch(`${admin}/metrics`)).text());
      // Each worker sent one request through itself: the primary's figure is the sum.
      expect(sample(metrics, 'vcl_edge_requests_total', { state: 'pass', cache: 'pass', status: '200' })).toBe(2);
      expect(sample(metrics, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
      const health = await fetch(`${admin}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok\nworkers 2\n');
      primary.child.kill('SIGTERM');
      expect(await within(primary.exit, 5000, 'primary exit after SIGTERM')).toBe(0);
    } finally {
      await origin.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
