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
import { ownerOf, setOwner } from './socket-owner.js';
import { destroyWhenFlushed, splice, type Side, type Spliced } from './splice.js';
import type { ClosedBy, TunnelAccepted, TunnelHooks, TunnelRequest, TunnelTarget } from './types.js';

type Phase = 'connecting' | 'awaiting-head' | 'open' | 'answering' | 'closed';

/** What a tunnel needs only until the origin's response head; dropped then. */
interface Handshake {
  readonly method: string;
  readonly firstByteTimeoutMs: number;
  // Bytes the client sent after its request head, held until the origin says 101: before that they
  // are not part of any tunnel (a second request, say), and an origin that refuses never sees them.
  readonly clientHead: Buffer;
  readonly headReader: ResponseHeadReader;
  firstByteTimer: NodeJS.Timeout | undefined;
}

export class Tunnel implements Spliced {
  private phase: Phase = 'connecting';
  readonly origin: Socket | null = null;
  private handshake: Handshake | null;
  private readonly startedAt = performance.now();
  // Byte counts come from the sockets' own counters when the tunnel closes; nothing is counted
  // per chunk. These are the bytes that are not the tunnel's: what the client socket had written
  // before the handoff, and the request head we wrote to the origin.
  private readonly clientBytesBefore: number;
  private requestHeadBytes = 0;
  private accepted = false;
  private clientClosed = false;
  private originClosed = false;
  private finSeen = false;
  private bothEnded = false;
  private closedBy: ClosedBy | null = null;
  private error: string | undefined;

  constructor(
    readonly client: Socket,
    clientHead: Buffer,
    request: TunnelRequest,
    target: TunnelTarget,
    private readonly hooks: TunnelHooks,
  ) {
    this.handshake = {
      method: request.method,
      firstByteTimeoutMs: target.firstByteTimeoutMs,
      clientHead,
      headReader: new ResponseHeadReader(),
      firstByteTimer: undefined,
    };
    this.clientBytesBefore = client.bytesWritten ?? 0;
    setOwner(client, this);
    client.on('error', Tunnel.onClientError);
    client.on('close', Tunnel.onClientClose);
    if (client.destroyed) {
      // Handed a dead socket: nobody to tunnel for. Its 'close' may already have been
      // emitted, so do not wait for it. Hooks run on a later tick, never inside openTunnel().
      client.off('close', Tunnel.onClientClose);
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
    setOwner(origin, this);
    origin.on('error', Tunnel.onOriginError);
    origin.on('close', Tunnel.onOriginClose);
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
    const handshake = this.handshake!;
    this.phase = 'awaiting-head';
    handshake.firstByteTimer = setTimeout(Tunnel.onFirstByteTimeout, handshake.firstByteTimeoutMs, this);
    origin.on('data', Tunnel.onHeadData);
    origin.on('end', Tunnel.onHeadEnd);
    this.requestHeadBytes = requestHead.length;
    origin.write(requestHead);
  }

  private headData(chunk: Buffer): void {
    const result = this.handshake!.headReader.push(chunk);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'malformed') return this.fail(502, `malformed response from origin: ${result.reason}`);
    const { head, rest } = result;
    // A 101 must say what it switches to (RFC 9110 §15.2.2); without that it is no upgrade to relay.
    if (head.status === 101) return head.headers.has('upgrade') ? this.upgrade(head, rest) : this.fail(502, 'origin answered 101 without an Upgrade header');
    if (head.status < 200) {
      // 100 Continue, 103 Early Hints: pass on and wait for the final answer.
      this.writeToClient(head.raw);
      if (rest.length > 0) this.headData(rest);
      return;
    }
    this.refuse(head, rest);
  }

  /** 101: hand the origin's head to the client unchanged, then splice the sockets. */
  private upgrade(head: ResponseHead, rest: Buffer): void {
    const { clientHead: early } = this.leaveAwaitingHead();
    const origin = this.origin!;
    this.phase = 'open';
    if (early.length > 0) origin.write(early); // first, so the client's later bytes follow them in order
    this.writeToClient(rest.length > 0 ? Buffer.concat([head.raw, rest]) : head.raw);
    this.accept({ status: 101, outcome: 'upgraded', responseHead: headText(head) });
    splice(this);
  }

  /** Any other final status: relay that one response, then close both sides. */
  private refuse(head: ResponseHead, rest: Buffer): void {
    const { method } = this.leaveAwaitingHead(); // the client's early bytes are never sent
    const origin = this.origin!;
    const client = this.client;
    this.phase = 'answering';
    this.closedBy ??= 'origin';
    this.writeToClient(head.raw);
    this.accept({ status: head.status, outcome: 'refused', responseHead: headText(head) });
    relayRefusal(origin, client, bodyFramingFor(head, method), rest, () => {
      origin.destroy();
      endAndLinger(client);
    });
  }

