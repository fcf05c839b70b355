// Pipelined requests on one connection (RFC 9112 §9.3.2). Node's parser emits 'request' for every
// request in a chunk at once and goes on reading, and Node stops reading only once answers back up:
// here answers wait on origins, so a client that pipelines thousands of requests and reads nothing
// had all of them served at the same time (four connections, 80,000 requests: +290 MB, and the
// origin swamped). So a connection has at most MAX_IN_FLIGHT requests served at a time; the others
// wait their turn, in order (Node answers in order anyway), and while one waits the connection is
// not read, with Node's own pause; one with more than MAX_WAITING waiting is closed.
// When the connection closes, Node closes only the answer it is writing: an answer queued behind
// it would wait for ever (its origin body paused by backpressure, its origin connection held), so
// those are closed here too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Requests of one connection served at the same time (a browser-sized pipeline runs in parallel). */
export const MAX_IN_FLIGHT = 8;
/** Requests of one connection parsed but not yet served: more is a flood, and the connection closes. */
export const MAX_WAITING = 1024;

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

interface Pipeline {
  serve: Serve;
  /** Requests being served: each leaves when its response closes. */
  active: number;
  /** Those of them that began behind another, whose answers may have no socket yet (no Set: it costs per request). */
  behind: ServerResponse[];
  waiting: [IncomingMessage, ServerResponse][];
}

const PIPELINE = Symbol('vcl-edge pipeline');

/** Node's own marks for a connection it stopped reading (http server: parserOnIncoming, socketOnDrain). */
type ServerSocket = Socket & {
  [PIPELINE]?: Pipeline;
  _paused?: boolean;
  parser?: { pause(): void; resume(): void } | null;
};

/** Serve `req` now, or once the requests before it on its connection leave room. */
export function serveInTurn(req: IncomingMessage, res: ServerResponse, serve: Serve): void {
  const socket = req.socket as ServerSocket;
  const pipeline = (socket[PIPELINE] ??= newPipeline(socket, serve));
  if (pipeline.active < MAX_IN_FLIGHT && pipeline.waiting.length === 0) return start(pipeline, req, res);
  if (pipeline.waiting.length >= MAX_WAITING) return void socket.destroy();
  pipeline.waiting.push([req, res]);
  // Node pauses the parser after the chunk it is parsing when it finds _paused set.
  if (!socket._paused) {
    socket._paused = true;
    socket.pause();
  }
}

function newPipeline(socket: ServerSocket, serve: Serve): Pipeline {
  const pipeline: Pipeline = { serve, active: 0, behind: [], waiting: [] };
  socket.once('close', () => {
    pipeline.waiting.length = 0;
    for (const res of [...pipeline.behind]) if (res.socket === null) closeUnsent(res);
  });
  return pipeline;
}

function start(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): void {
  if (pipeline.active > 0) pipeline.behind.push(res);
  pipeline.active++;
  // One listener function for every response ('close' comes once): no closure per request.
  res.on('close', onResponseClose);
  pipeline.serve(req, res);
}

function onResponseClose(this: ServerResponse): void {
  const socket = this.req.socket as ServerSocket;
  const pipeline = socket[PIPELINE]!;
  pipeline.active--;
  if (pipeline.behind.length > 0) {
    const at = pipeline.behind.indexOf(this);
    if (at !== -1) pipeline.behind.splice(at, 1);
  }
  if (socket.destroyed) return;
  let next = pipeline.waiting.shift();
  while (next?.[0].destroyed) next = pipeline.waiting.shift(); // aborted with its connection: nobody to answer
  if (next) start(pipeline, next[0], next[1]);
  if (pipeline.waiting.length === 0 && socket._paused) resumeReading(socket);
}

/** What Node does to the answer it is writing when its connection closes (onServerResponseClose). */
function closeUnsent(res: ServerResponse): void {
  (res as ServerResponse & { _closed: boolean })._closed = true;
  res.destroyed = true;
  res.emit('close');
}

/** What Node's socketOnDrain does for a connection it paused. */
function resumeReading(socket: ServerSocket): void {
  socket._paused = false;
  socket.parser?.resume();
  socket.resume();
}
