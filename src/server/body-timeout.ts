// A request body that stops arriving. Node bounds a whole request by requestTimeout (300 s here, so
// that long uploads fit), not the gaps in it: a client that sends its head and then a byte a minute
// held its origin request for five minutes. So while a body is due, its connection is looked at every
// idle period: when no byte came in since the last look and the edge was not holding the client back
// (backpressure from a slow origin, or a body nobody reads yet that filled its buffer), the request
// gets 408 — nginx's client_body_timeout, 60 s by default as there.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { declaresBody } from './request-body.js';

export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 60_000;

/** Calls `stalled` with the connection if `req`'s body goes `idleMs` without a byte the edge was ready for. */
export function watchBodyGaps(req: IncomingMessage, idleMs: number, stalled: (socket: Socket) => void): void {
  if (!declaresBody(req)) return;
  const socket = req.socket;
  let lastRead = socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || req.destroyed) return clearInterval(timer);
    const heldBack = req.isPaused() || req.readableLength > 0;
    if (heldBack || socket.bytesRead !== lastRead) return void (lastRead = socket.bytesRead);
    clearInterval(timer);
    stalled(socket);
  }, idleMs);
  timer.unref();
  req.once('close', () => clearInterval(timer));
}
