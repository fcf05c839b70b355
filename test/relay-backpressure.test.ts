// Backpressure and big transfers over real sockets: a side that stops reading makes the relay
// stop reading from the other side (it holds about one read, not the whole stream), and every
// byte still arrives, in order, once reading resumes (checked by hash: a read buffer reused too
// early, or a chunk written twice or out of order, would show).

import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openTunnel, type Tunnel } from '../src/relay/index.js';
import { listen, startRawOrigin } from './helpers/origins.js';
import { requestAsIs } from './helpers/relay-proxy.js';
import { closeTrackedAfterEach, onCleanup, track } from './helpers/relay-fixtures.js';
import { within } from './helpers/ws-client.js';

closeTrackedAfterEach();

const RESPONSE_101 = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\n';
const REQUEST = 'GET /bytes HTTP/1.1\r\nHost: origin\r\nConnection: Upgrade\r\nUpgrade: bytes\r\n\r\n';
const TOTAL = 24 * 1024 * 1024;
// One read (64 KiB) plus a socket's high-water mark, with room to spare; far below TOTAL.
const HELD_BOUND = 256 * 1024;

/** Deterministic bytes whose every 64 KiB piece differs, so a reused buffer would show. */
function piece(index: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((index * 2654435761 + i * 40503) >>> 0, i);
  return bytes;
}

/**
 * Writes TOTAL bytes as pieces of `size`, waiting for 'drain'; resolves with their SHA-256.
 * `paced`: one piece per turn of the event loop, so the relay reads them one by one.
 */
async function writeAll(socket: net.Socket, size = 64 * 1024, paced = false): Promise<string> {
  const hash = createHash('sha256');
  for (let sent = 0, index = 0; sent < TOTAL; index++) {
    const bytes = piece(index, Math.min(size, TOTAL - sent));
    hash.update(bytes);
    sent += bytes.length;
    if (!socket.write(bytes)) await new Promise((resolve) => socket.once('drain', resolve));
    else if (paced) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** An http server whose upgrades go to `originPort`; reports each tunnel it opens. */
async function relayTo(originPort: number, opened: (tunnel: Tunnel) => void): Promise<number> {
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    const target = { host: '127.0.0.1', port: originPort, tls: false, connectTimeoutMs: 5000, firstByteTimeoutMs: 5000 };
    opened(openTunnel(socket as net.Socket, head, requestAsIs(req), target, { onAccepted: () => {}, onClosed: () => {} }));
  });
  const port = await listen(server);
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return port;
}

/** Samples `held()` every 5 ms until stopped; returns the largest value seen. */
function watchMax(held: () => number): () => number {
  let max = 0;
  const timer = setInterval(() => (max = Math.max(max, held())), 5);
  return () => (clearInterval(timer), max);
}

describe('relay: backpressure', () => {
  // 64 KiB: reads fill a whole read buffer. 6 KiB, paced: small writes pile up at the client while
  // the relay still reads (below the client socket's high-water mark).
  it.each([
    [64 * 1024, false],
    [6 * 1024, true],
  ])('stops reading the origin while the client does not read, then delivers every byte in order (%i B pieces)', { timeout: 60_000 }, async (size, paced) => {
    let sentHash: Promise<string> | undefined;
    const origin = track(
      await startRawOrigin((socket) => {
        socket.once('data', () => {
          socket.write(RESPONSE_101);
          sentHash = writeAll(socket, size, paced).then((hash) => (socket.end(), hash));
        });
      }),
    );
    let tunnel: Tunnel | undefined;
    const port = await relayTo(origin.port, (t) => (tunnel = t));
    const client = net.connect(port, '127.0.0.1');
    client.on('error', () => {});
    onCleanup(() => void client.destroy());
    client.write(REQUEST);
    client.pause(); // read nothing for a while: the tunnel must stop reading the origin
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heldAtClient = watchMax(() => tunnel!.client.writableLength);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const hash = createHash('sha256');
    let headSeen = false;
    let pending = Buffer.alloc(0);
    const received = new Promise<number>((resolve) => {
      let total = 0;
      client.on('data', (chunk: Buffer) => {
        if (!headSeen) {
          pending = Buffer.concat([pending, chunk]);
          const end = pending.indexOf('\r\n\r\n');
          if (end === -1) return;
          headSeen = true;
          chunk = pending.subarray(end + 4);
        }
        total += chunk.length;
        hash.update(chunk);
      });
      client.on('end', () => resolve(total));
    });
    client.resume();
    expect(await within(received, 30_000, 'the whole download')).toBe(TOTAL);
    expect(hash.digest('hex')).toBe(await sentHash);
    expect(heldAtClient()).toBeLessThan(HELD_BOUND);
  });

  it('stops reading the client while the origin does not read, then delivers every byte in order', { timeout: 60_000 }, async () => {
    const upstream = createHash('sha256');
    let upstreamBytes = 0;
    let originSide: net.Socket | undefined;
    let allUploaded: () => void = () => {};
    const uploaded = new Promise<void>((resolve) => (allUploaded = resolve));
    const origin = track(
      await startRawOrigin((socket) => {
        let head: Buffer | null = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          if (head !== null) {
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf('\r\n\r\n');
            if (end === -1) return;
            chunk = head.subarray(end + 4);
            head = null;
            socket.write(RESPONSE_101);
            socket.pause(); // read nothing for a while: the tunnel must stop reading the client
            originSide = socket;
          }
          upstreamBytes += chunk.length;
          upstream.update(chunk);
          if (upstreamBytes >= TOTAL) allUploaded();
        });
      }),
    );
    let tunnel: Tunnel | undefined;
    const port = await relayTo(origin.port, (t) => (tunnel = t));
    const client = net.connect(port, '127.0.0.1');
    client.on('error', () => {});
    onCleanup(() => void client.destroy());
    client.write(REQUEST);
    await within(new Promise<void>((resolve) => client.once('data', () => resolve())), 5000, 'the 101');
    const sentHash = writeAll(client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heldAtOrigin = watchMax(() => tunnel!.origin!.writableLength);
    await new Promise((resolve) => setTimeout(resolve, 300));
    originSide!.resume();
    await within(uploaded, 30_000, 'the whole upload');
    expect(upstreamBytes).toBe(TOTAL);
    expect(upstream.digest('hex')).toBe(await sentHash);
    expect(heldAtOrigin()).toBeLessThan(HELD_BOUND);
  });
});
