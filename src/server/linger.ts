// Answering a client the server will read no more requests from (a request refused before VCL, a
// parse error, a timeout), so that the client actually sees the answer. Destroying a socket that
// still has unread input makes the kernel send RST, which can wipe the answer before the client
// reads it (a 10 MB URL got a reset, not its 414). So: take the connection away from Node's HTTP
// parser, send the answer and FIN, read and drop whatever the client still sends, and destroy the
// socket once the client closes too, or at a bound in bytes or time.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Longest wait for the client to close after the answer. */
export const LINGER_MS = 2000;
/** Most bytes read and dropped after the answer (a 10 MB request line fits). */
export const LINGER_BYTES = 16 * 1024 * 1024;

const answered = new WeakSet<Socket>();

/** Whether `socket` has had its final answer: later parser errors on it are echoes. */
export function isAnswered(socket: Socket): boolean {
  return answered.has(socket);
}

/** A complete `Connection: close` response with a one-line plain-text body (and any `extraHeaders`, CRLF-ended lines). */
export function plainResponse(status: number, reason: string, extraHeaders = ''): Buffer {
  const text = STATUS_CODES[status] ?? '';
  const body = `${status} ${text}: ${reason}\n`;
  return Buffer.from(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`,
    'latin1',
  );
}

/** Send `response` as the connection's last bytes, then close as described above. */
export function answerAndLinger(socket: Socket, response: Buffer): void {
  if (!claim(socket)) return;
  // Node's parser reads through its own 'data' listener (or straight from the handle, until a
  // 'data' listener is added, as linger() does). Nothing after this answer is a request.
  socket.removeAllListeners('data');
  socket.setTimeout(0);
  linger(socket, response);
}

/** After a response written through Node on a socket Node no longer parses (an upgrade request): close it the same way. */
export function lingerAfterAnswer(socket: Socket): void {
  if (claim(socket)) linger(socket);
}

function claim(socket: Socket): boolean {
  if (answered.has(socket) || socket.destroyed) return false;
  answered.add(socket);
  return true;
}

function linger(socket: Socket, lastBytes?: Buffer): void {
  let dropped = 0;
  socket.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) socket.destroy();
  });
  socket.on('error', () => socket.destroy());
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  // Once the client's FIN is in and our last bytes are out, nothing is left to wait for.
  const closeWhenFlushed = (): void => void (socket.writableFinished ? socket.destroy() : socket.once('finish', () => socket.destroy()));
  if (socket.readableEnded) process.nextTick(closeWhenFlushed);
  else socket.once('end', closeWhenFlushed);
  socket.resume();
  if (lastBytes) socket.end(lastBytes);
  else socket.end();
}
