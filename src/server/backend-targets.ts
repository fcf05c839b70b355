// From a VCL backend name to the address the server talks to, with the
// command line's `--backend NAME=URL` overrides and `--ca-file` CAs applied.
import { isIP } from 'node:net';
import type { BackendConfig } from '../compile/declarations.js';
import { makeBackendTarget, type BackendTarget } from './backends.js';

export interface BackendResolverOptions {
  backends: ReadonlyMap<string, BackendConfig>;
  /** `--backend NAME=URL`: replaces the address of NAME, or adds a backend NAME. */
  overrides?: ReadonlyMap<string, BackendTarget>;
  /** `--ca-file`: CAs trusted in addition to the public ones. */
  ca?: (string | Buffer)[];
  /** The connection pools' owner name (a server keeps its own across reloads); default: a new one. */
  pool?: string;
}

let resolvers = 0;

export class BackendResolver {
  private readonly targets = new Map<string, BackendTarget>();

  /** Names this resolver's connection pools, so closing one server leaves others' pools alone. */
  readonly pool: string;

  constructor(private readonly options: BackendResolverOptions) {
    this.pool = options.pool ?? `edge-${++resolvers}`;
    for (const [name, config] of options.backends) this.targets.set(name, fromConfig(config, options.ca));
    for (const [name, override] of options.overrides ?? []) {
      const base = this.targets.get(name);
      // Keep the VCL's timeouts; take the address and TLS from the URL, and the TLS names and Host
      // header from the override when it has them (a project config's backend may; --backend has none).
      const merged: BackendTarget = base
        ? {
            ...base,
            host: override.host,
            port: override.port,
            tls: override.tls,
            servername: override.servername ?? base.servername,
            certHostname: override.certHostname ?? base.certHostname,
            hostHeader: override.hostHeader ?? base.hostHeader,
          }
        : { ...override };
      if (options.ca?.length) merged.ca = options.ca;
      this.targets.set(name, merged);
    }
    for (const target of this.targets.values()) target.pool = this.pool;
    // VCL that declares no backend takes the service's (Fastly's UI made them): the first given is its default.
    const [first] = options.backends.size === 0 ? (options.overrides?.keys() ?? []) : [];
    this.fallback = first === undefined ? null : this.targets.get(first)!;
  }

  /** Where a request goes that VCL sent to no backend: null unless the VCL declares none (see above). */
  private readonly fallback: BackendTarget | null;

  /**
   * Where a backend is; null for a name that is no backend. A director's pick is the engine's
   * (EdgeRuntime.resolveBackend: health, quorum, hashing, retries), made before this is asked.
   */
  resolve(name: string | null): BackendTarget | null {
    return name === null ? this.fallback : (this.targets.get(name) ?? null);
  }

  names(): string[] {
    return [...this.targets.keys()];
  }
}

function fromConfig(c: BackendConfig, ca: (string | Buffer)[] | undefined): BackendTarget {
  const target = makeBackendTarget({
    name: c.name,
    host: c.host,
    port: c.port,
    tls: c.ssl,
    hostHeader: c.hostHeader,
    connectTimeoutMs: c.connectTimeoutMs,
    firstByteTimeoutMs: c.firstByteTimeoutMs,
    betweenBytesTimeoutMs: c.betweenBytesTimeoutMs,
  });
  if (c.maxConnections !== null) target.maxConnections = c.maxConnections;
  if (c.ssl) {
    const sni = c.sniHostname ?? c.certHostname ?? (isIP(c.host) ? null : c.host);
    if (sni) target.servername = sni;
    target.certHostname = c.certHostname ?? sni ?? c.host;
  }
  if (ca?.length) target.ca = ca;
  return target;
}

/** Said on stderr as a failed backend is: VCL whose backends Fastly's UI made declares none. */
export function missingBackend(name: string | null): string {
  return name === null ? 'no backend: the VCL declares none and sets no req.backend (declare one, or give one with --backend NAME=URL)' : `no backend named ${name}`;
}
