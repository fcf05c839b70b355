// Issue 13, "nothing leaks": clients that leave in the middle. An abandoned upload must not leave
// the origin waiting (nor a file descriptor open), and a collapsed cache fill belongs to the cache,
// not to the first client that asked for it.
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from './helpers/cleanup.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { openFds, rawExchange, startRecordingOrigin } from './helpers/raw-http.js';
import { eventually, within } from './helpers/ws-client.js';

const track = closedAfterEach();

const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv { if (req.method == "POST") { return(pass); } return(lookup); }`;

async function edgeTo(port: number) {
  return track(await startTestEdge(VCL, { backends: { origin: `http://127.0.0.1:${port}` } }));
}

/** Starts a 10 MB upload, sends `sendBytes` of it, waits until the origin has some, then disconnects. */
async function abandonUpload(port: number, sendBytes: number, originHasSome: () => boolean): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
  socket.write(Buffer.alloc(sendBytes, 1));
  await within(eventually(originHasSome, 3000), 4000, 'the origin to receive part of the body');
  socket.destroy();
}

describe('5. client abort during an upload', () => {
  it('aborts the origin request when the client leaves, and the fds return to their baseline', async () => {
    // Answers a GET; an upload it reads but never answers: it waits for the whole body.
    const origin = track(await startRecordingOrigin((req, res) => (req.method === 'GET' ? res.end('ok') : req.resume())));
    const edge = await edgeTo(origin.port);
    // One exchange first, so lazily created handles (agents, timers) exist before the baseline.
    expect((await rawExchange(edge.port, ['GET /warm HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    const baseline = openFds();
    const aborts = 20;
    for (let i = 0; i < aborts; i++) {
      await abandonUpload(edge.port, 256 * 1024, () => (origin.seen[i + 1]?.bodyBytes ?? 0) > 0);
    }
    const allAborted = await eventually(() => origin.seen.length === aborts + 1 && origin.seen.slice(1).every((r) => r.aborted), 3000);
    expect(allAborted, 'every origin request was aborted').toBe(true);
    expect(origin.seen.every((r) => r.bodyBytes < 10 * 1024 * 1024)).toBe(true);
    expect(await eventually(() => openFds() <= baseline, 3000), `fds back to ${baseline} (now ${openFds()})`).toBe(true);
    // The operator reads what happened, not a backend failure.
    expect(edge.warnings.length).toBeGreaterThan(0);
    for (const line of edge.warnings) expect(line).toMatch(/POST \/upload: the client left before sending the whole body; the request to backend origin was aborted/);
  });

  it('aborts the origin request when the client leaves before the body is taken', async () => {
    // vcl_recv is quick, so leave while the fetch is being set up: the body stream is already gone.
    const origin = track(await startRecordingOrigin((req) => req.resume()));
    const edge = await edgeTo(origin.port);
    const socket = net.connect(edge.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc', () => socket.destroy());
    await eventually(() => origin.seen.length === 1, 2000);
    expect(await eventually(() => origin.seen.length === 1 && origin.seen[0]!.aborted, 3000)).toBe(true);
  });
  it('aborts the origin request when the client leaves an upload that came through the upgrade event (h2c)', async () => {
    const origin = track(await startRecordingOrigin((req) => req.resume()));
    const edge = await edgeTo(origin.port);
    const socket = net.connect(edge.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
    socket.write(Buffer.alloc(256 * 1024, 1));
    await within(eventually(() => (origin.seen[0]?.bodyBytes ?? 0) > 0, 3000), 4000, 'part of the body at the origin');
    socket.destroy();
    expect(await eventually(() => origin.seen[0]!.aborted, 3000)).toBe(true);
  });
});

describe('6. a collapsed fetch outlives its first client', () => {
  /** An origin that answers after `headDelayMs` and streams 10 × 1000 bytes, 30 ms apart. */
  async function slowOrigin(headDelayMs: number) {
    let fetches = 0;
    let completed = 0;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        fetches++;
        res.on('finish', () => completed++);
        let timer: NodeJS.Timeout | undefined;
        const head = setTimeout(() => {
          res.writeHead(200, { 'Cache-Control': 'max-age=60', 'Content-Length': '10000' });
          let n = 0;
          timer = setInterval(() => {
            res.write('x'.repeat(1000));
            if (++n === 10) {
              clearInterval(timer);
              res.end();
            }
          }, 30);
        }, headDelayMs);
        res.on('close', () => (clearTimeout(head), clearInterval(timer)));
      }),
    );
    return { origin, fetches: () => fetches, completed: () => completed };
  }

  const get = (port: number, path: string) =>
    new Promise<{ status: number; length: number; cache: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          let length = 0;
          res.on('data', (c: Buffer) => (length += c.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, length, cache: String(res.headers['x-cache']) }));
          res.on('error', reject);
        })
        .on('error', reject);
    });

  /** The first client: leaves once the first body bytes arrive (or at once, before the head). */
  const leaver = (port: number, path: string, when: 'first-bytes' | 'before-head') =>
    new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.on('error', () => resolve());
      if (when === 'before-head') setTimeout(() => (req.destroy(), resolve()), 100);
    });

  it('the first of ten concurrent misses leaving mid-body: the other nine get the body from one fetch', async () => {
    const { origin, fetches } = await slowOrigin(0);
    const edge = await edgeTo(origin.port);
    const first = leaver(edge.port, '/c', 'first-bytes');
    await eventually(() => fetches() === 1);
    const others = Promise.all(Array.from({ length: 9 }, () => get(edge.port, '/c')));
    await first;
    const answers = await within(others, 8000, 'the nine other clients');
    expect(answers.map((a) => [a.status, a.length])).toEqual(Array(9).fill([200, 10_000]));
    expect(fetches()).toBe(1);
  });

  it('the only client leaving before the head: the fetch still fills the cache', async () => {
    const { origin, fetches, completed } = await slowOrigin(300);
    const edge = await edgeTo(origin.port);
    await leaver(edge.port, '/alone', 'before-head');
    // Nobody waits: once the origin has sent the whole body, the object is in the cache.
    expect(await eventually(() => completed() === 1, 5000), 'the origin sent the whole body').toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const later = await get(edge.port, '/alone');
    expect([later.status, later.length, later.cache]).toEqual([200, 10_000, 'HIT']);
    expect(fetches()).toBe(1);
  });

  it('a fill whose client left still stops at the cache copy limit (nothing reads an endless body)', async () => {
    let closedByEdge = false;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        res.writeHead(200, { 'Cache-Control': 'max-age=60' });
        const chunk = Buffer.alloc(64 * 1024, 7);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => (closedByEdge = true));
        pump();
      }),
    );
    const edge = await edgeTo(origin.port);
    await leaver(edge.port, '/endless', 'first-bytes');
    expect(await eventually(() => closedByEdge, 8000), 'the edge gave up the endless fill').toBe(true);
  });
});
