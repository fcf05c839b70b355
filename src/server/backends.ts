// Where an origin lives and how patiently to talk to it: the resolved form of a VCL `backend`
// declaration or a `--backend NAME=URL` command-line override.
import { isIP } from 'node:net';

export interface BackendTarget {
  /** The VCL name (e.g. `F_app`); also names the connection pool and appears in error messages. */
  name: string;
  host: string;
  port: number;
  tls: boolean;
  /** SNI sent in the TLS ClientHello; omitted when unset (never sent for IP literals). */
  servername?: string;
  /** The name the origin's certificate must be valid for; defaults to servername, then host. */
  certHostname?: string;
  /** Extra trusted CAs, added to Node's bundled public roots (not replacing them). */
  ca?: (string | Buffer)[];
  /** Host header to send instead of the client's (`.host_header`); null keeps the client's. */
  hostHeader: string | null;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  betweenBytesTimeoutMs: number;
  /** Cap on concurrent connections to this origin (`.max_connections`); unbounded when unset. */
  maxConnections?: number;
  /** Who owns the connection pool (one edge server); pools of different owners are never shared. */
  pool?: string;
}

/** Fastly's defaults for the three backend timeouts. */
export const DEFAULT_TIMEOUTS = {
  connectTimeoutMs: 1_000,
  firstByteTimeoutMs: 15_000,
  betweenBytesTimeoutMs: 10_000,
} as const;

/** Fill in the defaults for everything but the address. */
export function makeBackendTarget(
  fields: Pick<BackendTarget, 'name' | 'host' | 'port' | 'tls'> & Partial<BackendTarget>,
): BackendTarget {
  return { hostHeader: null, ...DEFAULT_TIMEOUTS, ...fields };
}

/**
 * Parse the URL half of `--backend NAME=http://host:port` (or `https://…`). Only scheme, host and
 * port are meaningful: an origin fetch keeps the client's path. For https the URL's host name is
 * also the SNI name and the name the certificate is checked against.
 */
export function parseBackendUrl(name: string, url: string): BackendTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`backend ${name}: "${url}" is not a URL (expected http://host:port or https://host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`backend ${name}: unsupported scheme "${parsed.protocol}" in "${url}" (use http or https)`);
  }
  if (parsed.username || parsed.password) {
    throw new Error(`backend ${name}: credentials in the URL are not supported ("${url}")`);
  }
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash) {
    throw new Error(`backend ${name}: "${url}" must not have a path, query or fragment`);
  }
  const tls = parsed.protocol === 'https:';
  // URL keeps the brackets of an IPv6 literal; sockets want the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error(`backend ${name}: "${url}" has no host`);
  const port = parsed.port === '' ? (tls ? 443 : 80) : Number(parsed.port);
  const target = makeBackendTarget({ name, host, port, tls });
  if (tls) {
    if (isIP(host) === 0) target.servername = host;
    target.certHostname = host;
  }
  return target;
}

/** `host:port` as it appears in messages (IPv6 bracketed). */
export function describeAddress(target: Pick<BackendTarget, 'host' | 'port'>): string {
  return isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
