// The HTTP edge server: every request runs through the VCL lifecycle; pass and lookup go to the
// origin over Node's http/https; `return(upgrade)` hands the socket to the tunnel handler that the
// composition root plugs in (tunnel-handoff.ts; src/edge.ts wires the relay), so the runtime never
// imports the relay.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../values/context.js';
import { HttpCache } from '../engine/cache.js';
import type { BackendTarget } from './backends.js';
import { closeOriginAgents, fetchFromOrigin } from './origin-fetch.js';
import { originHead } from './origin-head.js';
import { neverConnected } from './origin-error.js';
import { admit, type Admission } from './admission.js';
import { createHttpServer, statusAnsweredInstead } from './http-server.js';
import { answerAndLinger, lingerAfterAnswer, plainResponse } from './linger.js';
import { failureLine } from './failure-line.js';
import type { Delivery, Lifecycle, OriginAnswer } from '../engine/lifecycle.js';
import { isoTime, type AccessLog, type LogSinks } from './log-sinks.js';
import type { Service } from '../engine/service.js';
import { missingBackend, type BackendResolver } from './backend-targets.js';
import { activate, type ActiveService } from './active-service.js';
import { contextFor, plainAddress } from './client-request.js';
import { handshakeRefusal } from './websocket-handshake.js';
import { serveInTurn } from './pipelining.js';
import { bodyOfRequest, bodyOfUpgradeRequest, ClientWentAway, type RequestBody } from './request-body.js';
import { sendDelivery } from './send.js';
import { recordResponseBytes, responseHeadBytes, withVclTimeouts } from './request-facts.js';
import { requestHeadBytes } from '../values/connection.js';
import { readBodyForVcl } from './vcl-request-body.js';
import { fromBytes, fromWire, toWire } from '../values/bytes.js';
import { headersFromWire } from './wire.js';
import type { EdgeMetrics } from './metrics.js';
import { handOffTunnel, type UpgradeHandler } from './tunnel-handoff.js';

export type { UpgradeHandler, UpgradeHandoff } from './tunnel-handoff.js';

export interface EdgeServerOptions {
  service: Service;
  overrides?: ReadonlyMap<string, BackendTarget>;
  ca?: (string | Buffer)[];
  logSinks: LogSinks;
  /** The JSON access log; none when absent (`serve --access-log off`): then no line is even built. */
  accessLog?: AccessLog | null;
  /** Cache budget in bytes. */
  cacheBytes?: number;
  upgrades?: UpgradeHandler;
  /** Operational messages (backend failures, tunnel errors): one line each. */
  warn?: (line: string) => void;
  /** How long a client may take to send a request head before it gets 408 (default 10 s). */
  headersTimeoutMs?: number;
  /** How long a request body may go without a byte before it gets 408 (default 60 s). */
  bodyIdleTimeoutMs?: number;
  /** Listen with TLS (PEM certificate and key). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Prometheus counters (`serve --admin`); without them nothing is counted. */
  metrics?: EdgeMetrics;
}

export class EdgeServer {
  readonly server: http.Server;
  readonly cache: HttpCache;
  /** The service new requests start with (replaceService swaps it; a request keeps the one it began with). */
  private active: ActiveService;
  /** The backend addresses that replace or add to the VCL's (`--backend`, a project config's). */
  private overrides: ReadonlyMap<string, BackendTarget> | undefined;
  /** Whether listen() ran and close() did not: the active service's probes run meanwhile. */
  private probing = false;
  private readonly warn: (line: string) => void;

  constructor(private readonly options: EdgeServerOptions) {
    this.cache = new HttpCache({ maxBytes: options.cacheBytes });
    this.warn = options.warn ?? ((line) => process.stderr.write(`${line}\n`));
    this.overrides = options.overrides;
    this.active = this.activate(options.service, options.overrides);
    this.server = createHttpServer({ headersTimeoutMs: options.headersTimeoutMs, bodyIdleTimeoutMs: options.bodyIdleTimeoutMs, tls: options.tls });
    const serve = (req: IncomingMessage, res: ServerResponse): void => void this.onRequest(req, res);
    this.server.on('request', (req, res) => serveInTurn(req, res, serve)); // pipelined ones a few at a time
    this.server.on('upgrade', (req, socket, head) => void this.onUpgrade(req, socket as Socket, head));
  }

