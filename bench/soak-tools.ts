// Tools for the reliability soak: raw exchanges with the edge, the origin it talks to, and the edge
// process's open fds and resident memory read from /proc. Loopback only; every wait is bounded.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const HOST = '127.0.0.1';

/** Open file descriptors of process `pid` (Linux). */
export function fdsOf(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident set size of process `pid`, in MiB (Linux). */
export function rssMiBOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function settles(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Sends `bytes`, returns the status of the first response (0 for none) once it or a close arrives, within `ms`. */
export function exchange(port: number, bytes: string | Buffer, ms = 5000): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST, () => socket.write(bytes));
    let head = '';
    const done = (status: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(0), ms);
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (match && head.includes('\r\n\r\n')) done(Number(match[1]));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)));
  });
}

/** Runs `task(i)` for i < count with at most `parallel` at once. */
export async function inParallel(count: number, parallel: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export interface SoakOrigin {
  port: number;
  /** Fetches per /cache/ path. */
  fetches: Map<string, number>;
  /** Requests that reached the origin without VCL's stamp, or for /admin. */
  unseen: number;
  uploadsAborted: number;
  /** Bytes written to /big readers so far. */
  bigBytes: number;
  close(): Promise<void>;
}

/**
 * /cache/* 10 × 1000 bytes over 300 ms (cacheable); /upload reads and never answers; /big streams
 * up to 256 MiB with backpressure; anything else 200 "ok".
 */
export async function startSoakOrigin(): Promise<SoakOrigin> {
  const origin: SoakOrigin = { port: 0, fetches: new Map(), unseen: 0, uploadsAborted: 0, bigBytes: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.headers['x-vcl-view'] !== `${req.method} ${url}` || url.startsWith('/admin')) origin.unseen++;
    if (url.startsWith('/cache/')) return slowCacheable(url, res, origin);
    if (url === '/upload') {
      req.on('close', () => !req.complete && origin.uploadsAborted++);
      return void req.resume();
    }
    if (url === '/big') return big(res, origin);
    res.writeHead(200, { 'Content-Length': '2', 'Cache-Control': 'no-store' }).end('ok');
  });
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  origin.port = (server.address() as AddressInfo).port;
  origin.close = () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve())));
  return origin;
}

function slowCacheable(url: string, res: http.ServerResponse, origin: SoakOrigin): void {
  origin.fetches.set(url, (origin.fetches.get(url) ?? 0) + 1);
  res.writeHead(200, { 'Cache-Control': 'max-age=600', 'Content-Length': '10000' });
  let sent = 0;
  const timer = setInterval(() => {
    res.write('x'.repeat(1000));
    if (++sent < 10) return;
    clearInterval(timer);
    res.end();
  }, 30);
  res.on('close', () => clearInterval(timer));
}

function big(res: http.ServerResponse, origin: SoakOrigin): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  const pump = (): void => {
    while (written < 256 * 1024 * 1024 && !res.destroyed) {
      written += chunk.length;
      origin.bigBytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}
