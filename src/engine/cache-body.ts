// Turning a streamed body into a Buffer for the cache, without ever holding more than a limit.
import { Readable, Transform, type TransformCallback } from 'node:stream';

/**
 * Read `stream` to the end into one Buffer. Resolves null — and destroys the stream, since the
 * rest is of no use — as soon as more than `limitBytes` have arrived. Rejects on a stream error.
 */
export function collectBody(stream: Readable, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (fn: () => void) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (total > limitBytes) {
        settle(() => resolve(null));
        stream.destroy();
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total)));
    const onError = (err: Error) => settle(() => reject(err));
    const onClose = () => settle(() => reject(new Error('body stream closed before it ended')));
    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * Read `stream` whole when it ends within `limitBytes`; past that, a stream that yields what was read
 * and then the rest, so nothing is lost. Rejects on a stream error before the limit.
 */
export async function bufferUpTo(stream: Readable, limitBytes: number): Promise<{ whole: Buffer } | { rest: Readable }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { whole: Buffer.concat(chunks, total) };
    chunks.push(next.value);
    total += next.value.length;
    if (total > limitBytes) break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* chunks;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { rest: Readable.from(replay(), { objectMode: false }) };
}

export interface Tee {
  /** Pipe the origin body into this and this into the client: it passes every byte through. */
  stream: Transform;
  /**
   * The whole body once the stream has ended, or null when it exceeded the limit or was cut short
   * (error, destroy). Never rejects: a body that cannot be stored is simply not stored.
   */
  collected: Promise<Buffer | null>;
}

/** A pass-through that keeps a copy of what goes by, up to `limitBytes`, for storing in the cache. */
export function teeToBuffer(limitBytes: number): Tee {
  let chunks: Buffer[] | null = [];
  let total = 0;
  let settle!: (body: Buffer | null) => void;
  const collected = new Promise<Buffer | null>((resolve) => (settle = resolve));
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunks !== null) {
        total += chunk.length;
        if (total > limitBytes) chunks = null; // over the limit: stop copying, keep passing through
        else chunks.push(chunk);
      }
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      settle(chunks === null ? null : Buffer.concat(chunks, total));
      done();
    },
  });
  // A destroy or error before flush means the copy is incomplete; settling twice is a no-op.
  stream.on('close', () => settle(null));
  stream.on('error', () => settle(null));
  return { stream, collected };
}
