// Pass and lookup requests per second through vcl-edge, side by side with the origin direct.
// The origin and the edge run in child processes; this process is the load generator.
// Bounded: a fixed number of seconds per phase, 50 keep-alive connections, loopback only.
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startEdgeChild } from './edge-child.js';

const HOST = '127.0.0.1';
const CONNECTIONS = 50;
const SECONDS = 4;
const BODY = Buffer.alloc(1024, 'x');
const thisFile = fileURLToPath(import.meta.url);

function startOrigin(): Promise<{ port: number; stop(): void }> {
  const child = fork(thisFile, ['http-origin'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', (m: { port: number }) => resolve({ port: m.port, stop: () => child.kill('SIGKILL') })));
}

/** Requests per second with CONNECTIONS concurrent keep-alive loops for SECONDS. */
async function load(port: number, path: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      http.get({ host: HOST, port, path, agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode} for ${path}`))));
      }).on('error', reject);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return Math.round(done / ((performance.now() - started) / 1000));
}

export async function benchHttp(): Promise<Record<string, number>> {
  const origin = await startOrigin();
  const vcl = fileURLToPath(new URL('../../bench/http-bench.vcl', import.meta.url));
  const edge = await startEdgeChild(vcl, { origin: `http://${HOST}:${origin.port}` });
  try {
    await load(origin.port, '/warm'); // warm both
    const direct = await load(origin.port, '/page');
    const pass = await load(edge.port, '/page');
    const lookup = await load(edge.port, '/cached/page');
    return {
      directRps: direct,
      passRps: pass,
      lookupHitRps: lookup,
      passVsDirect: Number((pass / direct).toFixed(2)),
      lookupVsDirect: Number((lookup / direct).toFixed(2)),
    };
  } finally {
    await edge.close();
    origin.stop();
  }
}

if (process.argv[2] === 'http-origin') {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length, 'Cache-Control': req.url?.startsWith('/cached/') ? 'max-age=600' : 'no-store' });
    res.end(BODY);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, HOST, () => process.send?.({ port: (server.address() as AddressInfo).port }));
} else if (process.argv[1] === thisFile) {
  console.log(JSON.stringify(await benchHttp(), null, 2));
}
