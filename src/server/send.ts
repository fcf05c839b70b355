// Writing a Delivery (what the lifecycle decided) to the client, streaming origin bodies with
// backpressure and, for cacheable ones, keeping a bounded copy for the cache.
import type { ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { teeToBuffer } from '../engine/cache.js';
import { HOP_BY_HOP_HEADERS } from './hop-by-hop.js';
import type { Delivery } from '../engine/lifecycle.js';

/** Largest body kept for the cache while it streams to the client. */
const CACHE_COPY_LIMIT = 16 * 1024 * 1024;
const HOP_BY_HOP = new Set(HOP_BY_HOP_HEADERS.map((h) => h.toLowerCase()));

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
      const data = body.kind === 'synthetic' ? Buffer.from(body.text, body.encoding ?? 'utf8') : body.kind === 'cached' ? body.data : Buffer.alloc(0);
      res.writeHead(delivery.status, delivery.statusText, responseHeaders(delivery, data.length));
      res.end(isHead ? undefined : data);
      store(null);
      return finished(res, isHead ? 0 : data.length);
    }
    res.writeHead(delivery.status, delivery.statusText, responseHeaders(delivery, null));
  } catch (e) {
    // e.g. a header value VCL built with a line break in it: the caller answers 503.
    origin?.destroy();
    store(null);
    throw e;
  }
  const source = origin!;
  if (isHead || delivery.status === 204 || delivery.status === 304 || res.destroyed || res.socket?.destroyed) {
    source.destroy(); // nothing of it will be sent (or nobody is left to send it to)
    res.end();
    store(null);
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
    if (!source.readableEnded) {
      source.destroy();
      store(null);
    }
  });
  if (delivery.store) {
    const tee = teeToBuffer(CACHE_COPY_LIMIT);
    void tee.collected.then(store);
    source.pipe(tee.stream).pipe(res);
  } else {
    source.pipe(res);
  }
  return finished(res, 0).then(() => bytes);
}

function responseHeaders(delivery: Delivery<Readable>, length: number | null): string[] {
  const flat: string[] = [];
  let hasLength = false;
  for (const [name, value] of delivery.headers.entries()) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    flat.push(name, value);
  }
  if (length !== null && !hasLength) flat.push('Content-Length', String(length));
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
