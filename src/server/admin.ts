// The admin listener of `serve --admin HOST:PORT`: Prometheus `/metrics` and `/healthz`, on an
// address of its own so that neither is reachable through the edge (nor runs through VCL).
// startAdmin serves one process's EdgeMetrics; startClusterAdmin serves, from a cluster's primary,
// the sum of its workers' metrics (prom-client's AggregatorRegistry asks each worker over IPC).
import cluster from 'node:cluster';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry } from 'prom-client';
import type { EdgeMetrics } from './metrics.js';

/** What /healthz says: `ok` (200) while serving, else why not (503); `details` follow, one per line. */
export interface HealthReport {
  ok: boolean;
  status: string;
  details: string[];
}

export interface RunningAdmin {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

type Route = (res: ServerResponse) => Promise<void>;

export interface AdminOptions {
  host: string;
  port: number;
  metrics: EdgeMetrics;
  health: () => HealthReport;
}

/** Serve one process's metrics and health. Resolves once listening. */
export function startAdmin(options: AdminOptions): Promise<RunningAdmin> {
  const { metrics, health } = options;
  return listenAdmin(options.host, options.port, {
    '/metrics': async (res) => answer(res, 200, metrics.contentType, await metrics.scrape()),
    '/healthz': async (res) => answerHealth(res, health()),
  });
}

/**
 * For a `node:cluster` primary: `/metrics` sums what every worker counted (each worker made its
 * EdgeMetrics with clusterWorkerMetrics()), `/healthz` is ok while at least one worker is connected
 * and the cluster is not `draining` (stopping: its workers still finish their requests).
 */
export function startClusterAdmin(host: string, port: number, draining: () => boolean = () => false): Promise<RunningAdmin> {
  const aggregator = new AggregatorRegistry();
  return listenAdmin(host, port, {
    '/metrics': async (res) => answer(res, 200, aggregator.contentType, await aggregator.clusterMetrics()),
    '/healthz': async (res) => {
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected()).length;
      const status = draining() ? 'draining' : workers > 0 ? 'ok' : 'no workers';
      answerHealth(res, { ok: status === 'ok', status, details: [`workers ${workers}`] });
    },
  });
}

function answerHealth(res: ServerResponse, report: HealthReport): void {
  answer(res, report.ok ? 200 : 503, 'text/plain; charset=utf-8', [report.status, ...report.details, ''].join('\n'));
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function route(routes: Record<string, Route>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (handler === undefined) return answer(res, 404, 'text/plain; charset=utf-8', `not found: the admin listener serves ${Object.keys(routes).join(' and ')}\n`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return answer(res, 405, 'text/plain; charset=utf-8', `${req.method ?? '?'} is not allowed: use GET\n`);
  }
  try {
    await handler(res);
  } catch (e) {
    // A scrape that failed (a worker did not answer the aggregator in time, say): say why.
    if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', `${(e as Error).message}\n`);
    else res.destroy();
  }
}

async function listenAdmin(host: string, port: number, routes: Record<string, Route>): Promise<RunningAdmin> {
  const server = http.createServer((req, res) => void route(routes, req, res));
  // Scrapers keep connections alive between scrapes; a short idle timeout keeps close() prompt.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
