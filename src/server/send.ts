// Writing a Delivery (what the lifecycle decided) to the client, streaming origin bodies with
// backpressure and, for cacheable ones, keeping a bounded copy for the cache.
import type { ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { teeToBuffer } from '../engine/cache.js';
import { MAX_OBJECT_BYTES } from '../engine/cache-store.js';
import { fillWithoutClient } from './cache-fill.js';
import { findUnsendable, isHeaderRefusal } from './unsendable.js';
import { FIXED_HOP_BY_HOP } from './hop-by-hop.js';
import type { Delivery } from '../engine/lifecycle.js';
import { Tarpit, tarpitFor } from './tarpit.js';
import { toBytes, toWire } from '../values/bytes.js';

/** Largest body kept for the cache while it streams to the client: the largest object it stores. */
const CACHE_COPY_LIMIT = MAX_OBJECT_BYTES;

/** Counts the bytes that pass, for the access log. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * Resolves with the body bytes sent once the response is finished (or the client went away).
 * Whatever happens, a cacheable delivery's `store` is called exactly once (with the body, or null),
 * because requests collapsed behind this one wait for it.
 */
export function sendDelivery(res: ServerResponse, delivery: Delivery<Readable>, isHead: boolean): Promise<number> {
  const store = once(delivery.store);
  const body = delivery.body;
  const origin = body.kind === 'origin' ? body.body : null;
  try {
    if (body.kind !== 'origin') {
      const data = body.kind === 'synthetic' ? toBytes(body.text) : body.kind === 'cached' ? body.data : Buffer.alloc(0);
      res.writeHead(delivery.status, toWire(delivery.statusText), responseHeaders(delivery, data.length));
      const tarpit = isHead ? null : tarpitFor(delivery.ctx.client?.tarpit, data.length);
      if (tarpit) tarpitInto(res, tarpit).end(data);
      else res.end(isHead ? undefined : data);
      store(null);
      return finished(res, isHead ? 0 : data.length);
    }
    res.writeHead(delivery.status, toWire(delivery.statusText), responseHeaders(delivery, null));
  } catch (e) {
    // e.g. a header value VCL built with a line break in it: the caller answers 503.
    origin?.destroy();
    store(null);
    throw (isHeaderRefusal(e) && findUnsendable('response', responseHeaders(delivery, null), toWire(delivery.statusText))) || e;
  }
  const source = origin!;
  const noBody = delivery.status === 204 || delivery.status === 304;
  const bodyless = isHead || noBody;
  // A HEAD miss was fetched as a GET (lifecycle.ts): its body is not sent, but it fills the cache.
  const tee = delivery.store && !noBody ? teeToBuffer(CACHE_COPY_LIMIT) : null;
  if (bodyless || res.destroyed || res.socket?.destroyed) {
    res.end();
    if (tee) {
      // The client left before the body went out: it still fills the cache.
      void tee.collected.then(store);
      source.pipe(tee.stream);
      fillWithoutClient(source, tee.stream, CACHE_COPY_LIMIT, 0);
    } else {
      source.destroy(); // nothing of it will be sent
      store(null);
    }
    return finished(res, 0);
  }
  // pipe() rather than pipeline(): Node 20's pipeline allocates an AbortController (and a
  // DOMException when it tidies up) per response, a visible cost at thousands of requests a second.
  let bytes = 0;
  source.on('data', (chunk: Buffer) => (bytes += chunk.length));
  source.once('error', () => res.destroy());
  source.once('close', () => {
    if (!source.readableEnded) {
      res.destroy(); // the origin broke off: the client must not take a short body for a whole one
      store(null);
    }
  });
  res.once('close', () => {
    if (source.readableEnded) return;
    if (tee) return fillWithoutClient(source, tee.stream, CACHE_COPY_LIMIT, bytes);
    source.destroy();
    store(null);
  });
  const declared = delivery.headers.get('content-length');
  const tarpit = tarpitFor(delivery.ctx.client?.tarpit, declared === null ? null : Number(declared));
  const sink = tarpit ? tarpitInto(res, tarpit) : res;
  if (tee) {
    void tee.collected.then(store);
    source.pipe(tee.stream).pipe(sink);
  } else {
    source.pipe(sink);
  }
  holdHeadForFirstChunk(res);
  return finished(res, 0).then(() => bytes);
}

/** resp.tarpit: what is written to the returned stream reaches the client chunk by chunk. */
function tarpitInto(res: ServerResponse, request: NonNullable<ReturnType<typeof tarpitFor>>): Tarpit {
  const tarpit = new Tarpit(request);
  res.flushHeaders(); // the head goes at once; only the body is slowed
  tarpit.pipe(res);
  res.once('close', () => tarpit.destroy());
  return tarpit;
}

/**
 * Node writes a response head by itself, then each body chunk: two writes (two syscalls) for a small
 * response. Corked until the chunks already at hand have flowed (pipe starts them on the next tick),
 * the head and the first chunk leave in one write.
 */
function holdHeadForFirstChunk(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || res.headersSent) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/** Node's flat header list; values in wire form (one char per byte) so each VCL byte is sent as itself. */
function responseHeaders(delivery: Delivery<Readable>, length: number | null): string[] {
  const flat: string[] = [];
  let hasLength = false;
  // A 204 carries no Content-Length (RFC 9110 §8.6), even one its origin sent: a client that took it
  // for a body to read would wait, or read the next response as that body.
  const noLength = delivery.status === 204;
  const headers = delivery.headers;
  for (let i = 0; i < headers.size; i++) {
    const lower = headers.lowerAt(i);
    if (FIXED_HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') {
      hasLength = true;
      if (noLength) continue;
    }
    flat.push(headers.nameAt(i), toWire(headers.valueAt(i)));
  }
  if (length !== null && !hasLength && !noLength) flat.push('Content-Length', String(length));
  return flat;
}

function once(store: ((body: Buffer | null) => void) | undefined): (body: Buffer | null) => void {
  let called = false;
  return (body) => {
    if (called || !store) return;
    called = true;
    store(body);
  };
}

function finished(res: ServerResponse, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve(bytes);
    res.once('finish', () => resolve(bytes));
    res.once('close', () => resolve(bytes));
  });
}
