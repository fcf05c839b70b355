// Joins two sockets byte for byte once the origin said 101. No frame parsing: whatever
// the endpoints negotiated (subprotocols, permessage-deflate) passes through untouched.
//
// This is what stream.pipe() does, minus its bookkeeping and its closures: forward each
// chunk, pause the source when the destination's buffer is full, resume it on 'drain', and
// pass a FIN on with end() while the other direction keeps flowing (half-close). The
// listeners are shared by all tunnels (see socket-owner.ts); nothing is counted per chunk:
// the sockets count their own bytes.

import type { Socket } from 'node:net';
import { ownerOf } from './socket-owner.js';

export type Side = 'client' | 'origin';

/** The two ends of a tunnel, and who hears that one side sent FIN. */
export interface Spliced {
  readonly client: Socket;
  readonly origin: Socket | null;
  /** `side` sent FIN and it has been passed on to the other side. */
  ended(side: Side): void;
}

/** Splices `tunnel.client` and `tunnel.origin`; both must already have `tunnel` as owner. */
export function splice(tunnel: Spliced): void {
  pump(tunnel.client);
  pump(tunnel.origin!);
}

function pump(source: Socket): void {
  source.on('data', forward);
  source.on('drain', resumePeer);
  // A socket with nothing buffered emits 'end' as soon as the FIN arrives, even while
  // paused: a client may have half-closed before the origin's 101 came back.
  if (source.readableEnded) passFinOn.call(source);
  else source.on('end', passFinOn);
}

function peerOf(socket: Socket): Socket {
  const tunnel = ownerOf<Spliced>(socket);
  return socket === tunnel.client ? tunnel.origin! : tunnel.client;
}

function forward(this: Socket, chunk: Buffer): void {
  if (!peerOf(this).write(chunk)) this.pause();
}

/** This socket's buffer drained: read again from the one that fills it. */
function resumePeer(this: Socket): void {
  peerOf(this).resume();
}

function passFinOn(this: Socket): void {
  const tunnel = ownerOf<Spliced>(this);
  peerOf(this).end();
  tunnel.ended(this === tunnel.client ? 'client' : 'origin');
}

/** Destroys the socket once everything written to it has been handed to the kernel. */
export function destroyWhenFlushed(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', destroySelf);
}

function destroySelf(this: Socket): void {
  this.destroy();
}
