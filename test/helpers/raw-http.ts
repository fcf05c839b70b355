// Raw-socket tools for the edge reliability suite: send exact bytes (however malformed) and read
// what comes back, an origin that records every request it is sent, and the process's open fds.
// Everything binds 127.0.0.1 and every wait is bounded.
import { readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { startHttpOrigin, type TestOrigin } from './http-origins.js';

export interface RawAnswer {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** The status of the first response, or 0 when none arrived. */
  status: number;
  /** The connection was reset (or a write failed) instead of closing cleanly. */
  reset: boolean;
  /** The server had not closed the connection when the wait ran out. */
  timedOut: boolean;
}

export interface ExchangeOptions {
  /** Longest wait for the server to close, in ms (default 3000). */
  ms?: number;
  /** Pause between the parts, in ms (default 0: one write after another). */
  gapMs?: number;
  /** Half-close after the last part (default false). */
  end?: boolean;
  /** Read until the server closes, past the first response (default false). */
  untilClose?: boolean;
}

/**
 * Connect, write each part, and collect the answer until the first response is complete (by its
 * Content-Length or chunked framing), the server closes, or `ms` pass.
 */
export function rawExchange(port: number, parts: (string | Buffer)[], options: ExchangeOptions = {}): Promise<RawAnswer> {
  const { ms = 3000, gapMs = 0, end = false, untilClose = false } = options;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let reset = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, ms);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (!untilClose && responseComplete(Buffer.concat(received))) socket.destroy();
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('latin1');
      resolve({ text, status: statusOf(text), reset, timedOut });
    });
    socket.once('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (end && !socket.destroyed) socket.end();
    });
  });
}

/** Whether `bytes` hold a whole first response (false for one delimited by the connection closing). */
export function responseComplete(bytes: Buffer): boolean {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return false;
  const head = bytes.toString('latin1', 0, headEnd);
  const status = statusOf(head);
  if (status === 101 || status === 204 || status === 304) return true;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) return bytes.length >= headEnd + 4 + Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const body = bytes.toString('latin1', headEnd + 4);
    return body.startsWith('0\r\n\r\n') || body.includes('\r\n0\r\n\r\n');
  }
  return false;
}

/** The status code of the first response in `text` (0 when there is none). */
export function statusOf(text: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** One request as the origin received it. */
export interface SeenRequest {
  method: string;
  url: string;
  /** Raw header pairs, names as sent. */
  headers: [string, string][];
  /** Body bytes received (the request may have been cut short). */
  bodyBytes: number;
  /** Whether the whole body arrived. */
  complete: boolean;
  /** Whether the origin saw the request end without completing (the edge aborted it). */
  aborted: boolean;
}

export interface RecordingOrigin extends TestOrigin {
  seen: SeenRequest[];
  /** The value of header `name` (case-insensitive) in a seen request, or undefined. */
  header(request: SeenRequest, name: string): string | undefined;
}

/**
 * An HTTP origin that records every request (line, headers, body size) and answers 200 with
 * `Cache-Control: no-store`, unless `respond` takes over.
 */
export async function startRecordingOrigin(respond?: (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void): Promise<RecordingOrigin> {
  const seen: SeenRequest[] = [];
  const origin = await startHttpOrigin((req, res) => {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const record: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: pairs, bodyBytes: 0, complete: false, aborted: false };
    seen.push(record);
    req.on('data', (chunk: Buffer) => (record.bodyBytes += chunk.length));
    req.on('end', () => (record.complete = true));
    req.on('close', () => (record.aborted = !req.complete));
    if (respond) return respond(req, res, record);
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('origin ok'));
    req.resume();
  });
  const header = (request: SeenRequest, name: string) => request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  return { ...origin, seen, header };
}

/** Open file descriptors of this process (Linux: /proc/self/fd). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Resident set size of this process, in MiB. */
export function rssMiB(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}

/** A WebSocket handshake head for `path` (its key is the RFC 6455 sample). */
export function wsHandshake(path: string, host = 'x'): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
  );
}
