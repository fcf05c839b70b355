// The body of an origin's response, handed on as a Readable of its own: it fails with an
// OriginError when the origin goes silent longer than between_bytes_timeout or breaks off, and
// abandoning it closes the origin connection. A plain Readable fed from the response's 'data'
// events (with backpressure) costs far less per response than a PassThrough and pipe().
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describeAddress, type BackendTarget } from './backends.js';
import { OriginError, toOriginError, type ConnectionProgress } from './origin-error.js';

const bodyOfResponse = Symbol('vcl-edge origin body');
type WatchedResponse = IncomingMessage & { [bodyOfResponse]?: OriginBody };

export class OriginBody extends Readable {
  /** Fires after between_bytes_timeout without a byte from the origin (refreshed by each chunk). */
  private readonly idle: NodeJS.Timeout;

  constructor(
    private readonly res: IncomingMessage,
    private readonly target: BackendTarget,
    private readonly progress: ConnectionProgress,
  ) {
    super();
    (res as WatchedResponse)[bodyOfResponse] = this;
    this.idle = setTimeout(onIdle, target.betweenBytesTimeoutMs, this);
    this.idle.unref();
    // Listeners shared by every response: `this` in them is the response (EventEmitter's rule).
    res.on('data', onData);
    res.once('end', onEnd);
    res.once('error', onError);
  }

  override _read(): void {
    if (this.res.isPaused()) this.res.resume();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.idle);
    // An incomplete response leaves the connection unusable; destroying it keeps it out of the pool.
    if (!this.res.complete) this.res.destroy();
    done(err);
  }

  /** Silence caused by our own consumer (backpressure paused the response) is not the origin's. */
  checkIdle(): void {
    if (this.res.isPaused()) {
      this.idle.refresh();
      return;
    }
    const { target } = this;
    this.destroy(
      new OriginError('between-bytes-timeout', `${describeAddress(target)} sent no body bytes for between_bytes_timeout ${target.betweenBytesTimeoutMs} ms (backend ${target.name})`),
    );
  }

  fromOrigin(chunk: Buffer): void {
    this.idle.refresh();
    if (!this.push(chunk)) this.res.pause();
  }

  originEnded(): void {
    clearTimeout(this.idle);
    this.push(null);
  }

  originFailed(err: Error): void {
    clearTimeout(this.idle);
    const reason = (err as { code?: string }).code === 'ECONNRESET' ? new Error(`origin closed the connection mid-body (${err.message})`) : err;
    this.destroy(toOriginError(reason, this.target, this.progress));
  }
}

function onIdle(body: OriginBody): void {
  body.checkIdle();
}

function onData(this: WatchedResponse, chunk: Buffer): void {
  this[bodyOfResponse]!.fromOrigin(chunk);
}

function onEnd(this: WatchedResponse): void {
  this[bodyOfResponse]!.originEnded();
}

function onError(this: WatchedResponse, err: Error): void {
  this[bodyOfResponse]!.originFailed(err);
}
