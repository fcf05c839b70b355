// The HTTP edge server: every request runs through the VCL lifecycle; pass and lookup go to the
// origin over Node's http/https; `return(upgrade)` hands the socket to the tunnel handler that the
// composition root plugs in (src/edge.ts wires the relay), so the runtime never imports the relay.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { HttpCache } from '../engine/cache.js';
import type { BackendTarget } from './backends.js';
import { applyHostHeader, closeOriginAgents, fetchFromOrigin } from './origin-fetch.js';
import { stripFixedHopByHop } from './hop-by-hop.js';
import { admit, type Admission } from './admission.js';
import { createHttpServer, statusAnsweredInstead } from './http-server.js';
import { answerAndLinger, lingerAfterAnswer, plainResponse } from './linger.js';
import { failureLine } from './failure-line.js';
import { Lifecycle, type Delivery, type LifecycleIO, type OriginAnswer } from '../engine/lifecycle.js';
import type { AccessLog, LogSinks } from './log-sinks.js';
import type { Service } from '../engine/service.js';
import { BackendResolver } from './backend-targets.js';
import { contextFor, isWebSocketUpgrade, plainAddress } from './client-request.js';
import { bodyOfRequest, bodyOfUpgradeRequest, ClientWentAway, type RequestBody } from './request-body.js';
import { sendDelivery } from './send.js';
import { recordResponseBytes, responseHeadBytes, withVclTimeouts } from './request-facts.js';
import { requestHeadBytes } from '../values/connection.js';
import { readBodyForVcl, readsRequestBody } from './vcl-request-body.js';
import { Prober } from './probes.js';
import { fromBytes, fromWire, toWire } from '../values/bytes.js';
import { headersFromWire, headersToWire } from './wire.js';

/** What the server hands the tunnel handler when vcl_recv returned upgrade. */
export interface UpgradeHandoff {
  socket: Socket;
  head: Buffer;
  /**
   * The request as VCL left it: req.url and every req.http header, Host per the override host. In wire
   * form (one char per byte, as Node's HTTP parser hands strings over), so each VCL byte is sent as itself.
   */
  request: { method: string; url: string; headers: [string, string][] };
  backend: BackendTarget;
  /** Call once the origin's answer (101, a refusal, or a failure) has been sent to the client. */
  accepted(status: number, error?: string): void;
  /** Call once both sides are closed. */
  closed(stats: { bytesFromClient: number; bytesToClient: number; durationMs: number }): void;
}

export interface UpgradeHandler {
  open(handoff: UpgradeHandoff): void;
  /** Close the open tunnels, waiting up to graceMs for them to end by themselves. */
  shutdown(graceMs: number): Promise<void>;
}

export interface EdgeServerOptions {
  service: Service;
  overrides?: ReadonlyMap<string, BackendTarget>;
  ca?: (string | Buffer)[];
  logSinks: LogSinks;
  accessLog: AccessLog;
  /** Cache budget in bytes. */
  cacheBytes?: number;
  upgrades?: UpgradeHandler;
  /** Operational messages (backend failures, tunnel errors): one line each. */
  warn?: (line: string) => void;
  /** How long a client may take to send a request head before it gets 408 (default 10 s). */
  headersTimeoutMs?: number;
  /** Listen with TLS (PEM certificate and key). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export class EdgeServer {
  readonly server: http.Server;
  readonly cache: HttpCache;
  private readonly lifecycle: Lifecycle<Readable>;
  private readonly backends: BackendResolver;
  /** Health checks of the backends with a `.probe`, from listen() to close(). */
  private readonly prober: Prober;
  private readonly warn: (line: string) => void;
  /** Whether the VCL reads req.body (then small POST/PUT bodies are read before vcl_recv). */
  private readonly readsBody: boolean;

  constructor(private readonly options: EdgeServerOptions) {
    const { service } = options;
    this.cache = new HttpCache({ maxBytes: options.cacheBytes });
    this.backends = new BackendResolver({ backends: service.program.backends, directors: service.program.directors, overrides: options.overrides, ca: options.ca });
    this.warn = options.warn ?? ((line) => process.stderr.write(`${line}\n`));
    this.readsBody = readsRequestBody(service.sources);
    const io: LifecycleIO<Readable> = {
      cache: this.cache,
      fetch: (ctx, name) => this.fetch(ctx, name),
      discard: (body) => body.destroy(),
    };
    this.lifecycle = new Lifecycle(service.program, io, service.runtime);
    this.prober = new Prober(service.program.backends, (name) => this.backends.resolve(name), service.runtime.health);
    this.server = createHttpServer({ headersTimeoutMs: options.headersTimeoutMs, tls: options.tls });
    this.server.on('request', (req, res) => void this.onRequest(req, res));
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
    this.prober.start();
    return this.server.address() as AddressInfo;
  }

