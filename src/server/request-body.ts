// The client's request body, handed to the origin at most once (a restart cannot replay it),
// counted for the access log, and drained if nothing wanted it so the connection stays usable.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { finished, PassThrough, type Readable } from 'node:stream';
import { ByteCounter } from './send.js';

/** The body ended early because the client went away (not the origin's doing). */
export class ClientWentAway extends Error {
  override readonly name = 'ClientWentAway';
}

export class RequestBody {
  /** Made when the body is taken: most requests have none, and a Transform per request shows. */
  private counter: ByteCounter | null = null;
  private taken = false;

  constructor(
    /** Whether the request declares a body at all. */
    readonly present: boolean,
    private readonly open: () => Readable,
    private readonly drain: () => void,
  ) {}

  /** Bytes of the body that went to the origin. */
  get bytes(): number {
    return this.counter?.bytes ?? 0;
  }

  /** The body for the first origin request; null when there is none or it was already sent. */
  take(): Readable | null {
    if (!this.present || this.taken) return null;
    this.taken = true;
    const source = this.open();
    const body = source.pipe((this.counter = new ByteCounter()));
    // pipe() passes data on, not a client that went away: cut the body short too, or the origin
    // request would wait for the rest forever, holding its connection.
    finished(source, (err) => {
      if (err || !source.readableEnded) body.destroy(new ClientWentAway(`the client went away before sending the whole request body (${err?.message ?? 'closed'})`));
    });
    return body;
  }

  /** Whether a body exists that an origin request can no longer get (it went to an earlier one). */
  get spent(): boolean {
    return this.present && this.taken;
  }

  /** After the response: read and discard whatever of the body nobody consumed. */
  finish(): void {
    if (this.present) this.drain();
  }
}

/** Whether the request's head says a body follows (a non-zero Content-Length, or a Transfer-Encoding). */
export function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
}

/** The body of an ordinary request: Node parses it from the connection. */
export function bodyOfRequest(req: IncomingMessage): RequestBody {
  const drain = (): void => {
    if (req.complete) return;
    req.unpipe(); // from the origin request, if it stopped reading (e.g. it answered early)
    req.resume();
  };
  return new RequestBody(declaresBody(req), () => req, drain);
}

/**
 * The body of a request that came through Node's 'upgrade' event (any request with
 * `Connection: Upgrade`, e.g. `Upgrade: h2c` from curl --http2) which VCL served as plain HTTP:
 * Node no longer parses it, so it is read from the bytes after the head, up to Content-Length.
 */
export function bodyOfUpgradeRequest(req: IncomingMessage, socket: Socket, head: Buffer): RequestBody {
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const open = (): Readable => {
    const body = new PassThrough();
    if (chunked || !Number.isSafeInteger(length)) {
      process.nextTick(() => body.destroy(new Error('a chunked body on an Upgrade request is not supported; send it without Upgrade')));
      return body;
    }
    let left = length;
    const take = (chunk: Buffer): void => {
      const part = chunk.subarray(0, left);
      left -= part.length;
      if (part.length > 0 && !body.write(part)) socket.pause();
      if (left === 0) {
        socket.off('data', take);
        body.end();
      }
    };
    body.on('drain', () => socket.resume());
    // The client leaving mid-body (FIN or close) must cut the body short: take() passes that on.
    const cutShort = (): void => {
      if (!body.writableEnded) body.destroy(new Error('the client closed the connection mid-body'));
    };
    socket.once('end', cutShort);
    socket.once('close', cutShort);
    if (left === 0) body.end();
    else {
      take(head);
      if (left > 0) socket.on('data', take);
    }
    return body;
  };
  return new RequestBody(declaresBody(req), open, () => undefined);
}
