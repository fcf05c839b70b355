// The composition root of `vcl-edge serve`: a compiled service, the edge server, the log sinks
// and the relay for upgraded connections, wired together. The runtime does not import the relay;
// this module plugs one into the other.
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { openTunnel, TunnelRegistry, type Tunnel, type TunnelAccepted, type TunnelClosed, type TunnelHooks } from './relay/index.js';
import { parseBackendUrl, type BackendTarget } from './server/backends.js';
import { AccessLog, LogSinks } from './server/log-sinks.js';
import { EdgeServer, type UpgradeHandler, type UpgradeHandoff } from './server/edge-server.js';
import { loadVcl, type CompileOptions, type Service } from './engine/service.js';
import type { EdgeMetrics } from './server/metrics.js';
import type { RunningAdmin } from './server/admin.js';

export interface EdgeOptions {
  /** The VCL file, or an already compiled service. */
  vcl: string | Service;
  compile?: CompileOptions;
  host?: string;
  port?: number;
  /** `NAME=URL` pairs (or parsed): each replaces or adds a backend's address. */
  backends?: Record<string, string>;
  /** Like `backends`, with a project config's TLS names and Host header (a `backends` entry of the same name wins). */
  backendSettings?: Record<string, BackendOverride>;
  /** PEM files (or PEM text) of CAs to trust for TLS origins, besides the public ones. */
  caFiles?: string[];
  /** endpoint → file path for VCL `log` lines; other endpoints go to `stdout`. */
  logFiles?: Record<string, string>;
  stdout?: Writable;
  /** Where the JSON access log goes (default: stderr); null: no access log (`--access-log off`). */
  accessLog?: Writable | null;
  cacheBytes?: number;
  warn?: (line: string) => void;
  /** How long a client may take to send a request head before it gets 408 (default 10 s). */
  headersTimeoutMs?: number;
  /** How long a request body may go without a byte before it gets 408 (default 60 s, nginx's client_body_timeout). */
  bodyIdleTimeoutMs?: number;
  /** Listen with TLS: PEM files (or PEM text) of the certificate and its key. */
  tls?: { cert: string; key: string };
  /** `--admin`: serve Prometheus /metrics and /healthz on this address (off when absent). */
  admin?: { host: string; port: number };
  /**
   * Count into these metrics (made for the admin listener when absent and `admin` is given). A cluster
   * worker passes clusterWorkerMetrics() and no `admin`: its primary serves the sum (startClusterAdmin).
   */
  metrics?: EdgeMetrics;
}

/** Where a project's config sends a backend the VCL declares (src/project BackendSetting). */
export interface BackendOverride {
  url: string;
  hostHeader?: string;
  certHostname?: string;
  sniHostname?: string;
}

function overrideTarget(name: string, o: BackendOverride): BackendTarget {
  const target = parseBackendUrl(name, o.url);
  if (o.hostHeader) target.hostHeader = o.hostHeader;
  if (o.certHostname) target.certHostname = o.certHostname;
  if (o.sniHostname) target.servername = o.sniHostname;
  return target;
}

export interface RunningEdge {
  url: string;
  host: string;
  port: number;
  server: EdgeServer;
  /** The admin listener, when `admin` was given. */
  admin?: RunningAdmin;
  /** The metrics counted into, when `admin` or `metrics` was given (for a reload to call `reloaded`). */
  metrics?: EdgeMetrics;
  /**
   * Hot reload: new requests run `service` at once; requests and tunnels in flight keep theirs. A
   * reloaded project config's backend settings replace the old ones (`backends` given at start still win).
   */
  replaceService(service: Service, backendSettings?: Record<string, BackendOverride>): void;
  close(graceMs?: number): Promise<void>;
}

/** The backend addresses that replace or add to the VCL's: a config's settings, then `backends` over them. */
function backendOverrides(settings: Record<string, BackendOverride> | undefined, backends: Record<string, string> | undefined): Map<string, BackendTarget> {
  const overrides = new Map<string, BackendTarget>();
  for (const [name, setting] of Object.entries(settings ?? {})) overrides.set(name, overrideTarget(name, setting));
  for (const [name, url] of Object.entries(backends ?? {})) overrides.set(name, parseBackendUrl(name, url));
  return overrides;
}

/** PEM text as given, or read from the file it names. */
const pemOf = (f: string): string => (f.includes('-----BEGIN') ? f : readFileSync(f, 'utf8'));

