// One request to an origin, streamed both ways: the request body is piped (with backpressure) and
// the response body is handed back as a stream. Nothing here buffers a whole body.
//
// Timeouts follow Fastly's backend settings:
//   connect_timeout        TCP connect (and TLS handshake) of a new connection
//   first_byte_timeout     from the request being sent to the response headers arriving
//   between_bytes_timeout  longest silence while the response body is arriving
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { Headers } from '../values/headers.js';
import { agentFor } from './agents.js';
import { describeAddress, type BackendTarget } from './backends.js';
import { stripHopByHop } from './hop-by-hop.js';
import { originHead } from './origin-head.js';
import { OriginBody } from './origin-body.js';
import { findUnsendable, isHeaderRefusal } from './unsendable.js';
import { OriginError, isStaleSocketError, toOriginError, type ConnectionProgress } from './origin-error.js';
import { originPeer } from './request-facts.js';
import type { OriginPeer } from '../values/connection.js';

export { OriginError, isOriginError, type OriginErrorKind } from './origin-error.js';
export { applyHostHeader, appendForwardedFor } from './forwarding.js';
export { closeOriginAgents } from './agents.js';

export interface OriginRequest {
  method: string;
  /** Origin-form target (`/path?query`); an absolute URL is reduced to its path and query. */
  url: string;
  /** Sent as given (order, case and repeats kept) minus the fixed hop-by-hop set. */
  headers: Headers;
  /** The fields exactly as they go out (originHead's list, built by the caller): `headers` is then not read. */
  wireHead?: string[];
  body: Readable | null;
}

export interface OriginResponse {
  status: number;
  statusText: string;
  /** From the raw header list, hop-by-hop headers removed. */
  headers: Headers;
  /** Destroyed with an OriginError if the origin stalls or breaks off; destroy it to abandon the response. */
  body: Readable;
  /** The connection it came over (beresp.backend.ip, .port, .requests…). */
  peer: OriginPeer;
}

/**
 * Send `req` to the origin at `target` and resolve once the response headers arrive. Rejects with
 * an OriginError. A request without a body that fails on a reused keep-alive connection before any
 * response (the origin closed it as we reused it) is retried once on a new connection.
 */
export async function fetchFromOrigin(target: BackendTarget, req: OriginRequest): Promise<OriginResponse> {
  try {
    return await attempt(target, req, true);
  } catch (err) {
    if (!(err instanceof StaleSocket)) throw err;
    return attempt(target, req, false);
  }
}

/** A failure on a reused socket before any response: safe to retry on a fresh connection. */
class StaleSocket extends Error {}

function attempt(target: BackendTarget, req: OriginRequest, mayRetry: boolean): Promise<OriginResponse> {
  return new Promise((resolve, reject) => {
    const progress: ConnectionProgress = { tcpConnected: false, tlsEstablished: false };
    let settled = false;
    let requestSent = false;
    let firstByteTimer: NodeJS.Timeout | undefined;
    /** beresp.handshake_time_to_origin_ms: how long a new connection took (0 on a reused one). */
    let handshakeMs = 0;

    const request = openRequest(target, req);
    if (request instanceof OriginError) return reject(request);

    const fail = (err: unknown) => {
      clearTimeout(firstByteTimer);
      if (settled) return;
      settled = true;
      const retryable = mayRetry && request.reusedSocket && req.body === null && isStaleSocketError(err);
      reject(retryable ? new StaleSocket() : toOriginError(err, target, progress));
    };

    // Destroying the request with an OriginError surfaces it through 'error' → fail().
    const abort = (err: OriginError) => request.destroy(err);

    const startFirstByteTimer = () => {
      const connected = progress.tcpConnected && (!target.tls || progress.tlsEstablished);
      if (!requestSent || !connected || firstByteTimer !== undefined || settled) return;
      firstByteTimer = setTimeout(
        () => abort(new OriginError('first-byte-timeout', `no response from ${describeAddress(target)} within first_byte_timeout ${target.firstByteTimeoutMs} ms (backend ${target.name})`)),
        target.firstByteTimeoutMs,
      );
      firstByteTimer.unref();
    };

    request.on('socket', (socket) => {
      if (request.reusedSocket) {
        progress.tcpConnected = progress.tlsEstablished = true;
        return startFirstByteTimer();
      }
      watchConnect(socket, target, progress, abort, (ms) => {
        handshakeMs = ms;
        startFirstByteTimer();
      });
    });

    // A request without a body is sent as soon as it has a connection: no need to wait for 'finish'.
    if (req.body === null) requestSent = true;
    else {
      request.once('finish', () => {
        requestSent = true;
        startFirstByteTimer();
      });
    }

    request.on('error', fail);
    // Node answers neither of these with 'error' or 'response': without them the fetch would wait
    // forever. A 101 to a request that asked for no upgrade is a protocol error (Node would destroy
    // the socket and say nothing); so is a request closed without a response (a no-op once settled).
    request.on('upgrade', (_res, socket: Socket) => {
      socket.destroy();
      fail(new OriginError('protocol', `${describeAddress(target)} answered 101 Switching Protocols to a request that asked for no upgrade (backend ${target.name})`));
    });
    request.once('close', () => fail(new OriginError('protocol', `${describeAddress(target)} closed the connection without a response (backend ${target.name})`)));

    request.on('response', (res) => {
      clearTimeout(firstByteTimer);
      if (settled) {
        res.destroy();
        return;
      }
      // llhttp takes any three digits; a final status below 100 cannot be relayed (RFC 9110 §15).
      if ((res.statusCode ?? 0) < 100) {
        res.destroy();
        return fail(new OriginError('protocol', `${describeAddress(target)} answered with the invalid status ${res.statusCode} (backend ${target.name})`));
      }
      settled = true;
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: stripHopByHop(Headers.fromRaw(res.rawHeaders)),
        body: new OriginBody(res, target, progress),
        peer: originPeer(res, handshakeMs),
      });
    });

    sendBody(request, req.body, target);
  });
}