  /** Our own 502/503 to the client (when it is still there), then close both sides. */
  private fail(status: 502 | 503, reason: string): void {
    if (this.phase === 'open' || this.phase === 'answering' || this.phase === 'closed') return;
    if (this.phase === 'awaiting-head') this.leaveAwaitingHead();
    this.handshake = null;
    this.phase = 'answering';
    this.closedBy ??= 'error';
    this.error ??= reason;
    this.origin?.destroy();
    this.writeToClient(errorResponse(status, reason));
    this.accept({ status, outcome: 'failed', error: reason });
    endAndLinger(this.client);
  }

  /** Drops everything the handshake needed; returns it one last time. */
  private leaveAwaitingHead(): Handshake {
    const handshake = this.handshake!;
    const origin = this.origin!;
    this.handshake = null;
    clearTimeout(handshake.firstByteTimer);
    origin.removeListener('data', Tunnel.onHeadData);
    origin.removeListener('end', Tunnel.onHeadEnd);
    return handshake;
  }

  private writeToClient(bytes: Buffer): void {
    if (!this.client.destroyed) this.client.write(bytes);
  }

  private accept(accepted: TunnelAccepted): void {
    if (this.accepted) return;
    this.accepted = true;
    this.hooks.onAccepted(accepted);
  }

  /** From splice(): `side` sent FIN and it was passed on. */
  ended(side: Side): void {
    if (!this.finSeen) {
      this.finSeen = true;
      this.closedBy ??= side;
      return;
    }
    // Both directions are done: close each socket once its last bytes are flushed.
    this.bothEnded = true;
    destroyWhenFlushed(this.client);
    if (this.origin) destroyWhenFlushed(this.origin);
  }

  // Socket listeners, shared by all tunnels: `this` is the socket, its owner the tunnel.

  private static onHeadData(this: Socket, chunk: Buffer): void {
    ownerOf<Tunnel>(this).headData(chunk);
  }

  private static onHeadEnd(this: Socket): void {
    ownerOf<Tunnel>(this).fail(502, 'origin closed the connection before sending a response head');
  }

  private static onFirstByteTimeout(tunnel: Tunnel): void {
    const waited = tunnel.handshake?.firstByteTimeoutMs;
    tunnel.fail(503, `origin sent no response head within ${waited} ms`);
  }

  // An error or an abrupt close on one side takes the other down.

  private static onClientError(this: Socket, err: Error): void {
    const tunnel = ownerOf<Tunnel>(this);
    tunnel.noteError('client', err);
    if (!tunnel.accepted) tunnel.destroy(`client connection failed before the origin answered: ${tunnel.error}`);
    else tunnel.origin?.destroy();
  }

  private static onOriginError(this: Socket, err: Error): void {
    const tunnel = ownerOf<Tunnel>(this);
    // While connecting, connectOrigin turns the error into a 503 with a clear reason.
    if (tunnel.phase === 'connecting') return;
    tunnel.noteError('origin', err);
    if (tunnel.phase === 'awaiting-head') return tunnel.fail(503, `origin connection failed: ${err.message}`);
    if (tunnel.phase === 'open') tunnel.client.destroy();
  }

  private noteError(side: Side, err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    this.closedBy ??= 'error';
    this.error ??= `${side} socket: ${code ?? err.message}`;
  }

  private static onClientClose(this: Socket): void {
    const tunnel = ownerOf<Tunnel>(this);
    tunnel.clientClosed = true;
    if (!tunnel.accepted) {
      tunnel.closedBy ??= 'client';
      tunnel.destroy('client closed the connection before the origin answered');
    } else if (!tunnel.bothEnded) {
      // Nobody left to forward to (open tunnel) or to answer (refusal in flight).
      tunnel.closedBy ??= 'client';
      tunnel.origin?.destroy();
    }
    tunnel.reportIfClosed();
  }

  private static onOriginClose(this: Socket): void {
    const tunnel = ownerOf<Tunnel>(this);
    tunnel.originClosed = true;
    if (tunnel.phase === 'open' && !tunnel.bothEnded) {
      tunnel.closedBy ??= 'origin';
      tunnel.client.destroy();
    }
    tunnel.reportIfClosed();
  }

  private reportIfClosed(): void {
    if (!this.clientClosed || !this.originClosed || this.phase === 'closed') return;
    this.phase = 'closed';
    if (this.handshake) clearTimeout(this.handshake.firstByteTimer);
    this.handshake = null;
    this.hooks.onClosed({
      bytesFromClient: Math.max(0, (this.origin?.bytesWritten ?? 0) - this.requestHeadBytes),
      bytesToClient: Math.max(0, (this.client.bytesWritten ?? 0) - this.clientBytesBefore),
      durationMs: performance.now() - this.startedAt,
      closedBy: this.closedBy ?? 'error',
      ...(this.error !== undefined ? { error: this.error } : {}),
    });
  }
}
