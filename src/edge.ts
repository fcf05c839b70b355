// The composition root of `vcl-edge serve`: a compiled service, the edge server, the log sinks
// and the relay for upgraded connections, wired together. The runtime does not import the relay;
// this module plugs one into the other.
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { openTunnel, TunnelRegistry } from './relay/index.js';
import { parseBackendUrl, type BackendTarget } from './server/backends.js';
import { AccessLog, LogSinks } from './server/log-sinks.js';
import { EdgeServer, type UpgradeHandler } from './server/edge-server.js';
import { loadVcl, type CompileOptions, type Service } from './engine/service.js';

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
  /** Where the JSON access log goes (default: stderr). */
  accessLog?: Writable;
  cacheBytes?: number;
  warn?: (line: string) => void;
  /** How long a client may take to send a request head before it gets 408 (default 10 s). */
  headersTimeoutMs?: number;
  /** Listen with TLS: PEM files (or PEM text) of the certificate and its key. */
  tls?: { cert: string; key: string };
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
  close(graceMs?: number): Promise<void>;
}

/** PEM text as given, or read from the file it names. */
const pemOf = (f: string): string => (f.includes('-----BEGIN') ? f : readFileSync(f, 'utf8'));

/** The relay as the server's upgrade handler: one tunnel per handoff, tracked for shutdown. */
export function relayUpgrades(): UpgradeHandler {
  const registry = new TunnelRegistry();
  return {
    open(h) {
      const target = h.backend;
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
        {
          onAccepted: (a) => h.accepted(a.status, a.error),
          onClosed: (c) => {
            registry.delete(tunnel);
            h.closed(c);
          },
        },
      );
      registry.add(tunnel);
    },
    shutdown: (graceMs) => registry.shutdown(graceMs, { endFirst: true }),
  };
}

/** Compile the VCL and start serving it. Resolves once listening. */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const service = typeof options.vcl === 'string' ? loadVcl(options.vcl, options.compile) : options.vcl;
  const overrides = new Map<string, BackendTarget>();
  for (const [name, setting] of Object.entries(options.backendSettings ?? {})) overrides.set(name, overrideTarget(name, setting));
  for (const [name, url] of Object.entries(options.backends ?? {})) overrides.set(name, parseBackendUrl(name, url));
  const ca = (options.caFiles ?? []).map(pemOf);
  const server = new EdgeServer({
    service,
    overrides,
    ca,
    logSinks: new LogSinks({ files: new Map(Object.entries(options.logFiles ?? {})), stdout: options.stdout ?? process.stdout }),
    accessLog: new AccessLog(options.accessLog ?? process.stderr),
    cacheBytes: options.cacheBytes,
    upgrades: relayUpgrades(),
    warn: options.warn,
    headersTimeoutMs: options.headersTimeoutMs,
    tls: options.tls && { cert: pemOf(options.tls.cert), key: pemOf(options.tls.key) },
  });
  const address = await server.listen(options.host ?? '127.0.0.1', options.port ?? 8080);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    host: address.address,
    port: address.port,
    server,
    close: (graceMs) => server.close(graceMs),
  };
}