/**
 * A new connection to the origin: aborted when TCP (and TLS, for an https backend) is not up within
 * connect_timeout; `onReady` gets how long the handshake took once it is.
 */
function watchConnect(socket: Socket, target: BackendTarget, progress: ConnectionProgress, abort: (err: OriginError) => void, onReady: (handshakeMs: number) => void): void {
  const startedAt = performance.now();
  const timer = setTimeout(
    () => abort(new OriginError('connect', `connect to ${describeAddress(target)} timed out after connect_timeout ${target.connectTimeoutMs} ms (backend ${target.name})`)),
    target.connectTimeoutMs,
  );
  timer.unref();
  const ready = (): void => {
    clearTimeout(timer);
    onReady(Math.round(performance.now() - startedAt));
  };
  socket.once('connect', () => {
    progress.tcpConnected = true;
    if (!target.tls) ready();
  });
  if (target.tls) {
    socket.once('secureConnect', () => {
      progress.tlsEstablished = true;
      ready();
    });
  }
  socket.once('close', () => clearTimeout(timer));
}

/** The origin request, not yet sent; an OriginError when Node refuses its head (a header it cannot send). */
function openRequest(target: BackendTarget, req: OriginRequest): http.ClientRequest | OriginError {
  const headers = req.wireHead ?? originHead(req.headers, target, { hasBody: req.body !== null });
  try {
    return (target.tls ? https : http).request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: originForm(req.url),
      headers,
      agent: agentFor(target),
    });
  } catch (err) {
    // Node validates the head before anything is sent: say which header and why, not Node's trace.
    const unsendable = isHeaderRefusal(err) ? findUnsendable('request', headers) : null;
    return new OriginError('protocol', `${unsendable?.message ?? (err as Error).message}; not sent to ${describeAddress(target)} (backend ${target.name})`, err);
  }
}

/** Pipe the client's body into the origin request (pipe applies backpressure both ways). */
function sendBody(request: http.ClientRequest, body: Readable | null, target: BackendTarget): void {
  if (body === null) {
    request.end();
    return;
  }
  const cutShort = (reason: string, cause?: Error) =>
    request.destroy(new OriginError('protocol', `request body ${reason} while sending to ${describeAddress(target)} (backend ${target.name})`, cause));
  body.once('error', (err) => cutShort(`failed (${err.message})`, err));
  // A body destroyed without an error (the client went away) would otherwise leave the origin
  // waiting for the rest forever.
  body.once('close', () => {
    if (!body.readableEnded) cutShort('was cut short');
  });
  // If the origin request dies, pipe unpipes by itself; the caller owns (and may destroy) `body`.
  body.pipe(request);
}

function originForm(url: string): string {
  if (url.startsWith('/') || url === '*') return url;
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return `/${url}`;
  }
}
