// Relay benchmark: the same loads direct to a `ws` echo origin and through the proxy,
// side by side in one run.
//
// Processes (fair on 2 cores, and RSS of the proxy is its own):
//   this process ── load generator (ws clients) ── measures everything
//   child "origin" ─ ws echo server, permessage-deflate off (we measure the relay, not zlib)
//   child "proxy"  ─ default startProxy: minimal http.Server + openTunnel (swap in vcl-edge)
//
// Run: npx tsc -p tsconfig.json && node dist/bench/relay-bench.js   (prints one JSON object)
// Every load is bounded in count and time; everything binds to 127.0.0.1.

import type { ChildProcess } from 'node:child_process';
import { collectGarbage, forkReportingPort, serveGcRequests } from './fork-child.js';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { openTunnel, type TunnelRequest } from '../src/relay/index.js';
import { knobs } from './knobs.js';
import { treeRssBytes } from './proc-stats.js';

export interface ProxyHandle {
  port: number;
  close(): Promise<void>;
  /** The proxy's process id, for RSS and CPU (with every process it forked). Omit when the proxy runs in this process. */
  pid?: number;
  /** Ask the proxy to collect garbage before RSS is read (optional). */
  gc?(): Promise<void>;
}
export type StartProxy = (originPort: number) => Promise<ProxyHandle>;

const HOST = '127.0.0.1';
const RTT_CONNECTIONS = 50;
const RTT_SECONDS = 5;
const LATENCY_ROUND_TRIPS = 3000;
const BULK_MESSAGE = 64 * 1024;
const BULK_WINDOW = 8;
const BULK_SECONDS = 3;
const IDLE_TUNNELS = knobs.tunnels;
const OPEN_BATCH = 250;

// ── Child processes ────────────────────────────────────────────────────────────────

const thisFile = fileURLToPath(import.meta.url);

/** Forks this file in `role`; resolves with the child and the port it reports. */
function forkRole(role: string, args: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  return forkReportingPort(thisFile, [role, ...args], ['--expose-gc']);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function runOrigin(): Promise<void> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  server.listen(0, HOST, () => process.send?.({ port: (server.address() as AddressInfo).port }));
  serveGcRequests();
}

/** The minimal edge: every upgrade is tunnelled to the origin with its headers as they came. */
function runProxy(originPort: number): void {
  const server = http.createServer();
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const request: TunnelRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers };
    openTunnel(socket, head, request, { host: HOST, port: originPort, tls: false, connectTimeoutMs: 1000, firstByteTimeoutMs: 15000 }, {
      onAccepted: () => {},
      onClosed: () => {},
    });
  });
  server.listen(0, HOST, () => process.send?.({ port: (server.address() as AddressInfo).port }));
  serveGcRequests();
}

/** Default proxy for standalone runs: the minimal edge above, in its own process. */
export const startProxy: StartProxy = async (originPort) => {
  const { child, port } = await forkRole('proxy', [String(originPort)]);
  return { port, pid: child.pid, close: () => stopChild(child), gc: () => collectGarbage(child) };
};

// ── Load generator ─────────────────────────────────────────────────────────────────