  /** Stop accepting, let in-flight requests finish, close tunnels after the grace period. */
  async close(graceMs = 2_000): Promise<void> {
    this.prober.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.options.upgrades?.shutdown(graceMs);
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    closeOriginAgents(this.backends.pool);
    await this.options.logSinks.close();
  }

  private async fetch(ctx: RequestContext, name: string | null): Promise<OriginAnswer<Readable>> {
    const declared = this.backends.resolve(name);
    if (!declared) throw new Error(`no backend named ${name ?? '(none)'}`);
    const target = withVclTimeouts(declared, ctx.bereqTimeouts);
    const bereq = ctx.bereq!;
    // X-Forwarded-For goes as VCL left it: Fastly adds the client's address on arrival (RequestContext).
    const headers = stripFixedHopByHop(bereq.headers.clone());
    applyHostHeader(headers, target);
    const requestBody = requestBodies.get(ctx);
    const body = requestBody?.take() ?? null;
    if (body === null && requestBody?.spent) {
      // The body went to the origin before a restart and cannot be sent again.
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      this.warn(`vcl-edge: ${bereq.method} ${bereq.url}: the request body was sent before the restart and is not sent again`);
    }
    try {
      // The origin request goes out in wire form, and its answer comes back to VCL as byte strings.
      const wireHeaders = headersToWire(headers);
      ctx.backendRequestBytes = { header: requestHeadBytes(bereq.method, toWire(bereq.url), '1.1', wireHeaders.entries().flat()), body: () => requestBody?.bytes ?? 0 };
      const res = await fetchFromOrigin(target, { method: bereq.method, url: toWire(bereq.url), headers: wireHeaders, body });
      return { status: res.status, statusText: fromWire(res.statusText), headers: headersFromWire(res.headers), body: res.body, peer: res.peer };
    } catch (e) {
      // A client that left mid-upload is not a backend failure: say what happened instead.
      const clientLeft = (e as Error).cause instanceof ClientWentAway;
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
    try {
      const admitted = admitRequest(req);
      if (!admitted.ok) return this.refuse(req, req.socket, admitted, started);
      const ctx = contextFor(this.options.service, req, admitted);
      // A small POST/PUT body is read first when VCL reads req.body (Fastly's rule); others stream.
      const forVcl = this.readsBody ? await readBodyForVcl(req) : null;
      if (forVcl) ctx.req.body = fromBytes(forVcl.bytes);
      const bytesIn = forVcl?.body ?? bodyOfRequest(req);
      ctx.connection.bodyBytesRead = () => forVcl?.bytes.length ?? bytesIn.bytes;
      requestBodies.set(ctx, bytesIn);
      res.once('finish', () => bytesIn.finish());
      const outcome = await this.lifecycle.handle(ctx);
      if (outcome.kind === 'upgrade') {
        // Only a WebSocket handshake can be upgraded; this request is not one.
        return this.finish(ctx, await this.plain(res, 400, 'return(upgrade) needs a WebSocket upgrade request'), 'upgrade', bytesIn, started, req);
      }
      this.flushLogs(ctx);
      ctx.firstByteAt = Date.now();
      const bytesOut = await sendDelivery(res, outcome, req.method === 'HEAD');
      recordResponseBytes(ctx, responseHeadBytes(outcome.status, outcome.statusText, outcome.headers, null), bytesOut, res.writableFinished);
      this.lifecycle.log(ctx, outcome.status, outcome.statusText, outcome.headers);
      this.record(ctx, outcome.state, outcome.status, bytesIn.bytes, bytesOut, started, req);
    } catch (e) {
      this.warn(failureLine(req.method, req.url, e, res.headersSent ? 0 : 503));
      if (!res.headersSent) await this.plain(res, 503, 'internal error');
      else res.destroy();
    }
  }

  /** A request refused before VCL (admission.ts): answered, and the connection closed without a reset. */
  private refuse(req: IncomingMessage, socket: Socket, refusal: Extract<Admission, { ok: false }>, started: number): void {
    answerAndLinger(socket, plainResponse(refusal.status, refusal.reason));
    const url = req.url ?? '';
    this.options.accessLog.write({
      time: new Date(started).toISOString(),
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

  private async plain(res: ServerResponse, status: number, text: string): Promise<{ status: number; bytes: number }> {
    const body = `${status} ${http.STATUS_CODES[status] ?? ''}: ${text}\n`;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return { status, bytes: Buffer.byteLength(body) };
  }

  private finish(ctx: RequestContext, sent: { status: number; bytes: number }, state: string, bytesIn: RequestBody, started: number, req: IncomingMessage): void {
    this.lifecycle.log(ctx, sent.status, http.STATUS_CODES[sent.status] ?? '');
    this.flushLogs(ctx);
    this.record(ctx, state, sent.status, bytesIn.bytes, sent.bytes, started, req);
  }

  private async onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const started = Date.now();
    // A response object on the raw socket, for answers that are not a tunnel.
    const res = new http.ServerResponse(req);
    res.assignSocket(socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => lingerAfterAnswer(socket));
    try {
      const admitted = admitRequest(req);
      if (!admitted.ok) return this.refuse(req, socket, admitted, started);
      const ctx = contextFor(this.options.service, req, admitted);
      const bytesIn = bodyOfUpgradeRequest(req, socket, head);
      requestBodies.set(ctx, bytesIn);
      const outcome = await this.lifecycle.handle(ctx);
      if (outcome.kind === 'deliver') {
        // VCL chose pass or lookup for a WebSocket handshake: an ordinary HTTP response, no tunnel.
        this.flushLogs(ctx);
        const bytesOut = await sendDelivery(res, outcome as Delivery<Readable>, false);
        this.lifecycle.log(ctx, outcome.status, outcome.statusText, outcome.headers);
        this.record(ctx, outcome.state, outcome.status, bytesIn.bytes, bytesOut, started, req);
        return;
      }
      if (!isWebSocketUpgrade(req)) return this.finish(ctx, await this.plain(res, 400, 'return(upgrade) needs Upgrade: websocket'), 'upgrade', bytesIn, started, req);
      const target = this.backends.resolve(ctx.req.backend);
      if (!target || !this.options.upgrades) {
        this.warn(`vcl-edge: upgrade for ${req.url}: ${target ? 'no relay configured' : `no backend named ${ctx.req.backend ?? '(none)'}`}`);
        return this.finish(ctx, await this.plain(res, 503, 'no backend for the upgrade'), 'upgrade', bytesIn, started, req);
      }
      res.detachSocket(socket);
      this.tunnel(ctx, req, socket, head, target, started);
    } catch (e) {
      this.warn(failureLine(req.method, req.url, e, res.headersSent ? 0 : 503));
      if (!res.headersSent) await this.plain(res, 503, 'internal error');
      else socket.destroy();
    }
  }

  private tunnel(ctx: RequestContext, req: IncomingMessage, socket: Socket, head: Buffer, target: BackendTarget, started: number): void {
    const headers = new Headers(ctx.req.headers.entries());
    if (target.hostHeader) headers.set('Host', target.hostHeader);
    // A tunnel may live for hours: keep only what its access-log line needs, and let the request
    // state go once vcl_log has run.
    const record = { client: plainAddress(req.socket.remoteAddress ?? socket.remoteAddress), method: ctx.req.method, url: ctx.req.url };
    let pending: RequestContext | null = ctx;
    let status = 0;
    this.options.upgrades!.open({
      socket,
      head,
      request: { method: ctx.req.method, url: toWire(ctx.req.url), headers: headersToWire(headers).entries() },
      backend: target,
      accepted: (answered, error) => {
        status = answered;
        if (error) this.warn(`vcl-edge: upgrade to backend ${target.name} failed: ${error}`);
        // Fastly: for a WebSocket, vcl_log runs when the upgrade is accepted, not when it ends.
        if (pending) {
          try {
            this.lifecycle.log(pending, answered, http.STATUS_CODES[answered] ?? '');
            this.flushLogs(pending);
          } catch (e) {
            this.warn(`vcl-edge: vcl_log for the upgrade of ${record.url} failed: ${(e as Error).message}`);
          }
          pending = null;
        }
      },
      closed: (stats) => {
        this.options.accessLog.write({
          time: new Date(started).toISOString(),
          ...record,
          state: 'upgrade',
          backend: target.name,
          status,
          bytesIn: stats.bytesFromClient,
          bytesOut: stats.bytesToClient,
          durationMs: stats.durationMs,
          tunnel: true,
        });
      },
    });
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
    this.options.accessLog.write({
      time: new Date(started).toISOString(),
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
const flushed = new WeakMap<RequestContext, number>();
