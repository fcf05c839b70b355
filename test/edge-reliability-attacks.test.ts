// Issue 13's standing suite: what vcl-edge already survived when the issue was filed, kept so it
// stays that way. Request smuggling, slowloris, garbage, CRLF from VCL, ReDoS, readers that stall,
// connections killed at every stage, a TLS origin without its CA. Real sockets on 127.0.0.1, every
// count and wait bounded; the heavy versions are `npm run soak` (bench/soak.ts).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedAfterEach } from './helpers/cleanup.js';
import { expectOnlyWhatVclSaw, GUARD_VCL, guardedEdge, SMUGGLED } from './helpers/guarded-edge.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin, startHttpsOrigin } from './helpers/http-origins.js';
import { openFds, rawExchange, rssMiB, startRecordingOrigin, wsHandshake } from './helpers/raw-http.js';
import { makeTestCa, type TestCa } from './helpers/tls.js';
import { eventually, within } from './helpers/ws-client.js';

const track = closedAfterEach();


const guarded = (options?: Parameters<typeof guardedEdge>[1], respond?: Parameters<typeof guardedEdge>[2]) => guardedEdge(track, options, respond);


const N = SMUGGLED.length;
const SMUGGLING_VECTORS: [string, string][] = [
  ['CL and TE', `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['TE and CL', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: ${N + 5}\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['two different CLs', `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: ${N}\r\n\r\n${SMUGGLED}`],
  ['TE xchunked', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['space before colon', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['TE chunked, identity', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['TE by obs-fold', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ['CL with a sign', `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +${N}\r\n\r\n${SMUGGLED}`],
  ['chunk size overflow', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nx\r\n0\r\n\r\n${SMUGGLED}`],
  ['bare LF in chunk', `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n${SMUGGLED}`],
  ['NUL in a header', `GET /a HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n${SMUGGLED}`],
  ['body on a GET', `GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: ${N}\r\n\r\n${SMUGGLED}`],
  ['pipelined', `GET /a HTTP/1.1\r\nHost: x\r\n\r\n${SMUGGLED}`],
  ['upgrade handshake carrying a request', `${wsHandshake('/a')}${SMUGGLED}`],
];

