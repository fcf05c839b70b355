// resp.tarpit: a small response body goes out in fixed-size chunks, each after a wait, so an abusive
// client pays in time. Fastly tarpits only bodies of TARPIT_MAX_BODY bytes or fewer.
import { Transform, type TransformCallback } from 'node:stream';
import { TARPIT_MAX_BODY } from '../builtins/functions/client-connection.js';
import type { ClientRequests } from '../values/function-context.js';

type TarpitRequest = NonNullable<ClientRequests['tarpit']>;

/** The tarpit to apply to a body of `length` bytes (null when unknown), if VCL asked for one. */
export function tarpitFor(request: TarpitRequest | null | undefined, length: number | null): TarpitRequest | null {
  return request && length !== null && length <= TARPIT_MAX_BODY ? request : null;
}

/** Re-chunks what passes into chunkBytes pieces and lets each through intervalMs after the last. */
export class Tarpit extends Transform {
  private pending = Buffer.alloc(0);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly request: TarpitRequest) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    this.release(this.request.chunkBytes, done);
  }

  override _flush(done: TransformCallback): void {
    this.release(1, done);
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    clearTimeout(this.timer);
    done(error);
  }

  /** Send whole chunks (at the end, whatever is left: at least `least` bytes), one per interval. */
  private release(least: number, done: TransformCallback): void {
    if (this.pending.length < least || this.destroyed) return done();
    this.timer = setTimeout(() => {
      const size = Math.min(this.request.chunkBytes, this.pending.length);
      this.push(this.pending.subarray(0, size));
      this.pending = this.pending.subarray(size);
      this.release(least, done);
    }, this.request.intervalMs);
  }
}
