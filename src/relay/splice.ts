// Joins two sockets byte for byte once the origin said 101. No frame parsing: whatever
// the endpoints negotiated (subprotocols, permessage-deflate) passes through untouched.
//
// This is what stream.pipe() does, minus its bookkeeping: forward each chunk, pause the
// source when the destination's buffer is full, resume it on 'drain', and pass a FIN on
// with end() while the other direction keeps flowing (half-close).

import type { Socket } from 'node:net';

export type Side = 'client' | 'origin';

export interface SpliceCallbacks {
  /** `bytes` moved from the client to the origin (fromClient) or the other way. */
  moved(fromClient: boolean, bytes: number): void;
  /** `side` sent FIN and it has been passed on to the other side. */
  ended(side: Side): void;
}

export function splice(client: Socket, origin: Socket, callbacks: SpliceCallbacks): void {
  pump(client, origin, true, callbacks);
  pump(origin, client, false, callbacks);
}

function pump(source: Socket, sink: Socket, fromClient: boolean, callbacks: SpliceCallbacks): void {
  source.on('data', (chunk: Buffer) => {
    callbacks.moved(fromClient, chunk.length);
    if (!sink.write(chunk)) source.pause();
  });
  sink.on('drain', () => source.resume());
  const passFinOn = (): void => {
    sink.end();
    callbacks.ended(fromClient ? 'client' : 'origin');
  };
  // A socket with nothing buffered emits 'end' as soon as the FIN arrives, even while
  // paused: a client may have half-closed before the origin's 101 came back.
  if (source.readableEnded) passFinOn();
  else source.on('end', passFinOn);
}

/** Destroys the socket once everything written to it has been handed to the kernel. */
export function destroyWhenFlushed(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}
