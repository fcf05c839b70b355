// The Node HTTP server under the edge: its parser limits and timeouts, and the answer to a request
// Node cannot parse. Each such answer is read by the client rather than reset (linger.ts), and its
// status says what was wrong: 400 malformed, 408 too slow, 414 target too long, 431 headers too large.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { answerForClientError, BODY_TIMEOUT, MAX_HEAD_BYTES, type ClientError, type ClientErrorAnswer } from './client-errors.js';
import { DEFAULT_BODY_IDLE_TIMEOUT_MS, watchBodyGaps } from './body-timeout.js';
import { answerAndLinger, isAnswered, plainResponse } from './linger.js';

/** How long a client may take to send a request head (a slowloris gets 408 after this). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

export interface HttpServerLimits {
  headersTimeoutMs?: number;
  /** Longest silence while a request body is due before the request gets 408 (body-timeout.ts). */
  bodyIdleTimeoutMs?: number;
  /** Serve HTTPS with this certificate and key (PEM): tls.client.* then read the client's session. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export function createHttpServer(limits: HttpServerLimits = {}): http.Server {
  const headersTimeout = limits.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const options: http.ServerOptions = {
    maxHeaderSize: MAX_HEAD_BYTES,
    // admission.ts answers a missing Host, the same way as every other refusal.
    requireHostHeader: false,
    headersTimeout,
    requestTimeout: Math.max(300_000, headersTimeout + 1),
    // Node looks for expired heads this often: it bounds how late a 408 comes.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
  // An https.Server serves requests and upgrades through the same events and methods as an http.Server.
  const server = limits.tls ? (https.createServer({ ...options, ...limits.tls }) as unknown as http.Server) : http.createServer(options);
  // Node drops header fields past this count without a word; admission.ts counts them instead.
  server.maxHeadersCount = 0;
  // A client that half-closes after its request still gets the answer (Node would abort it).
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', answerClientError);
  const bodyIdle = limits.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS;
  server.on('request', (req: http.IncomingMessage) => watchBodyGaps(req, bodyIdle, bodyStalled));
  // Node's headersTimeout counts from a request's first byte, and keepAliveTimeout from a response:
  // a connection that never sends a byte would be held for ever (a thousand of them hold a thousand
  // fds). It is closed once the headers timeout passes in silence, as nginx's client_header_timeout
  // does: no request began, so there is nothing to answer. Over TLS the check is made again on the
  // decrypted stream: a finished handshake followed by silence is silence too.
  const watchSilence = (socket: Socket): void => {
    const timer = setTimeout(closeIfSilent, headersTimeout, socket);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
  server.on('connection', watchSilence);
  if (limits.tls) server.on('secureConnection', watchSilence);
  // CONNECT asks for a forward proxy's tunnel; an edge serves its own origins. (Without a listener
  // Node would just drop the connection.)
  server.on('connect', (_req, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    answerAndLinger(socket, plainResponse(405, 'CONNECT is not served here', 'Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n'));
  });
  return server;
}

/** A body that stopped arriving is answered as Node answers a head that did (answerClientError). */
function bodyStalled(socket: Socket): void {
  answerClientError(Object.assign(new Error('the request body stopped arriving'), { code: BODY_TIMEOUT }), socket);
}

function closeIfSilent(socket: Socket): void {
  if (socket.bytesRead === 0) socket.destroy();
}

function answerClientError(err: ClientError, socket: Socket): void {
  if (isAnswered(socket)) return; // the parser erring on bytes after our answer
  const answer = answerForClientError(err);
  if (answer === null || !socket.writable) return void socket.destroy();
  const inFlight = responseInFlight(socket);
  if (inFlight === null) return answerAndLinger(socket, plainResponse(answer.status, answer.reason));
  // The request being served broke its own body's framing (or its client closed mid-body): it gets
  // the 4xx, unless its answer has begun and can only be cut short.
  if (!inFlight.req.complete) return inFlight.headersSent ? void socket.destroy() : answerInstead(inFlight, socket, answer);
  // Bytes after a request that closes the connection are not requests (RFC 9112 §9.6): ignored.
  if (err.code === 'HPE_CLOSED_CONNECTION') return;
  // A malformed request pipelined behind good ones: answered in its turn, after theirs.
  answerInTurn(inFlight, socket, plainResponse(answer.status, answer.reason));
}

/** The response Node is writing on this connection, if any (its own bookkeeping, as its default clientError handler reads it). */
function responseInFlight(socket: Socket): http.ServerResponse | null {
  return (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage ?? null;
}

const answeredInstead = new WeakMap<Socket, number>();

/** The status the server sent on `socket` in place of the response to the request being served there, if it did. */
export function statusAnsweredInstead(socket: Socket): number | undefined {
  return answeredInstead.get(socket);
}

/**
 * Answer on the socket in place of `unanswered`, whose request is still being served: it is parted
 * from the socket and marked destroyed, so what the edge later writes for it goes nowhere (not
 * after our answer, where a write after end would reset the connection).
 */
function answerInstead(unanswered: http.ServerResponse, socket: Socket, answer: ClientErrorAnswer): void {
  unanswered.detachSocket(socket);
  unanswered.destroy();
  answeredInstead.set(socket, answer.status);
  answerAndLinger(socket, plainResponse(answer.status, answer.reason));
}

function answerInTurn(before: http.ServerResponse, socket: Socket, response: Buffer): void {
  before.once('finish', () => {
    const next = responseInFlight(socket);
    if (next !== null) answerInTurn(next, socket, response);
    else if (socket.writable) answerAndLinger(socket, response);
  });
}