function openClient(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${HOST}:${port}/bench`, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('WebSocket open timed out')), 10_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

async function openMany(port: number, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  while (sockets.length < count) {
    const batch = Math.min(OPEN_BATCH, count - sockets.length);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => openClient(port)))));
  }
  return sockets;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => (ws.terminate(), resolve()), 5000);
          ws.once('close', () => (clearTimeout(timer), resolve()));
          ws.close();
        }),
    ),
  );
}

// The machine is shared, so load drifts: direct and proxied runs alternate in short
// slices and each total is summed over its slices, so drift hits both sides alike.

/**
 * Keeps `window` messages in flight on each socket for `ms`, then lets the last ones
 * come back (bounded). Returns echoed messages and bytes, and the seconds it ran.
 */
async function echoLoad(sockets: WebSocket[], payload: Buffer, window: number, ms: number) {
  let running = true;
  let inFlight = 0;
  let messages = 0;
  let bytes = 0;
  let settle: (() => void) | undefined;
  const onMessage = function (this: WebSocket, data: Buffer): void {
    inFlight--;
    messages++;
    bytes += data.length;
    if (running) {
      inFlight++;
      this.send(payload);
    } else if (inFlight === 0) settle?.();
  };
  const started = performance.now();
  for (const ws of sockets) {
    ws.on('message', onMessage);
    for (let i = 0; i < window; i++) {
      inFlight++;
      ws.send(payload);
    }
  }
  await sleep(ms);
  running = false;
  const seconds = (performance.now() - started) / 1000;
  if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => (settle = resolve)), sleep(5000)]);
  for (const ws of sockets) ws.off('message', onMessage);
  return { messages, bytes, seconds };
}

/** Direct and proxied loads in alternating slices; returns [direct, proxied] per-second rates. */
async function alternate(
  direct: WebSocket[],
  proxied: WebSocket[],
  slices: number,
  sliceMs: number,
  run: (sockets: WebSocket[], ms: number) => Promise<{ messages: number; bytes: number; seconds: number }>,
  measure: (r: { messages: number; bytes: number }) => number,
): Promise<[number, number]> {
  const totals = [0, 0];
  const seconds = [0, 0];
  await run(direct, 300); // warm-up, not counted
  await run(proxied, 300);
  for (let i = 0; i < slices; i++) {
    for (const [side, sockets] of [direct, proxied].entries()) {
      const result = await run(sockets, sliceMs);
      totals[side]! += measure(result);
      seconds[side]! += result.seconds;
    }
  }
  return [totals[0]! / seconds[0]!, totals[1]! / seconds[1]!];
}

/** 50 connections ping-ponging 64 B, RTT_SECONDS per side; round trips per second. */
async function roundTripsPerSecond(originPort: number, proxyPort: number): Promise<[number, number]> {
  const direct = await openMany(originPort, RTT_CONNECTIONS);
  const proxied = await openMany(proxyPort, RTT_CONNECTIONS);
  const payload = Buffer.alloc(64, 7);
  const rates = await alternate(direct, proxied, RTT_SECONDS, 1000, (s, ms) => echoLoad(s, payload, 1, ms), (r) => r.messages);
  await closeAll([...direct, ...proxied]);
  return rates;
}

/** 64 KiB messages, BULK_WINDOW in flight, BULK_SECONDS per side; echoed MB/s. */
async function bulkMegabytesPerSecond(originPort: number, proxyPort: number): Promise<[number, number]> {
  const direct = await openMany(originPort, 1);
  const proxied = await openMany(proxyPort, 1);
  const payload = Buffer.alloc(BULK_MESSAGE, 9);
  const slices = BULK_SECONDS * 2;
  const rates = await alternate(direct, proxied, slices, 500, (s, ms) => echoLoad(s, payload, BULK_WINDOW, ms), (r) => r.bytes / 1e6);
  await closeAll([...direct, ...proxied]);
  return rates;
}

/** Sequential 64 B echoes on one connection each, in alternating blocks; sorted µs samples. */
async function latencies(originPort: number, proxyPort: number): Promise<[number[], number[]]> {
  const sockets = [...(await openMany(originPort, 1)), ...(await openMany(proxyPort, 1))];
  const payload = Buffer.alloc(64, 7);
  const samples: [number[], number[]] = [[], []];
  const blocks = 10;
  const deadline = performance.now() + 60_000;
  for (let block = -1; block < blocks && performance.now() < deadline; block++) {
    for (const [side, ws] of sockets.entries()) {
      for (let i = 0; i < LATENCY_ROUND_TRIPS / blocks; i++) {
        const started = process.hrtime.bigint();
        await new Promise<void>((resolve) => {
          ws.once('message', () => resolve());
          ws.send(payload);
        });
        // Block -1 is warm-up.
        if (block >= 0) samples[side]!.push(Number(process.hrtime.bigint() - started) / 1000);
      }
    }
  }
  await closeAll(sockets);
  return [samples[0].sort((a, b) => a - b), samples[1].sort((a, b) => a - b)];
}

/** RSS growth of the proxy's processes (nginx: master and worker) per idle tunnel, in KB. */
async function idleTunnelKilobytes(proxy: ProxyHandle): Promise<number> {
  const pid = proxy.pid ?? process.pid;
  await closeAll(await openMany(proxy.port, 200)); // warm-up: lazy init is not per tunnel
  await sleep(500);
  await proxy.gc?.();
  const before = treeRssBytes(pid);
  const sockets = await openMany(proxy.port, IDLE_TUNNELS);
  await sleep(1000);
  await proxy.gc?.();
  const after = treeRssBytes(pid);
  await closeAll(sockets);
  return (after - before) / IDLE_TUNNELS / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export async function benchRelay(start: StartProxy = startProxy): Promise<Record<string, number>> {
  const origin = await forkRole('origin');
  const proxy = await start(origin.port);
  try {
    const idleKb = await idleTunnelKilobytes(proxy);
    const [rttDirect, rttProxy] = await roundTripsPerSecond(origin.port, proxy.port);
    const [latDirect, latProxy] = await latencies(origin.port, proxy.port);
    const [bulkDirect, bulkProxy] = await bulkMegabytesPerSecond(origin.port, proxy.port);
    return {
      rtt_direct_per_s: Math.round(rttDirect),
      rtt_proxy_per_s: Math.round(rttProxy),
      rtt_ratio: round(rttProxy / rttDirect),
      latency_direct_p50_us: round(percentile(latDirect, 50), 1),
      latency_direct_p99_us: round(percentile(latDirect, 99), 1),
      latency_proxy_p50_us: round(percentile(latProxy, 50), 1),
      latency_proxy_p99_us: round(percentile(latProxy, 99), 1),
      latency_added_p50_us: round(percentile(latProxy, 50) - percentile(latDirect, 50), 1),
      latency_added_p99_us: round(percentile(latProxy, 99) - percentile(latDirect, 99), 1),
      bulk_direct_MBps: round(bulkDirect, 1),
      bulk_proxy_MBps: round(bulkProxy, 1),
      bulk_ratio: round(bulkProxy / bulkDirect),
      idle_tunnels: IDLE_TUNNELS,
      idle_rss_per_tunnel_KB: round(idleKb, 1),
    };
  } finally {
    await proxy.close();
    await stopChild(origin.child);
  }
}

// ── Entry point ────────────────────────────────────────────────────────────────────

if (process.argv[1] === thisFile) {
  const role = process.argv[2];
  if (role === 'origin') void runOrigin();
  else if (role === 'proxy') runProxy(Number(process.argv[3]));
  else {
    benchRelay().then(
      (result) => {
        console.log(JSON.stringify(result, null, 2));
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  }
}
