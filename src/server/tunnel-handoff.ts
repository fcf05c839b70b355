// The hand-off of an upgraded request (`return(upgrade)`, a well-formed WebSocket handshake) to the
// tunnel handler the composition root plugs in (src/edge.ts wires the relay): the request as VCL left
// it goes out in wire form, vcl_log runs once the upgrade is answered, and the access-log line is
// written once the tunnel has closed. The server never imports the relay; this is all it knows of it.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { toWire } from '../values/bytes.js';
import type { Lifecycle } from '../engine/lifecycle.js';
import type { BackendTarget } from './backends.js';
import { isoTime, type AccessLog } from './log-sinks.js';
import type { EdgeMetrics } from './metrics.js';
import { headersToWire } from './wire.js';
import { plainAddress } from './client-request.js';

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

/** What the server lends a tunnel for its logging. */
export interface TunnelReporting {
  warn(line: string): void;
  metrics?: EdgeMetrics;
  accessLog?: AccessLog | null;
  /** Send the request's VCL log lines to their endpoints. */
  flushLogs(ctx: RequestContext): void;
}

/** The upgraded request `ctx` (its client on `socket`) goes to `target` through `upgrades`. */
export function handOffTunnel(
  upgrades: UpgradeHandler,
  reporting: TunnelReporting,
  lifecycle: Lifecycle<Readable>,
  ctx: RequestContext,
  connection: { socket: Socket; head: Buffer; started: number },
  target: BackendTarget,
): void {
  const { socket, head, started } = connection;
  const { warn, metrics } = reporting;
  const headers = new Headers(ctx.req.headers.entries());
  if (target.hostHeader) headers.set('Host', target.hostHeader);
  // A tunnel may live for hours: keep only what its access-log line needs, and let the request
  // state go once vcl_log has run.
  const record = { client: plainAddress(socket.remoteAddress), method: ctx.req.method, url: ctx.req.url };
  let pending: RequestContext | null = ctx;
  let status = 0;
  metrics?.tunnelOpened();
  upgrades.open({
    socket,
    head,
    request: { method: ctx.req.method, url: toWire(ctx.req.url), headers: headersToWire(headers).entries() },
    backend: target,
    accepted: (answered, error) => {
      status = answered;
      if (error) warn(`vcl-edge: upgrade to backend ${target.name} failed: ${error}`);
      metrics?.tunnelAccepted(answered, error !== undefined);
      metrics?.request('upgrade', null, answered);
      // Fastly: for a WebSocket, vcl_log runs when the upgrade is accepted, not when it ends.
      if (pending) {
        try {
          lifecycle.log(pending, answered, http.STATUS_CODES[answered] ?? '');
          reporting.flushLogs(pending);
        } catch (e) {
          warn(`vcl-edge: vcl_log for the upgrade of ${record.url} failed: ${(e as Error).message}`);
          metrics?.vclFailed(e);
        }
        pending = null;
      }
    },
    closed: (stats) => {
      metrics?.tunnelClosed(stats);
      reporting.accessLog?.write({
        time: isoTime(started),
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
