// Issue 13, "every bad input gets the right status": oversize request lines and headers, slow
// headers, and what an operator reads when the edge itself cannot send what VCL built.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from './helpers/cleanup.js';
import { startEdge } from '../src/edge.js';
import { compile } from '../src/index.js';
import { startTestEdge } from './helpers/edge.js';
import { rawExchange, startRecordingOrigin } from './helpers/raw-http.js';
import { eventually } from './helpers/ws-client.js';

const track = closedAfterEach();

const PASS_VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv { return(pass); }`;

async function edgeWithOrigin() {
  const origin = track(await startRecordingOrigin());
  const edge = track(await startTestEdge(PASS_VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
  return { origin, edge };
}

const MB = 1024 * 1024;

describe('7. oversize request line and headers', () => {
  it('a 10 MB URL gets 414 (read, not reset), and the server keeps serving', async () => {
    const { origin, edge } = await edgeWithOrigin();
    const answer = await rawExchange(edge.port, [`GET /${'a'.repeat(10 * MB)} HTTP/1.1\r\nHost: x\r\n\r\n`], { ms: 10_000 });
    expect(answer.status).toBe(414);
    expect(answer.text).toMatch(/\r\nConnection: close\r\n/i);
    expect((await rawExchange(edge.port, ['GET /next HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    expect(origin.seen.map((r) => r.url)).toEqual(['/next']);
  });

  it('a URL over Fastly\'s 8 KB gets 414 without reaching VCL or the origin', async () => {
    const { origin, edge } = await edgeWithOrigin();
    expect((await rawExchange(edge.port, [`GET /${'b'.repeat(8 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`])).status).toBe(414);
    expect((await rawExchange(edge.port, [`GET /${'b'.repeat(8000)} HTTP/1.1\r\nHost: x\r\n\r\n`])).status).toBe(200);
    expect(origin.seen).toHaveLength(1);
  });

  it('oversize header fields get 431: one huge header, many headers, and a head sent in pieces', async () => {
    const { origin, edge } = await edgeWithOrigin();
    const huge = await rawExchange(edge.port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'c'.repeat(MB)}\r\n\r\n`], { ms: 5000 });
    expect(huge.status).toBe(431);
    const many = Array.from({ length: 2000 }, (_, i) => `X-H${i}: ${'d'.repeat(40)}\r\n`).join('');
    expect((await rawExchange(edge.port, [`GET / HTTP/1.1\r\nHost: x\r\n${many}\r\n`], { ms: 5000 })).status).toBe(431);
    const pieces = await rawExchange(edge.port, ['GET / HTTP/1.1\r\n', `Host: x\r\nX-Big: ${'e'.repeat(200 * 1024)}\r\n\r\n`], { gapMs: 50, ms: 5000 });
    expect(pieces.status).toBe(431);
    const longTarget = await rawExchange(edge.port, [`GET /${'f'.repeat(10_000)}`, `${'f'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`], { gapMs: 50, ms: 5000 });
    expect(longTarget.status).toBe(414);
    expect(origin.seen).toEqual([]);
  });

  it('more than 255 header fields (Fastly\'s limit) get 431', async () => {
    const { origin, edge } = await edgeWithOrigin();
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('');
    expect((await rawExchange(edge.port, [`GET / HTTP/1.1\r\nHost: x\r\n${fields(300)}\r\n`])).status).toBe(431);
    expect((await rawExchange(edge.port, [`GET / HTTP/1.1\r\nHost: x\r\n${fields(100)}\r\n`])).status).toBe(200);
    expect(origin.seen).toHaveLength(1);
  });

  it('a client that keeps sending after the status is cut off within the linger bound', async () => {
    const { edge } = await edgeWithOrigin();
    const started = Date.now();
    const parts = [`GET /${'g'.repeat(20_000)}`, ...Array.from({ length: 200 }, () => 'g'.repeat(64 * 1024))];
    const answer = await rawExchange(edge.port, parts, { gapMs: 20, ms: 8000 });
    expect(answer.status).toBe(414);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('slow headers get 408 once the headers timeout passes', async () => {
    const edge = await startEdge({
      vcl: compile(PASS_VCL, { file: 'test.vcl' }),
      port: 0,
      headersTimeoutMs: 500,
      accessLog: devNull(),
      stdout: devNull(),
      warn: () => undefined,
    });
    track(edge);
    const started = Date.now();
    const answer = await rawExchange(edge.port, ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'X-Slow: 1\r\n', 'X-Slow: 2\r\n'], { gapMs: 400, ms: 5000 });
    expect(answer.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('a body that breaks its own framing', () => {
  it('a malformed chunk size gets 400 (not a silent close), and the origin never gets a whole request', async () => {
    const { origin, edge } = await edgeWithOrigin();
    const answer = await rawExchange(edge.port, ['POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'], { ms: 4000, untilClose: true });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1); // only the 400: nothing the edge wrote later leaks out
    expect(origin.seen.filter((r) => r.complete)).toEqual([]);
    expect((await rawExchange(edge.port, ['GET /next HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    // The access log says what the client got, not what the edge would have sent.
    await eventually(() => edge.access.some((r) => r['url'] === '/up'));
    expect(edge.access.find((r) => r['url'] === '/up')).toMatchObject({ method: 'POST', status: 400, bytesOut: 0 });
  });

  it('a client that half-closes mid-body gets 400, and the origin request is aborted', async () => {
    const { origin, edge } = await edgeWithOrigin();
    const answer = await rawExchange(edge.port, ['POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'], { end: true, ms: 4000, untilClose: true });
    expect(answer.status).toBe(400);
    expect(await eventually(() => origin.seen.every((r) => r.aborted), 2000)).toBe(true);
    expect(origin.seen.filter((r) => r.complete)).toEqual([]);
  });
});

describe('8. operators read one clear line', () => {
  it('a header value Node refuses to send: 503 and one line naming the request, the header and why', async () => {
    const origin = track(await startRecordingOrigin());
    const vcl = `${PASS_VCL}\nsub vcl_deliver { set resp.http.X-Q = urldecode(req.url.qs); }`;
    const edge = track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    expect((await rawExchange(edge.port, ['GET /p?a%0Ab HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(503);
    await eventually(() => edge.warnings.length > 0);
    expect(edge.warnings).toHaveLength(1);
    const [line] = edge.warnings;
    expect(line).not.toContain('\n');
    expect(line).toMatch(/GET \/p\?a%0Ab/);
    expect(line).toMatch(/response header X-Q/);
    expect(line).toMatch(/line break/);
  });

  it('a bereq header VCL cannot send: 503 and one line naming the backend request and the header', async () => {
    const origin = track(await startRecordingOrigin());
    const vcl = `${PASS_VCL}\nsub vcl_pass { set bereq.http.X-B = urldecode(req.url.qs); }`;
    const edge = track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    expect((await rawExchange(edge.port, ['GET /b?%0D%0AX-Injected:%201 HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(503);
    await eventually(() => edge.warnings.length > 0);
    expect(edge.warnings).toHaveLength(1);
    expect(edge.warnings[0]).not.toContain('\n');
    expect(edge.warnings[0]).toMatch(/request header X-B/);
    expect(origin.seen).toEqual([]);
  });
});

function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
