// Backends, directors and tables as runtime objects, read from their (literal) declarations.
// builtins/backend-properties.ts says which properties exist; the checker made sure their values fit.
import type { BackendDeclaration, DirectorDeclaration, Expression, Property, TableDeclaration } from '../ast/ast.js';
import { PROBE_DEFAULTS } from '../builtins/backend-properties.js';
import type { VclTable } from '../values/function-context.js';
import type { Value } from '../values/values.js';
import { integerLiteralValue, intNeg } from '../values/int64.js';

export interface BackendConfig {
  name: string;
  host: string;
  port: number;
  ssl: boolean;
  sniHostname: string | null;
  certHostname: string | null;
  hostHeader: string | null;
  alwaysUseHostHeader: boolean;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  betweenBytesTimeoutMs: number;
  maxConnections: number | null;
  /** `.is_shield = true`: a cache of a Fastly shield POP (older generated VCL), not reachable locally. */
  isShield: boolean;
  /** The health check `.probe` describes; null without one (such a backend is always healthy). */
  probe: ProbeConfig | null;
  /** Every property as written, for lint and the docs. */
  properties: ReadonlyMap<string, Value>;
}

/** A backend's `.probe = { … }`, with Fastly's defaults filled in. */
export interface ProbeConfig {
  /** `.dummy = true`: no probe is sent; the backend counts as healthy. */
  dummy: boolean;
  /** `.request`'s lines joined with CRLF (a whole HTTP request head), or null to GET `url`. */
  request: string | null;
  url: string;
  expectedResponse: number;
  intervalMs: number;
  timeoutMs: number;
  /** How many of the latest results count, and how many of those must be good for "healthy". */
  window: number;
  threshold: number;
  /** Good results assumed when the probe starts. */
  initial: number;
}

export interface DirectorMember {
  backend: string;
  weight: number;
  /** A chash member's `.id` (its place on the ring). */
  id: string;
}

export interface DirectorConfig {
  name: string;
  /** random, fallback, hash, client, chash or shield. */
  type: string;
  members: DirectorMember[];
  /** `.quorum` in percent of the members' weight that must be healthy; 0: one healthy member is enough. */
  quorum: number;
  /** `.retries` (random): how many more picks after a failed connection; null: as many as there are members (engine/directors). */
  retries: number | null;
  /** chash: what is hashed (`object`: the cache key, `client`: client.identity), the seed and ring density. */
  key: 'object' | 'client';
  seed: number;
  vnodesPerNode: number;
  /** shield: the POP it names (`.shield`) and whether it speaks TLS. */
  shield: string | null;
  isSsl: boolean;
}

/** The value of a literal property expression (`"x"`, `10s`, `true`, `"a" "b"`, an identifier). */
export function constantValue(e: Expression): Value {
  switch (e.kind) {
    case 'String':
      return e.value;
    case 'Integer': // exact past 2^53 (the checker refused any past int64)
      return integerLiteralValue(e);
    case 'Float':
    case 'Bool':
      return e.value;
    case 'RTime':
      return e.milliseconds;
    case 'Identifier':
      return e.name;
    case 'Group':
      return constantValue(e.expression);
    case 'Unary': {
      const v = constantValue(e.operand);
      if (e.operator !== '-') return v;
      return typeof v === 'number' ? -v : typeof v === 'bigint' ? intNeg(v) : v;
    }
    case 'Binary':
      return `${constantValue(e.left) ?? ''}${constantValue(e.right) ?? ''}`;
    default:
      return null;
  }
}

/** The string literals of a concatenation, each on its own (`"HEAD / HTTP/1.1" "Host: x"`). */
function stringParts(e: Expression): string[] {
  if (e.kind === 'String') return [e.value];
  if (e.kind === 'Binary' && (e.operator === 'concat' || e.operator === '+')) return [...stringParts(e.left), ...stringParts(e.right)];
  if (e.kind === 'Group') return stringParts(e.expression);
  return [String(constantValue(e) ?? '')];
}

