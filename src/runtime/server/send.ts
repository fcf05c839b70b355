// Writing a Delivery (what the lifecycle decided) to the client, streaming origin bodies with
// backpressure and, for cacheable ones, keeping a bounded copy for the cache.
import type { ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { teeToBuffer } from '../http/cache.js';
import { HOP_BY_HOP_HEADERS } from '../http/hop-by-hop.js';
import type { Delivery } from '../lifecycle.js';

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

/** Resolves with the body bytes sent once the response is finished (or the client went away). */
export function sendDelivery(res: ServerResponse, delivery: Delivery<Readable>, isHead: boolean): Promise<number> {
  const flat: string[] = [];
  let hasLength = false;
  for (const [name, value] of delivery.headers.entries()) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    flat.push(name, value);
  }
  const body = delivery.body;
  if (body.kind !== 'origin') {
    const data = body.kind === 'synthetic' ? Buffer.from(body.text) : body.kind === 'cached' ? body.data : Buffer.alloc(0);
    if (!hasLength) flat.push('Content-Length', String(data.length));
    res.writeHead(delivery.status, delivery.statusText, flat);
    res.end(isHead ? undefined : data);
    delivery.store?.(null);
    return finished(res, isHead ? 0 : data.length);
  }
  res.writeHead(delivery.status, delivery.statusText, flat);
  const origin = body.body;
  if (isHead || delivery.status === 204 || delivery.status === 304) {
    origin.resume();
    res.end();
    delivery.store?.(null);
    return finished(res, 0);
  }
  // pipe() rather than pipeline(): Node 20's pipeline allocates an AbortController (and a
  // DOMException when it tidies up) per response, a visible cost at thousands of requests a second.
  let bytes = 0;
  origin.on('data', (chunk: Buffer) => (bytes += chunk.length));
  origin.once('error', () => res.destroy());
  res.once('close', () => {
    if (!origin.readableEnded) origin.destroy();
  });
  if (delivery.store) {
    const tee = teeToBuffer(CACHE_COPY_LIMIT);
    void tee.collected.then(delivery.store);
    origin.pipe(tee.stream).pipe(res);
  } else {
    origin.pipe(res);
  }
  return finished(res, 0).then(() => bytes);
}

function finished(res: ServerResponse, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve(bytes);
    res.once('finish', () => resolve(bytes));
    res.once('close', () => resolve(bytes));
  });
}
