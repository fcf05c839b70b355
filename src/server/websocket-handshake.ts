// What return(upgrade) needs from the client: a WebSocket opening handshake (RFC 6455 §4.1). The
// edge checks it before the relay opens a connection for it, as a WebSocket server would (§4.2.1):
// a request that is not one gets 400, and one for a protocol version other than 13 gets 426 naming
// 13 (§4.2.2), so no origin is handed a tunnel for a handshake no conforming client sends.
import type { IncomingMessage } from 'node:http';
import { isWebSocketUpgrade } from './client-request.js';

export interface HandshakeRefusal {
  status: 400 | 426;
  reason: string;
  headers?: Record<string, string>;
}

/** Base64 of a 16-byte nonce: 22 characters and `==` (the check the `ws` server makes). */
const KEY = /^[A-Za-z0-9+/]{22}==$/;

/** Why `req` cannot be upgraded to a WebSocket, or null when it is a well-formed handshake. */
export function handshakeRefusal(req: IncomingMessage): HandshakeRefusal | null {
  if (!isWebSocketUpgrade(req)) return refuse('return(upgrade) needs Upgrade: websocket');
  if (req.method !== 'GET') return refuse(`a WebSocket handshake is a GET, not ${req.method}`);
  if (req.httpVersion !== '1.1') return refuse(`a WebSocket handshake needs HTTP/1.1, not HTTP/${req.httpVersion}`);
  // Bytes after the head are the tunnel's once the origin says 101: a body would make them the
  // request's too, and the origin and the relay could take them differently.
  const length = req.headers['content-length'];
  if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) return refuse('a WebSocket handshake carries no body');
  // Node joins repeated fields with ", ": two keys or versions fail these checks too.
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !KEY.test(key)) return refuse('Sec-WebSocket-Key must be a 16-byte nonce in base64');
  const version = req.headers['sec-websocket-version'];
  if (typeof version !== 'string' || version === '') return refuse('the Sec-WebSocket-Version header is missing');
  if (version !== '13') return { status: 426, reason: `WebSocket version ${version.slice(0, 32)} is not supported (13 is)`, headers: { 'Sec-WebSocket-Version': '13' } };
  return null;
}

function refuse(reason: string): HandshakeRefusal {
  return { status: 400, reason };
}
