// The processes the HTTP benchmark loads: the origin, the bare Node proxy, and vcl-edge run from its
// CLI (as a user runs it: with 1 worker and with its default of every core, when `--workers` exists).
// Each runs in a process of its own so its CPU time and memory are its own.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { forkReportingPort, killChild } from './fork-child.js';
import { freePort } from './proc-stats.js';
import { peerDirectory, startPeer } from './peers/spawn.js';
import type { ProxyHandle } from './relay-bench.js';

const HOST = '127.0.0.1';
const BODY = Buffer.alloc(1024, 'x');
const thisFile = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../bin/vcl-edge.js', import.meta.url));
const httpVcl = fileURLToPath(new URL('../../bench/http-bench.vcl', import.meta.url));

/** Forks this file in `role` and resolves with the port it reports. */
async function forkRole(role: string, args: string[] = []): Promise<ProxyHandle> {
  const { child, port } = await forkReportingPort(thisFile, [role, ...args]);
  return { port, pid: child.pid, close: () => killChild(child) };
}

export const startOrigin = (): Promise<ProxyHandle> => forkRole('http-origin');

/** The simplest Node proxy: http.createServer, http.request on a keep-alive agent, and pipe both ways. */
export const startBareNodeProxy = (originPort: number): Promise<ProxyHandle> => forkRole('bare-node-proxy', [String(originPort)]);

let flags: { workers: boolean; accessLogOff: boolean } | undefined;

/** What this build's `serve` accepts: `--workers` (cluster mode) and an access log that can be turned off (asked once). */
export function serveFlags(): { workers: boolean; accessLogOff: boolean } {
  if (flags) return flags;
  const help = execFileSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
  flags = { workers: help.includes('--workers'), accessLogOff: /--access-log[^\n]*\boff\b/.test(help) };
  return flags;
}

/**
 * `vcl-edge serve bench/http-bench.vcl` with the backend pointed at the origin and the access log off
 * (no peer writes one: nginx `access_log off`, HAProxy without `log`); `workers` adds `--workers N`.
 */
export async function startVclEdgeCli(originPort: number, workers?: number): Promise<ProxyHandle> {
  const port = await freePort();
  const { accessLogOff } = serveFlags();
  const args = [cli, 'serve', httpVcl, '--listen', `${HOST}:${port}`, '--backend', `origin=http://${HOST}:${originPort}`];
  args.push('--access-log', accessLogOff ? 'off' : '/dev/null');
  if (workers !== undefined) args.push('--workers', String(workers));
  // Its own empty directory as cwd, so no project config is found upward.
  const dir = peerDirectory('vcl-edge');
  const peer = await startPeer('vcl-edge', process.execPath, args, dir, { port, probe: 'http' });
  return { port, pid: peer.pid, close: peer.stop };
}

/**
 * True when fetches of one /cached/ URL through `port` mostly do not reach the origin: the hit path
 * really hits. Eight fetches on fresh connections: one cache answers all but the first; with
 * workers, each worker's cache misses once (each Fastly cache node fills its own too).
 */
export async function servesHits(port: number): Promise<boolean> {
  const fetches = 8;
  const seen = new Set<string | undefined>();
  for (let i = 0; i < fetches; i++) seen.add(await originCount(port, '/cached/hit-check'));
  return !seen.has(undefined) && seen.size <= fetches / 2;
}

function originCount(port: number, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: HOST, port, path, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['x-origin-count'] as string | undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function runOrigin(): void {
  let served = 0;
  const server = http.createServer((req, res) => {
    const cacheable = req.url?.startsWith('/cached/');
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Content-Length': BODY.length,
      'Cache-Control': cacheable ? 'max-age=600' : 'no-store',
      'X-Origin-Count': String(++served),
    });
    res.end(BODY);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, HOST, () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

function runBareNodeProxy(originPort: number): void {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: HOST, port: originPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, HOST, () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

if (process.argv[1] === thisFile) {
  // Forked by the benchmark: end with it, even when it was stopped by a signal before it could stop us.
  process.on('disconnect', () => process.exit(0));
  if (process.argv[2] === 'http-origin') runOrigin();
  else if (process.argv[2] === 'bare-node-proxy') runBareNodeProxy(Number(process.argv[3]));
}
