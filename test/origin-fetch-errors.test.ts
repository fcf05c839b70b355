import net, { type AddressInfo, type Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Headers } from '../src/values/headers.js';
import { makeBackendTarget, type BackendTarget } from '../src/server/backends.js';
import { OriginError, closeOriginAgents, fetchFromOrigin } from '../src/server/origin-fetch.js';
import { startHttpOrigin, startHttpsOrigin, type TestOrigin } from './helpers/http-origins.js';
import { makeTestCa, type TestCa } from './helpers/tls.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  closeOriginAgents();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function httpOrigin(handler: Parameters<typeof startHttpOrigin>[0]): Promise<TestOrigin> {
  const o = await startHttpOrigin(handler);
  cleanups.push(o.close);
  return o;
}

/** A raw TCP origin for misbehaviour an HTTP server will not produce. */
async function rawOrigin(onConnection: (socket: Socket, index: number) => void): Promise<number> {
  const sockets = new Set<Socket>();
  let index = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection(socket, index++);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

function target(port: number, extra: Partial<BackendTarget> = {}): BackendTarget {
  return makeBackendTarget({ name: 'F_app', host: '127.0.0.1', port, tls: false, ...extra });
}

const get = (t: BackendTarget) => fetchFromOrigin(t, { method: 'GET', url: '/', headers: new Headers(), body: null });

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function originError(p: Promise<unknown>): Promise<OriginError> {
  const err = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OriginError);
  return err as OriginError;
}

describe('origin errors', () => {
  it('reports a refused connection as connect, naming address and backend', async () => {
    const port = await rawOrigin(() => {});
    await cleanups.pop()!(); // close it again: now nothing listens on `port`
    const err = await originError(get(target(port)));
    expect(err.kind).toBe('connect');
    expect(err.message).toBe(`connect ECONNREFUSED 127.0.0.1:${port} (backend F_app)`);
  });

  it('bounds connecting (here a TLS handshake that never answers) by connect_timeout', async () => {
    const port = await rawOrigin(() => {}); // accepts TCP, never speaks TLS
    const err = await originError(get(target(port, { tls: true, connectTimeoutMs: 200 })));
    expect(err.kind).toBe('connect');
    expect(err.message).toMatch(/timed out after connect_timeout 200 ms \(backend F_app\)/);
  });

  it('bounds the wait for response headers by first_byte_timeout', async () => {
    const o = await httpOrigin(() => {}); // never answers
    const err = await originError(get(target(o.port, { firstByteTimeoutMs: 200 })));
    expect(err.kind).toBe('first-byte-timeout');
    expect(err.message).toContain('first_byte_timeout 200 ms');
  });

  it('destroys the body stream when the origin goes silent mid-body (between_bytes_timeout)', async () => {
    const o = await httpOrigin((_req, res) => res.write('partial')); // never ends
    const res = await get(target(o.port, { betweenBytesTimeoutMs: 200 }));
    const err = await originError(readAll(res.body));
    expect(err.kind).toBe('between-bytes-timeout');
  });

  it('does not count a slow client (backpressure) as origin silence', async () => {
    const size = 4 * 1024 * 1024;
    const o = await httpOrigin((_req, res) => res.end(Buffer.alloc(size, 7)));
    const res = await get(target(o.port, { betweenBytesTimeoutMs: 250 }));
    await new Promise((r) => setTimeout(r, 800)); // the consumer dawdles far past the timeout
    expect((await readAll(res.body)).length).toBe(size);
  });

  it('reports a malformed response as protocol', async () => {
    const port = await rawOrigin((socket) => socket.once('data', () => socket.end('NONSENSE\r\n\r\n')));
    const err = await originError(get(target(port)));
    expect(err.kind).toBe('protocol');
    expect(err.message).toMatch(/\(backend F_app\)$/);
  });

  it('fails the body with protocol when the origin closes mid-body', async () => {
    const port = await rawOrigin((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc');
        setImmediate(() => socket.destroy());
      }),
    );
    const res = await get(target(port));
    const err = await originError(readAll(res.body));
    expect(err.kind).toBe('protocol');
    expect(err.message).toContain('mid-body');
  });

  it('fails the fetch when the request body is cut short', async () => {
    const o = await httpOrigin((req) => req.resume()); // reads the upload, never answers
    const body = new PassThrough();
    const headers = new Headers([['Content-Length', '1000']]);
    const pending = fetchFromOrigin(target(o.port), { method: 'POST', url: '/', headers, body });
    body.write('only some of it');
    setImmediate(() => body.destroy());
    const err = await originError(pending);
    expect(err.kind).toBe('protocol');
    expect(err.message).toContain('request body was cut short');
  });

  it('retries a body-less request once when a reused keep-alive connection turns out closed', async () => {
    const port = await rawOrigin((socket, index) => {
      let requests = 0;
      socket.on('data', () => {
        requests++;
        // The first connection serves one request, then drops the next as if it had timed out.
        if (index === 0 && requests === 2) socket.destroy();
        else socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\n${index}`);
      });
    });
    const t = target(port);
    expect((await readAll((await get(t)).body)).toString()).toBe('0');
    expect((await readAll((await get(t)).body)).toString()).toBe('1');
  });
});

describe('HTTPS origins', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await makeTestCa('origin.test');
  });
  afterAll(() => ca.cleanup());

  async function httpsOrigin(): Promise<TestOrigin> {
    const o = await startHttpsOrigin((req, res) => res.end(`hello ${req.headers.host}`), {
      key: ca.keyPem,
      cert: ca.certPem,
    });
    cleanups.push(o.close);
    return o;
  }
  const tlsTarget = (port: number, extra: Partial<BackendTarget> = {}) =>
    target(port, { tls: true, servername: 'origin.test', certHostname: 'origin.test', ...extra });

  it('rejects a certificate from an unknown CA as tls', async () => {
    const o = await httpsOrigin();
    const err = await originError(get(tlsTarget(o.port)));
    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed: .*\(backend F_app\)/);
  });

  it('trusts the extra CA, sends SNI and verifies the certificate name', async () => {
    const o = await httpsOrigin();
    const res = await get(tlsTarget(o.port, { ca: [ca.caPem], hostHeader: 'origin.test' }));
    expect(res.status).toBe(200);
    expect((await readAll(res.body)).toString()).toBe(`hello 127.0.0.1:${o.port}`);
    expect(o.servernames).toEqual(['origin.test']);
  });

  it('rejects a certificate that does not cover certHostname', async () => {
    const o = await httpsOrigin();
    const err = await originError(get(tlsTarget(o.port, { ca: [ca.caPem], certHostname: 'other.test' })));
    expect(err.kind).toBe('tls');
    expect(err.message).toContain('other.test');
  });

  it('reuses one TLS connection for sequential fetches', async () => {
    const o = await httpsOrigin();
    const t = tlsTarget(o.port, { ca: [ca.caPem] });
    for (let i = 0; i < 3; i++) await readAll((await get(t)).body);
    expect(o.connections()).toBe(1);
  });
});