  async listen(host = '127.0.0.1', port = 8080): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.probing = true;
    this.active.prober.start();
    return this.server.address() as AddressInfo;
  }

  /** The service new requests start with. */
  get service(): Service {
    return this.active.service;
  }

  /** Each declared backend and whether it is healthy now (its probe's verdict; true without a probe). */
  backendHealth(): [string, boolean][] {
    const { program, runtime } = this.active.service;
    return [...program.backends.keys()].map((name) => [name, runtime.health.healthy(name)]);
  }

  /**
   * Hot reload: new requests run `service` at once, with `overrides` as the backend addresses (the
   * current ones when not given); requests and tunnels in flight finish with the service they began
   * with. The cache and the origin connection pools stay, as a Fastly node keeps its cache across a
   * version activation; probes restart for the new service's backends.
   */
  replaceService(service: Service, overrides: ReadonlyMap<string, BackendTarget> | undefined = this.overrides): void {
    const previous = this.active;
    this.overrides = overrides;
    this.active = this.activate(service, overrides, previous.backends.pool);
    previous.prober.stop();
    if (this.probing) this.active.prober.start();
  }

  private activate(service: Service, overrides: ReadonlyMap<string, BackendTarget> | undefined, pool?: string): ActiveService {
    return activate(service, { overrides, ca: this.options.ca, pool, cache: this.cache, fetch: (backends, ctx, name) => this.fetch(backends, ctx, name), mayRetryElsewhere });
  }

  /** Stop accepting, let in-flight requests finish, close tunnels after the grace period. */
  async close(graceMs = 2_000): Promise<void> {
    this.probing = false;
    this.active.prober.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.options.upgrades?.shutdown(graceMs);
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    closeOriginAgents(this.active.backends.pool);
    await this.options.accessLog?.close();
    await this.options.logSinks.close();
  }

  private async fetch(backends: BackendResolver, ctx: RequestContext, name: string | null): Promise<OriginAnswer<Readable>> {
    const declared = backends.resolve(name);
    if (!declared) {
      this.warn(`vcl-edge: ${ctx.bereq?.method ?? ctx.req.method} ${ctx.bereq?.url ?? ctx.req.url}: ${missingBackend(name)}`);
      throw new Error(`no backend named ${name ?? '(none)'}`);
    }
    const target = withVclTimeouts(declared, ctx.bereqTimeouts);
    const bereq = ctx.bereq!;
    // X-Forwarded-For goes as VCL left it: Fastly adds the client's address on arrival (RequestContext).
    let headers = bereq.headers;
    const requestBody = requestBodies.get(ctx);
    const body = requestBody?.take() ?? null;
    if (body === null && requestBody?.spent) {
      // The body went to the origin before a restart and cannot be sent again.
      headers = headers.clone();
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      this.warn(`vcl-edge: ${bereq.method} ${bereq.url}: the request body was sent before the restart and is not sent again`);
    }
    try {
      // The origin request goes out in wire form, and its answer comes back to VCL as byte strings.
      const wireHead = originHead(headers, target, { hasBody: body !== null, overrideHost: true, convert: toWire });
      const url = toWire(bereq.url);
      ctx.backendRequestBytes = { header: requestHeadBytes(bereq.method, url, '1.1', wireHead), body: () => requestBody?.bytes ?? 0 };
      const res = await fetchFromOrigin(target, { method: bereq.method, url, headers, wireHead, body });
      const metrics = this.options.metrics;
      // A body that stalls (between_bytes_timeout) or breaks off fails after the answer began: counted, and one line says so.
      res.body.once('error', (err) => (metrics?.originFailed(target.name, err), this.warn(`vcl-edge: the body of ${bereq.method} ${bereq.url} broke off: ${err.message}`)));
      return { status: res.status, statusText: fromWire(res.statusText), headers: headersFromWire(res.headers), body: res.body, peer: res.peer };
    } catch (e) {
      // A client that left mid-upload is not a backend failure: say what happened instead.
      const clientLeft = (e as Error).cause instanceof ClientWentAway;
      this.options.metrics?.originFailed(target.name, e);
      this.warn(
        clientLeft
          ? `vcl-edge: ${bereq.method} ${bereq.url}: the client left before sending the whole body; the request to backend ${target.name} was aborted`
          : `vcl-edge: backend ${target.name} failed for ${bereq.method} ${bereq.url}: ${(e as Error).message}`,
      );
      throw e;
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const { service, lifecycle, readsBody } = this.active;
    try {
      const admitted = admitRequest(req);
      if (!admitted.ok) return this.refuse(req, req.socket, admitted, started);
      const ctx = contextFor(service, req, admitted);
      // A small POST/PUT body is read first when VCL reads req.body (Fastly's rule); others stream.
      const forVcl = readsBody ? await readBodyForVcl(req) : null;
      if (forVcl) ctx.req.body = fromBytes(forVcl.bytes);
      const bytesIn = forVcl?.body ?? bodyOfRequest(req);
      ctx.connection.bodyBytesRead = () => forVcl?.bytes.length ?? bytesIn.bytes;
      requestBodies.set(ctx, bytesIn);
      if (bytesIn.present) res.once('finish', () => bytesIn.finish());
      const outcome = await lifecycle.handle(ctx);
      if (outcome.kind === 'upgrade') {
        // Only a WebSocket handshake can be upgraded; this request is not one.
        return this.finish(lifecycle, ctx, await this.plain(res, 400, 'return(upgrade) needs a WebSocket upgrade request'), 'upgrade', bytesIn, started, req);
      }
      this.flushLogs(ctx);
      ctx.firstByteAt = Date.now();
      const bytesOut = await sendDelivery(res, outcome, req.method === 'HEAD');
      recordResponseBytes(ctx, responseHeadBytes(outcome.status, outcome.statusText, outcome.headers, null), bytesOut, res.writableFinished);
      lifecycle.log(ctx, outcome.status, outcome.statusText, outcome.headers);
      this.record(ctx, outcome.state, outcome.status, bytesIn.bytes, bytesOut, started, req);
    } catch (e) {
      this.warn(failureLine(req.method, req.url, e, res.headersSent ? 0 : 503));
      this.options.metrics?.vclFailed(e);
      if (!res.headersSent) await this.plain(res, 503, 'internal error');
      else res.destroy();
    }
  }

  /** A request refused before VCL (admission.ts): answered, and the connection closed without a reset. */
  private refuse(req: IncomingMessage, socket: Socket, refusal: Extract<Admission, { ok: false }>, started: number): void {
    answerAndLinger(socket, plainResponse(refusal.status, refusal.reason));
    this.options.metrics?.request('refused', null, refusal.status);
    const url = req.url ?? '';
    this.options.accessLog?.write({
      time: isoTime(started),
      client: plainAddress(socket.remoteAddress),
      method: req.method ?? '',
      url: url.length > 256 ? `${url.slice(0, 256)}…` : url,
      state: 'refused',
      backend: null,
      status: refusal.status,
      bytesIn: 0,
      bytesOut: 0,
      durationMs: Date.now() - started,
    });
  }

  private async plain(res: ServerResponse, status: number, text: string, extra?: Record<string, string>): Promise<{ status: number; bytes: number }> {
    const body = `${status} ${http.STATUS_CODES[status] ?? ''}: ${text}\n`;
    res.writeHead(status, { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return { status, bytes: Buffer.byteLength(body) };
  }

  private finish(lifecycle: Lifecycle<Readable>, ctx: RequestContext, sent: { status: number; bytes: number }, state: string, bytesIn: RequestBody, started: number, req: IncomingMessage): void {
    lifecycle.log(ctx, sent.status, http.STATUS_CODES[sent.status] ?? '');
    this.flushLogs(ctx);
    this.record(ctx, state, sent.status, bytesIn.bytes, sent.bytes, started, req);
  }

  private async onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', destroySocket);
    const started = Date.now();
    // A response object on the raw socket, for answers that are not a tunnel.
    const res = new http.ServerResponse(req);
    res.assignSocket(socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => lingerAfterAnswer(socket));
    const { service, lifecycle, backends } = this.active;
    try {
      const admitted = admitRequest(req);
      if (!admitted.ok) return this.refuse(req, socket, admitted, started);
      const ctx = contextFor(service, req, admitted);
      const bytesIn = bodyOfUpgradeRequest(req, socket, head);
      requestBodies.set(ctx, bytesIn);
      const outcome = await lifecycle.handle(ctx);
      if (outcome.kind === 'deliver') {
        // VCL chose pass or lookup for a WebSocket handshake: an ordinary HTTP response, no tunnel.
        this.flushLogs(ctx);
        const bytesOut = await sendDelivery(res, outcome as Delivery<Readable>, false);
        lifecycle.log(ctx, outcome.status, outcome.statusText, outcome.headers);
        this.record(ctx, outcome.state, outcome.status, bytesIn.bytes, bytesOut, started, req);
        return;
      }
      const refusal = handshakeRefusal(req); // not a well-formed WebSocket handshake: 400 or 426, no tunnel
      if (refusal) return this.finish(lifecycle, ctx, await this.plain(res, refusal.status, refusal.reason, refusal.headers), 'upgrade', bytesIn, started, req);
      // A director picks the tunnel's backend as it does any request's (health, quorum, hash…).
      const target = backends.resolve(service.runtime.resolveBackend(ctx));
      if (!target || !this.options.upgrades) {
        this.warn(`vcl-edge: upgrade for ${req.url}: ${target ? 'no relay configured' : `no backend named ${ctx.req.backend ?? '(none)'}`}`);
        return this.finish(lifecycle, ctx, await this.plain(res, 503, 'no backend for the upgrade'), 'upgrade', bytesIn, started, req);
      }
      res.detachSocket(socket);
      const reporting = { warn: this.warn, metrics: this.options.metrics, accessLog: this.options.accessLog, flushLogs: (c: RequestContext) => this.flushLogs(c) };
      handOffTunnel(this.options.upgrades, reporting, lifecycle, ctx, { socket, head, started }, target);
    } catch (e) {
      this.warn(failureLine(req.method, req.url, e, res.headersSent ? 0 : 503));
      this.options.metrics?.vclFailed(e);
      if (!res.headersSent) await this.plain(res, 503, 'internal error');
      else socket.destroy();
    }
  }

  /** Send the request's VCL log lines to their endpoints (called after each phase that may log). */
  private flushLogs(ctx: RequestContext): void {
    const from = flushed.get(ctx) ?? 0;
    for (let i = from; i < ctx.logs.length; i++) this.options.logSinks.write(ctx.logs[i]!.endpoint, ctx.logs[i]!.message);
    flushed.set(ctx, ctx.logs.length);
  }

  private record(ctx: RequestContext, state: string, status: number, bytesIn: number, bytesOut: number, started: number, req: IncomingMessage): void {
    this.flushLogs(ctx);
    // A body that broke its framing was answered by the server (http-server.ts), not with what VCL built.
    const instead = statusAnsweredInstead(req.socket);
    if (instead !== undefined) [status, bytesOut] = [instead, 0];
    this.options.metrics?.request(state, ctx.cacheState, status);
    const accessLog = this.options.accessLog;
    if (!accessLog) return;
    accessLog.write({
      time: isoTime(started),
      client: ctx.clientIp,
      method: req.method ?? ctx.req.method,
      url: req.url === undefined ? ctx.req.url : fromWire(req.url),
      state,
      backend: ctx.req.backend,
      status,
      bytesIn,
      bytesOut,
      durationMs: Date.now() - started,
    });
  }
}

function admitRequest(req: IncomingMessage): Admission {
  return admit({ method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, rawHeaders: req.rawHeaders });
}

/** Per-request side data kept off RequestContext (it belongs to the server, not to VCL). */
const requestBodies = new WeakMap<RequestContext, RequestBody>();

/**
 * A director may send a request to its next pick when no connection was made and no request body
 * went out: a body piped into a failed connection may be partly read, and cannot be sent again.
 */
function mayRetryElsewhere(ctx: RequestContext, err: unknown): boolean {
  return neverConnected(err) && !requestBodies.get(ctx)?.spent;
}
const flushed = new WeakMap<RequestContext, number>();

/**
 * A socket's error listener until the tunnel owns it (and after: it stays for the tunnel's life). One
 * function for every socket, not a closure each: an idle tunnel should hold little beyond its sockets.
 */
function destroySocket(this: Socket): void {
  this.destroy();
}