/** The relay as the server's upgrade handler: one tunnel per handoff, tracked for shutdown. */
export function relayUpgrades(): UpgradeHandler {
  const registry = new TunnelRegistry();
  return {
    open(h) {
      const target = h.backend;
      const hooks = new HandoffHooks(registry, h.accepted, h.closed);
      const tunnel = openTunnel(
        h.socket,
        h.head,
        h.request,
        {
          host: target.host,
          port: target.port,
          tls: target.tls,
          servername: target.servername,
          certHostname: target.certHostname,
          ca: target.ca,
          connectTimeoutMs: target.connectTimeoutMs,
          firstByteTimeoutMs: target.firstByteTimeoutMs,
        },
        hooks,
      );
      hooks.tunnel = tunnel;
      registry.add(tunnel);
    },
    shutdown: (graceMs) => registry.shutdown(graceMs, { endFirst: true }),
  };
}

/**
 * One tunnel's hooks: the server's two callbacks and the registry to leave. An object rather than
 * closures, and not the handoff itself, whose request and early bytes the tunnel drops once the
 * origin has answered: an open tunnel should hold little more than its two sockets.
 */
class HandoffHooks implements TunnelHooks {
  tunnel: Tunnel | null = null;

  constructor(
    private readonly registry: TunnelRegistry,
    private readonly accepted: UpgradeHandoff['accepted'],
    private readonly closed: UpgradeHandoff['closed'],
  ) {}

  onAccepted(a: TunnelAccepted): void {
    this.accepted(a.status, a.error);
  }

  onClosed(c: TunnelClosed): void {
    if (this.tunnel) this.registry.delete(this.tunnel);
    this.closed(c);
  }
}

/** Compile the VCL and start serving it. Resolves once listening. */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const service = typeof options.vcl === 'string' ? loadVcl(options.vcl, options.compile) : options.vcl;
  const overrides = backendOverrides(options.backendSettings, options.backends);
  const ca = (options.caFiles ?? []).map(pemOf);
  // prom-client loads only when metrics are asked for: without --admin nothing of it runs.
  const metrics = options.metrics ?? (options.admin ? new (await import('./server/metrics.js')).EdgeMetrics() : undefined);
  const server = new EdgeServer({
    service,
    overrides,
    ca,
    logSinks: new LogSinks({ files: new Map(Object.entries(options.logFiles ?? {})), stdout: options.stdout ?? process.stdout }),
    accessLog: options.accessLog === null ? null : new AccessLog(options.accessLog ?? process.stderr),
    cacheBytes: options.cacheBytes,
    upgrades: relayUpgrades(),
    warn: options.warn,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    tls: options.tls && { cert: pemOf(options.tls.cert), key: pemOf(options.tls.key) },
    metrics,
  });
  metrics?.watchCache(() => server.cache);
  const address = await server.listen(options.host ?? '127.0.0.1', options.port ?? 8080);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  let serving = true;
  const admin = options.admin && metrics ? await startEdgeAdmin(options.admin, metrics, server, url, () => serving).catch(closing(server)) : undefined;
  return {
    url,
    host: address.address,
    port: address.port,
    server,
    admin,
    metrics,
    replaceService: (next, settings = options.backendSettings) => server.replaceService(next, backendOverrides(settings, options.backends)),
    close: async (graceMs) => {
      serving = false; // /healthz says "draining" while in-flight requests finish
      await server.close(graceMs);
      await admin?.close();
    },
  };
}

/** On a failure after the edge began listening (the admin port is taken): stop it, then fail. */
const closing = (server: EdgeServer) => async (e: unknown): Promise<never> => {
  await server.close(0);
  throw e;
};

/** The admin listener of one edge: its metrics, and a /healthz that reports the backends' health. */
async function startEdgeAdmin(address: { host: string; port: number }, metrics: EdgeMetrics, server: EdgeServer, url: string, serving: () => boolean): Promise<RunningAdmin> {
  const { startAdmin } = await import('./server/admin.js');
  const started = Date.now();
  return startAdmin({
    ...address,
    metrics,
    health: () => ({
      ok: serving(),
      status: serving() ? 'ok' : 'draining',
      details: [
        `listening ${url}`,
        `uptime_seconds ${Math.floor((Date.now() - started) / 1000)}`,
        ...server.backendHealth().map(([name, healthy]) => `backend ${name} ${healthy ? 'healthy' : 'sick'}`),
      ],
    }),
  });
}
