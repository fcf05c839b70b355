// A minimal edge in front of an origin for relay tests: an http.Server whose 'upgrade'
// handler hands the socket to openTunnel, recording what the hooks report.

import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import {
  openTunnel,
  TunnelRegistry,
  type TunnelAccepted,
  type TunnelClosed,
  type TunnelRequest,
  type TunnelTarget,
} from '../../src/relay/index.js';
import { connectionCount, listen } from './origins.js';

export interface RelayProxyOptions {
  /** Overrides for the backend; host defaults to 127.0.0.1, timeouts to 1000/15000. */
  target: Partial<TunnelTarget> & { port: number };
  /** Turns the client's request into what is sent upstream ("as VCL left it"). */
  rewrite?(req: IncomingMessage): TunnelRequest;
  /** Use this server instead of a default http.createServer(). */
  server?: http.Server;
}

export interface RelayProxy {
  port: number;
  server: http.Server;
  registry: TunnelRegistry;
  accepted: TunnelAccepted[];
  closed: TunnelClosed[];
  /** Resolves when `count` tunnels have reported onClosed (rejects after timeoutMs). */
  whenClosed(count: number, timeoutMs?: number): Promise<void>;
  connections(): Promise<number>;
  close(): Promise<void>;
}

export function requestAsIs(req: IncomingMessage): TunnelRequest {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return { method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, headers };
}

export async function startRelayProxy(opts: RelayProxyOptions): Promise<RelayProxy> {
  const server = opts.server ?? http.createServer();
  const target: TunnelTarget = { host: '127.0.0.1', tls: false, connectTimeoutMs: 1000, firstByteTimeoutMs: 15000, ...opts.target };
  const registry = new TunnelRegistry();
  const accepted: TunnelAccepted[] = [];
  const closed: TunnelClosed[] = [];
  const waiters: (() => void)[] = [];

  server.on('request', (_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const request = (opts.rewrite ?? requestAsIs)(req);
    const tunnel = openTunnel(socket as import('node:net').Socket, head, request, target, {
      onAccepted: (a) => accepted.push(a),
      onClosed: (c) => {
        closed.push(c);
        registry.delete(tunnel);
        for (const wake of waiters.splice(0)) wake();
      },
    });
    registry.add(tunnel);
  });
  const port = await listen(server);

  const whenClosed = async (count: number, timeoutMs = 5000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (closed.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${closed.length} of ${count} tunnels closed within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  return {
    port,
    server,
    registry,
    accepted,
    closed,
    whenClosed,
    connections: () => connectionCount(server),
    close: async () => {
      await registry.shutdown(0);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
