// One client's upgrade, from handoff to close. The life of a tunnel:
//
//   connecting ──► awaiting-head ──► open (101: bytes spliced both ways)
//        │               ├─────────► answering (non-101 relayed, then closed)
//        └───────────────┴─────────► answering (our own 502/503, then closed)
//
// onAccepted runs once, when the phase leaves awaiting-head (or fails before). onClosed
// runs once, after both sockets have emitted 'close'. Every socket gets its 'error'
// listener before any I/O; nothing (socket, timer, listener) outlives the tunnel.

import type { Socket } from 'node:net';
import { bodyFramingFor } from './body-framing.js';
import { errorResponse } from './error-response.js';
import { endAndLinger } from './linger.js';
import { connectOrigin } from './origin-connect.js';
import { serializeRequestHead } from './request-head.js';
import { headText, ResponseHeadReader, type ResponseHead } from './response-head.js';
import { relayRefusal } from './refusal.js';
import { destroyWhenFlushed, splice, type Side } from './splice.js';
import type { ClosedBy, TunnelAccepted, TunnelHooks, TunnelRequest, TunnelTarget } from './types.js';

type Phase = 'connecting' | 'awaiting-head' | 'open' | 'answering' | 'closed';

export class Tunnel {
  private phase: Phase = 'connecting';
  private readonly origin: Socket | null = null;
  private readonly startedAt = performance.now();
  private readonly method: string;
  // Bytes the client sent after its request head, held until the origin says 101: before that they
  // are not part of any tunnel (a second request, say), and an origin that refuses never sees them.
  // Dropped once used: an idle tunnel should hold little more than its two sockets.
  private clientHead: Buffer | null;
  private headReader: ResponseHeadReader | null = new ResponseHeadReader();
  private firstByteTimer: NodeJS.Timeout | undefined;
  private accepted = false;
  private clientClosed = false;
  private originClosed = false;
  private finSeen: Side | null = null;
  private bothEnded = false;
  private closedBy: ClosedBy | null = null;
  private error: string | undefined;
  bytesFromClient = 0;
  bytesToClient = 0;

  constructor(
    private readonly client: Socket,
    clientHead: Buffer,
    request: TunnelRequest,
    private readonly target: TunnelTarget,
    private readonly hooks: TunnelHooks,
  ) {
    this.clientHead = clientHead;
    this.method = request.method;
    client.on('error', this.onClientError);
    client.on('close', this.onClientClose);
    if (client.destroyed) {
      // Handed a dead socket: nobody to tunnel for. Its 'close' may already have been
      // emitted, so do not wait for it. Hooks run on a later tick, never inside openTunnel().
      client.off('close', this.onClientClose);
      this.clientClosed = this.originClosed = true;
      this.closedBy = 'client';
      process.nextTick(() => {
        this.accept({ status: 503, outcome: 'failed', error: 'client connection was already closed' });
        this.reportIfClosed();
      });
      return;
    }
    // The http.Server's timeouts were armed for a request, not a tunnel: idle is fine.
    client.setTimeout(0);
    client.setNoDelay(true);
    // A FIN from the client must not end our write side; the origin may still answer.
    client.allowHalfOpen = true;

    const head = serializeRequestHead(request);
    if (head instanceof Error) {
      this.originClosed = true;
      process.nextTick(() => this.fail(503, `cannot forward the upgrade request: ${head.message}`));
      return;
    }
    const origin = connectOrigin(target, (failure) => this.onOriginReady(failure, head));
    origin.on('error', this.onOriginError);
    origin.on('close', this.onOriginClose);
    this.origin = origin;
  }

  /** Whether the tunnel is still holding sockets. */
  get isOpen(): boolean {
    return this.phase !== 'closed';
  }

  /** Graceful close (server shutdown): pass FIN both ways and let the endpoints finish. */
  end(): void {
    if (this.phase !== 'open') return this.destroy('server shutting down');
    this.closedBy ??= 'shutdown';
    this.client.end();
    this.origin?.end();
  }

  /** Immediate close of both sockets. */
  destroy(reason = 'tunnel destroyed'): void {
    if (this.phase === 'closed') return;
    this.closedBy ??= 'shutdown';
    this.error ??= reason;
    this.accept({ status: 503, outcome: 'failed', error: reason });
    this.client.destroy();
    this.origin?.destroy();
  }

  private onOriginReady(failure: string | null, requestHead: Buffer): void {
    if (this.phase !== 'connecting') return;
    if (failure) return this.fail(503, failure);
    const origin = this.origin!;
    this.phase = 'awaiting-head';
    this.firstByteTimer = setTimeout(this.onFirstByteTimeout, this.target.firstByteTimeoutMs);
    origin.on('data', this.onHeadData);
    origin.on('end', this.onHeadEnd);
    origin.write(requestHead);
  }

