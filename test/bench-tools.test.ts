// The benchmark's own tools against real parts: wrk's report as parsed from a real run, CPU time and
// process trees read from /proc, and the peers (nginx, HAProxy) started from temporary configs on
// 127.0.0.1, checked through (their cache really hits or really does not) and stopped.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWrk, runWrk } from '../bench/http-load.js';
import { servesHits } from '../bench/http-targets.js';
import { startHaproxy } from '../bench/peers/haproxy.js';
import { startNginx } from '../bench/peers/nginx.js';
import { findBinary } from '../bench/peers/spawn.js';
import { acceptsTcp, processTree, treeCpuMicros } from '../bench/proc-stats.js';

/** An origin like the benchmark's: cacheable under /cached/, counting the requests it serves. */
function origin(status = 200): Promise<http.Server> {
  let served = 0;
  const server = http.createServer((req, res) => {
    const cacheControl = req.url?.startsWith('/cached/') ? 'max-age=600' : 'no-store';
    res.writeHead(status, { 'Cache-Control': cacheControl, 'X-Origin-Count': String(++served), 'Content-Length': 2 });
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: http.Server) => (server.address() as AddressInfo).port;

describe('wrk driver', () => {
  const wrk = findBinary('wrk');

  it('reads a wrk report whatever the units', () => {
    const text = [
      'Running 2s test @ http://127.0.0.1:1/',
      '  Latency Distribution',
      '     50%  812.00us',
      '     99%    1.20s ',
      '  5000 requests in 2.00s, 1.00MB read',
      '  Socket errors: connect 1, read 2, write 0, timeout 3',
      '  Non-2xx or 3xx responses: 4',
      'Requests/sec:   2500.00',
    ].join('\n');
    expect(parseWrk(text)).toEqual({ requests: 5000, seconds: 2, requestsPerSecond: 2500, p99Ms: 1200, errors: 10 });
    expect(() => parseWrk('wrk: connection refused')).toThrow(/unexpected wrk output/);
  });

  it.skipIf(!wrk)('measures a real server and counts error answers', async () => {
    const ok = await origin();
    const failing = await origin(500);
    try {
      const good = await runWrk(wrk!, `http://127.0.0.1:${portOf(ok)}/`, 1);
      expect(good.requests).toBeGreaterThan(0);
      expect(good.errors).toBe(0);
      expect(good.p99Ms).toBeGreaterThan(0);
      const bad = await runWrk(wrk!, `http://127.0.0.1:${portOf(failing)}/`, 1);
      expect(bad.errors).toBe(bad.requests);
    } finally {
      ok.close();
      failing.close();
    }
  });
});

describe('/proc readings', () => {
  it('finds a child in the process tree and reads the CPU time it burnt', async () => {
    // The child spins until its own CPU clock reads 300 ms, then says so and waits (bounded: 20 s).
    const script = 'while (process.cpuUsage().user < 300000); console.log("spun"); setTimeout(() => {}, 20000);';
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      expect(processTree(process.pid)).toContain(child.pid);
      expect(treeCpuMicros(child.pid!)).toBeGreaterThanOrEqual(280_000); // 10 ms clock ticks
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('peers from temporary configs', () => {
  let server: http.Server;
  beforeAll(async () => (server = await origin()));
  afterAll(() => void server.close());

  it.skipIf(!findBinary('nginx'))('nginx serves the /cached/ path from its cache, on 127.0.0.1, and stops', async () => {
    const nginx = (await startNginx(portOf(server), 'http'))!;
    try {
      expect(await servesHits(nginx.port)).toBe(true);
      expect(processTree(nginx.pid!).length).toBeGreaterThan(1); // master and worker
    } finally {
      await nginx.close();
    }
    expect(await acceptsTcp(nginx.port)).toBe(false);
  });

  it.skipIf(!findBinary('haproxy'))('HAProxy passes every request to the origin and stops', async () => {
    const haproxy = (await startHaproxy(portOf(server), 'http'))!;
    try {
      expect(await servesHits(haproxy.port)).toBe(false);
    } finally {
      await haproxy.close();
    }
    expect(await acceptsTcp(haproxy.port)).toBe(false);
  });
});
