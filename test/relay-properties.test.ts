// Properties: bytes, not frames. Whatever chunking the sender uses, the tunnel delivers
// the same bytes in the same order, both ways. Plus the head and body parsers under
// arbitrary splits.

import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFramingFor } from '../src/relay/body-framing.js';
import { ResponseHeadReader } from '../src/relay/response-head.js';
import { startRawOrigin, type RawOrigin } from './helpers/origins.js';
import { startRelayProxy, type RelayProxy } from './helpers/relay-proxy.js';
import { within } from './helpers/ws-client.js';

const RESPONSE_101 = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\n';
const chunkings = fc.array(fc.uint8Array({ minLength: 0, maxLength: 4096 }), { minLength: 0, maxLength: 40 });

/** What the origin does on each connection in the current run. */
let downstream: Uint8Array[] = [];
let upstreamSeen: (bytes: Buffer) => void = () => {};
let origin: RawOrigin;
let proxy: RelayProxy;

beforeAll(async () => {
  // After its 101, the origin writes `downstream` as separate writes and reports
  // everything it receives from the client once the client's FIN arrives.
  origin = await startRawOrigin((socket) => {
    let head = Buffer.alloc(0);
    let upstream: Buffer[] | null = null;
    socket.on('data', (chunk: Buffer) => {
      if (upstream) return void upstream.push(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      upstream = [head.subarray(end + 4)];
      socket.write(RESPONSE_101);
      for (const piece of downstream) socket.write(piece);
      socket.end();
    });
    socket.on('end', () => upstreamSeen(Buffer.concat(upstream ?? [])));
  }, { allowHalfOpen: true });
  proxy = await startRelayProxy({ target: { port: origin.port } });
});
afterAll(async () => {
  await proxy?.close();
  await origin?.close();
});

/** Opens a raw tunnel, writes `up` as separate writes then FIN; returns what came back after the 101. */
function roundTrip(up: Uint8Array[]): Promise<{ down: Buffer; upAtOrigin: Buffer }> {
  const upAtOrigin = new Promise<Buffer>((resolve) => (upstreamSeen = resolve));
  const down = new Promise<Buffer>((resolve, reject) => {
    const client = net.connect(proxy.port, '127.0.0.1');
    const received: Buffer[] = [];
    client.on('error', reject);
    client.on('data', (chunk: Buffer) => received.push(chunk));
    client.on('end', () => {
      client.destroy();
      const all = Buffer.concat(received);
      resolve(all.subarray(all.indexOf('\r\n\r\n') + 4));
    });
    client.write('GET /bytes HTTP/1.1\r\nHost: origin\r\nConnection: Upgrade\r\nUpgrade: bytes\r\n\r\n');
    for (const piece of up) client.write(piece);
    client.end();
  });
  return within(
    Promise.all([down, upAtOrigin]).then(([d, u]) => ({ down: d, upAtOrigin: u })),
    5000,
    'a byte round trip',
  );
}

describe('relay: byte properties', () => {
  it('delivers any chunking intact and in order, both ways', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(chunkings, chunkings, async (up, downChunks) => {
        downstream = downChunks;
        const { down, upAtOrigin } = await roundTrip(up);
        expect(upAtOrigin.equals(Buffer.concat(up))).toBe(true);
        expect(down.equals(Buffer.concat(downChunks))).toBe(true);
      }),
      { numRuns: 50 },
    );
    await proxy.whenClosed(50, 5000);
    expect(proxy.closed.slice(0, 50).every((c) => c.error === undefined)).toBe(true);
  });
});

describe('relay: parser properties', () => {
  it('finds the response head and the bytes after it under any split', () => {
    const head = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nX-A: 1\r\n\r\n';
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), (after, cuts) => {
        const bytes = Buffer.concat([Buffer.from(head), after]);
        const reader = new ResponseHeadReader();
        let result: ReturnType<ResponseHeadReader['push']> = { kind: 'incomplete' };
        let at = 0;
        for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
          if (cut < at) continue;
          result = reader.push(bytes.subarray(at, cut));
          at = cut;
          if (result.kind !== 'incomplete') break;
        }
        expect(result.kind).toBe('head');
        if (result.kind !== 'head') return;
        expect(result.head.status).toBe(101);
        expect(result.head.raw.toString()).toBe(head);
        expect(Buffer.concat([result.rest, bytes.subarray(at)]).equals(Buffer.from(after))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('finds the end of a chunked body under any split', () => {
    const head = new ResponseHeadReader().push(
      Buffer.from('HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n'),
    );
    if (head.kind !== 'head') throw new Error('test head did not parse');
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.uint8Array({ maxLength: 20 }),
        (chunks, cuts, trailing) => {
          const body = Buffer.concat([
            ...chunks.map((c) => Buffer.concat([Buffer.from(`${c.length.toString(16)};ext=1\r\n`), c, Buffer.from('\r\n')])),
            Buffer.from('0\r\nX-Trailer: t\r\n\r\n'),
          ]);
          const stream = Buffer.concat([body, trailing]);
          const framing = bodyFramingFor(head.head, 'GET');
          let consumed = 0;
          let at = 0;
          for (const cut of [...cuts.map((c) => c % (stream.length + 1)).sort((a, b) => a - b), stream.length]) {
            if (cut < at || framing.done) continue;
            consumed += framing.push(stream.subarray(at, cut));
            at = cut;
          }
          expect(framing.done).toBe(true);
          expect(consumed).toBe(body.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