  private readonly onHeadData = (chunk: Buffer): void => {
    const result = this.headReader!.push(chunk);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'malformed') return this.fail(502, `malformed response from origin: ${result.reason}`);
    const { head, rest } = result;
    if (head.status === 101) return this.upgrade(head, rest);
    if (head.status < 200) {
      // 100 Continue, 103 Early Hints: pass on and wait for the final answer.
      this.writeToClient(head.raw);
      if (rest.length > 0) this.onHeadData(rest);
      return;
    }
    this.refuse(head, rest);
  };

  private readonly onHeadEnd = (): void => {
    this.fail(502, 'origin closed the connection before sending a response head');
  };

  private readonly onFirstByteTimeout = (): void => {
    this.fail(503, `origin sent no response head within ${this.target.firstByteTimeoutMs} ms`);
  };

  /** 101: hand the origin's head to the client unchanged, then splice the sockets. */
  private upgrade(head: ResponseHead, rest: Buffer): void {
    const origin = this.leaveAwaitingHead();
    this.phase = 'open';
    const early = this.clientHead;
    this.clientHead = null;
    if (early !== null && early.length > 0) {
      this.bytesFromClient += early.length;
      origin.write(early); // first, so the client's later bytes follow them in order
    }
    this.writeToClient(rest.length > 0 ? Buffer.concat([head.raw, rest]) : head.raw);
    this.accept({ status: 101, outcome: 'upgraded', responseHead: headText(head) });
    splice(this.client, origin, this);
  }

  /** Any other final status: relay that one response, then close both sides. */
  private refuse(head: ResponseHead, rest: Buffer): void {
    const origin = this.leaveAwaitingHead();
    this.phase = 'answering';
    this.clientHead = null; // never sent: the connection closes after this answer
    this.closedBy ??= 'origin';
    this.writeToClient(head.raw);
    this.accept({ status: head.status, outcome: 'refused', responseHead: headText(head) });
    const framing = bodyFramingFor(head, this.method);
    relayRefusal(origin, this.client, framing, rest, (n) => (this.bytesToClient += n), () => {
      origin.destroy();
      endAndLinger(this.client);
    });
  }

  /** Our own 502/503 to the client (when it is still there), then close both sides. */
  private fail(status: 502 | 503, reason: string): void {
    if (this.phase === 'open' || this.phase === 'answering' || this.phase === 'closed') return;
    if (this.origin && this.phase === 'awaiting-head') this.leaveAwaitingHead();
    this.phase = 'answering';
    this.clientHead = null;
    this.closedBy ??= 'error';
    this.error ??= reason;
    this.origin?.destroy();
    this.writeToClient(errorResponse(status, reason));
    this.accept({ status, outcome: 'failed', error: reason });
    endAndLinger(this.client);
  }

  private leaveAwaitingHead(): Socket {
    const origin = this.origin!;
    clearTimeout(this.firstByteTimer);
    this.headReader = null;
    origin.removeListener('data', this.onHeadData);
    origin.removeListener('end', this.onHeadEnd);
    return origin;
  }

  private writeToClient(bytes: Buffer): void {
    if (this.client.destroyed) return;
    this.bytesToClient += bytes.length;
    this.client.write(bytes);
  }

  private accept(accepted: TunnelAccepted): void {
    if (this.accepted) return;
    this.accepted = true;
    this.hooks.onAccepted(accepted);
  }

  // splice() callbacks

  moved(fromClient: boolean, bytes: number): void {
    if (fromClient) this.bytesFromClient += bytes;
    else this.bytesToClient += bytes;
  }

  ended(side: Side): void {
    if (this.finSeen === null) {
      this.finSeen = side;
      this.closedBy ??= side;
      return;
    }
    // Both directions are done: close each socket once its last bytes are flushed.
    this.bothEnded = true;
    destroyWhenFlushed(this.client);
    if (this.origin) destroyWhenFlushed(this.origin);
  }

  // Socket lifecycle: an error or an abrupt close on one side takes the other down.

  private readonly onClientError = (err: Error): void => {
    this.noteError('client', err);
    if (!this.accepted) this.destroy(`client connection failed before the origin answered: ${this.error}`);
    else this.origin?.destroy();
  };

  private readonly onOriginError = (err: Error): void => {
    // While connecting, connectOrigin turns the error into a 503 with a clear reason.
    if (this.phase === 'connecting') return;
    this.noteError('origin', err);
    if (this.phase === 'awaiting-head') return this.fail(503, `origin connection failed: ${err.message}`);
    if (this.phase === 'open') this.client.destroy();
  };

  private noteError(side: Side, err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    this.closedBy ??= 'error';
    this.error ??= `${side} socket: ${code ?? err.message}`;
  }

  private readonly onClientClose = (): void => {
    this.clientClosed = true;
    if (!this.accepted) {
      this.closedBy ??= 'client';
      this.destroy('client closed the connection before the origin answered');
    } else if (!this.bothEnded) {
      // Nobody left to forward to (open tunnel) or to answer (refusal in flight).
      this.closedBy ??= 'client';
      this.origin?.destroy();
    }
    this.reportIfClosed();
  };

  private readonly onOriginClose = (): void => {
    this.originClosed = true;
    if (this.phase === 'open' && !this.bothEnded) {
      this.closedBy ??= 'origin';
      this.client.destroy();
    }
    this.reportIfClosed();
  };

  private reportIfClosed(): void {
    if (!this.clientClosed || !this.originClosed || this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.firstByteTimer);
    this.hooks.onClosed({
      bytesFromClient: this.bytesFromClient,
      bytesToClient: this.bytesToClient,
      durationMs: performance.now() - this.startedAt,
      closedBy: this.closedBy ?? 'error',
      ...(this.error !== undefined ? { error: this.error } : {}),
    });
  }
}