describe('request smuggling', () => {
  it.each(SMUGGLING_VECTORS)('%s: refused, or only what VCL saw reaches the origin', async (_name, bytes) => {
    const { origin, edge } = await guarded();
    const answer = await rawExchange(edge.port, [bytes], { ms: 2000, end: true });
    // A body that breaks its framing after the head was accepted gets its 400 too, not a silent close.
    expect([200, 400, 403]).toContain(answer.status);
    await new Promise((r) => setTimeout(r, 100)); // anything smuggled would have arrived by now
    expectOnlyWhatVclSaw(origin);
    expect((await rawExchange(edge.port, ['GET /next HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
  });
});

describe('slow and garbage clients', () => {
  it('slowloris: 100 trickling heads do not delay other requests, and each gets 408 and is closed', async () => {
    const { edge } = await guarded({ headersTimeoutMs: 1000 });
    const baseline = openFds();
    const answers: Promise<string>[] = [];
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 100; i++) {
      const socket = net.connect(edge.port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      answers.push(new Promise((resolve) => {
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
        socket.on('close', () => resolve(text));
      }));
    }
    const trickle = setInterval(() => sockets.forEach((s) => !s.destroyed && s.write('X-Slow: 1\r\n')), 200);
    try {
      const started = performance.now();
      for (let i = 0; i < 5; i++) expect((await rawExchange(edge.port, [`GET /quick${i} HTTP/1.1\r\nHost: x\r\n\r\n`])).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      const texts = await within(Promise.all(answers), 5000, 'every slow client to be answered');
      expect(texts.every((t) => t.startsWith('HTTP/1.1 408 '))).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(await eventually(() => openFds() <= baseline, 3000)).toBe(true);
  });

  it('garbage: 200 seeded random blobs get 400 or a close, never a crash, and the server keeps serving', async () => {
    const { origin, edge } = await guarded();
    let seed = 13;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 200; i++) {
      const blob = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
      const answer = await rawExchange(edge.port, [blob], { ms: 1500, end: true });
      expect([0, 400, 405, 408, 414, 431]).toContain(answer.status);
    }
    expect((await rawExchange(edge.port, ['GET /after HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    expectOnlyWhatVclSaw(origin);
  });

  it('a client that half-closes right after its request still gets the answer', async () => {
    const { edge } = await guarded();
    const answer = await rawExchange(edge.port, ['GET /half HTTP/1.1\r\nHost: x\r\n\r\n'], { end: true });
    expect(answer.status).toBe(200);
  });

  it('a malformed request pipelined behind a good one: the good one is answered first, then 400', async () => {
    const { origin, edge } = await guarded();
    const answer = await rawExchange(edge.port, ['GET /first HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n'], { ms: 4000, untilClose: true });
    expect(answer.text).toMatch(/^HTTP\/1\.1 200 [\s\S]*origin ok[\s\S]*HTTP\/1\.1 400 /);
    expect(origin.seen.map((r) => r.url)).toEqual(['/first']);
  });

  it('bytes after a request that closes the connection are ignored, the request is served', async () => {
    const { origin, edge } = await guarded();
    const answer = await rawExchange(edge.port, [`GET /only HTTP/1.0\r\n\r\n${SMUGGLED}`], { end: true });
    expect(answer.status).toBe(200);
    expect(origin.seen.map((r) => r.url)).toEqual(['/only']);
  });

  it('CONNECT gets 405, not a dropped connection', async () => {
    const { origin, edge } = await guarded();
    expect((await rawExchange(edge.port, ['CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n'])).status).toBe(405);
    expect(origin.seen).toEqual([]);
  });
});

describe('what VCL builds', () => {
  it('CRLF from VCL never splits the response or the origin request', async () => {
    const origin = track(await startRecordingOrigin());
    const vcl = `${GUARD_VCL.replace('return (pass);', 'set req.http.X-From-Url = urldecode(req.url.qs); return (pass);')}
      sub vcl_deliver { set resp.http.X-Echo = urldecode(req.url.qs); }`;
    const edge = track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    const answer = await rawExchange(edge.port, ['GET /s?%0D%0AX-Injected:%201 HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(answer.status).toBe(503);
    expect(answer.text).not.toMatch(/\r\nX-Injected:/i);
    expect(origin.seen.flatMap((r) => r.headers.map(([n]) => n.toLowerCase()))).not.toContain('x-injected');
  });

  it('ReDoS: a catastrophic-backtracking pattern on a long URL answers at once (linear-time regex)', async () => {
    const vcl = `backend origin { .host = "127.0.0.1"; .port = "1"; }
      sub vcl_recv { if (req.url ~ "^/(a+)+$") { error 200 "matched"; } error 404 "no"; }`;
    const edge = track(await startTestEdge(vcl));
    const started = performance.now();
    const answer = await rawExchange(edge.port, [`GET /${'a'.repeat(5000)}! HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(answer.status).toBe(404);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('stalled readers and killed connections', () => {
  it('a reader that stops reading holds the origin back (backpressure), so memory stays bounded', async () => {
    let written = 0;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (written < 256 * 1024 * 1024 && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      }),
    );
    const edge = track(await startTestEdge(GUARD_VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    const rssBefore = rssMiB();
    const readers = Array.from({ length: 4 }, () => {
      const socket = net.connect(edge.port, '127.0.0.1', () => socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('error', () => undefined);
      socket.pause(); // never reads
      return socket;
    });
    await new Promise((r) => setTimeout(r, 1500));
    const buffered = written;
    readers.forEach((s) => s.destroy());
    // 4 × 256 MiB were on offer; socket buffers and stream high-water marks are all that may fill.
    expect(buffered).toBeLessThan(4 * 16 * 1024 * 1024);
    expect(rssMiB() - rssBefore).toBeLessThan(150);
  });

  it('300 connections killed at every stage leave no fd behind, and the server keeps serving', async () => {
    const slowOrigin = track(await startHttpOrigin((_req, res) => setTimeout(() => res.end('late'), 200)));
    const edge = track(await startTestEdge(GUARD_VCL, { backends: { origin: `http://127.0.0.1:${slowOrigin.port}` } }));
    expect((await rawExchange(edge.port, ['GET /warm HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    const baseline = openFds();
    const stages = [
      '',
      'GET /a HTT',
      'GET /a HTTP/1.1\r\nHost: x\r\n\r\n',
      `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(1000)}`,
      wsHandshake('/ws'),
    ];
    for (let round = 0; round < 60; round++) {
      await Promise.all(
        stages.map(
          (bytes) =>
            new Promise<void>((resolve) => {
              const socket = net.connect(edge.port, '127.0.0.1', () => {
                if (bytes) socket.write(bytes);
                setTimeout(() => socket.destroy(), round % 3 === 0 ? 0 : 20);
              });
              socket.on('error', () => undefined);
              socket.on('close', () => resolve());
            }),
        ),
      );
    }
    expect((await rawExchange(edge.port, ['GET /after HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    // Idle pooled connections to the origin close after 4 s (agents.ts): wait past that.
    expect(await eventually(() => openFds() <= baseline + 2, 8000), `fds ${openFds()} vs baseline ${baseline}`).toBe(true);
  });
});

describe('TLS to the origin', () => {
  let ca: TestCa;
  beforeAll(async () => void (ca = await makeTestCa()), 30_000);
  afterAll(() => ca.cleanup());

  it('refuses a private-CA origin without the CA (503, a certificate reason), serves it with the CA', async () => {
    const origin = track(await startHttpsOrigin((_req, res) => res.end('secret'), { key: ca.keyPem, cert: ca.certPem }));
    const vcl = 'backend origin { .host = "127.0.0.1"; .port = "1"; } sub vcl_recv { return(pass); }';
    const without = track(await startTestEdge(vcl, { backends: { origin: `https://127.0.0.1:${origin.port}` } }));
    const refused = await rawExchange(without.port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(refused.status).toBe(503);
    expect(without.warnings.join('\n')).toMatch(/TLS|certificate/i);
    const withCa = track(await startTestEdge(vcl, { backends: { origin: `https://127.0.0.1:${origin.port}` }, caFiles: [ca.caPem] }));
    const served = await rawExchange(withCa.port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect([served.status, served.text.endsWith('secret')]).toEqual([200, true]);
  });
});