function readProbe(decl: BackendDeclaration): ProbeConfig | null {
  const probe = decl.properties.find((p) => p.name.name === 'probe')?.value;
  if (probe?.kind !== 'PropertyObject') return null;
  const props = propertyMap(probe.properties);
  const num = (k: string, fallback: number): number => (typeof props.get(k) === 'number' ? (props.get(k) as number) : fallback);
  const request = probe.properties.find((p) => p.name.name === 'request')?.value;
  return {
    dummy: props.get('dummy') === true,
    request: request && request.kind !== 'PropertyObject' ? stringParts(request).join('\r\n') : null,
    url: typeof props.get('url') === 'string' ? (props.get('url') as string) : PROBE_DEFAULTS.url,
    expectedResponse: num('expected_response', PROBE_DEFAULTS.expectedResponse),
    intervalMs: num('interval', PROBE_DEFAULTS.intervalMs),
    timeoutMs: num('timeout', PROBE_DEFAULTS.timeoutMs),
    window: Math.max(1, num('window', PROBE_DEFAULTS.window)),
    threshold: num('threshold', PROBE_DEFAULTS.threshold),
    initial: num('initial', PROBE_DEFAULTS.initial),
  };
}

function propertyMap(props: readonly Property[]): Map<string, Value> {
  const map = new Map<string, Value>();
  for (const p of props) if (p.value.kind !== 'PropertyObject') map.set(p.name.name, constantValue(p.value));
  return map;
}

function readBackend(decl: BackendDeclaration): BackendConfig {
  const props = propertyMap(decl.properties);
  const str = (k: string): string | null => (typeof props.get(k) === 'string' ? (props.get(k) as string) : null);
  const num = (k: string, fallback: number): number => (typeof props.get(k) === 'number' ? (props.get(k) as number) : fallback);
  const ssl = props.get('ssl') === true;
  const port = Number.parseInt(String(props.get('port') ?? (ssl ? '443' : '80')), 10);
  return {
    name: decl.name.name,
    host: str('host') ?? '127.0.0.1',
    port: Number.isFinite(port) ? port : ssl ? 443 : 80,
    ssl,
    sniHostname: str('ssl_sni_hostname') ?? str('ssl_hostname'),
    certHostname: str('ssl_cert_hostname') ?? str('ssl_hostname'),
    hostHeader: str('host_header'),
    alwaysUseHostHeader: props.get('always_use_host_header') === true,
    connectTimeoutMs: num('connect_timeout', 1_000),
    firstByteTimeoutMs: num('first_byte_timeout', 15_000),
    betweenBytesTimeoutMs: num('between_bytes_timeout', 10_000),
    maxConnections: typeof props.get('max_connections') === 'number' ? (props.get('max_connections') as number) : null,
    isShield: props.get('is_shield') === true,
    probe: readProbe(decl),
    properties: props,
  };
}

export function readBackends(decls: ReadonlyMap<string, BackendDeclaration>): Map<string, BackendConfig> {
  return new Map([...decls].map(([name, d]) => [name, readBackend(d)]));
}

export function readDirectors(decls: ReadonlyMap<string, DirectorDeclaration>): Map<string, DirectorConfig> {
  return new Map([...decls].map(([name, d]) => [name, readDirector(d)]));
}

function readDirector(d: DirectorDeclaration): DirectorConfig {
  const props = propertyMap(d.properties);
  const num = (k: string): number | null => (typeof props.get(k) === 'number' ? (props.get(k) as number) : null);
  const members = d.members.map((m) => {
    const p = propertyMap(m.properties);
    const backend = String(p.get('backend') ?? '');
    return { backend, weight: typeof p.get('weight') === 'number' ? (p.get('weight') as number) : 1, id: typeof p.get('id') === 'string' ? (p.get('id') as string) : backend };
  });
  return {
    name: d.name.name,
    type: d.directorType.name,
    members,
    quorum: num('quorum') ?? 0,
    retries: num('retries'),
    key: props.get('key') === 'client' ? 'client' : 'object',
    seed: num('seed') ?? 0,
    vnodesPerNode: num('vnodes_per_node') ?? 256,
    shield: typeof props.get('shield') === 'string' ? (props.get('shield') as string) : null,
    isSsl: props.get('is_ssl') === true,
  };
}

export function readTable(decl: TableDeclaration): VclTable {
  return {
    name: decl.name.name,
    valueType: decl.valueType ?? 'STRING',
    entries: new Map(decl.entries.map((e) => [e.key.value, constantValue(e.value)])),
  };
}
