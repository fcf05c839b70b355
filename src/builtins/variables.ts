// The table of predefined VCL variables: name, type, where each may be read or written, and how.
// The checker reads the scopes and types, the compiler calls get/set, lint and the docs print `doc`.
// Add a variable by adding one entry here.
import type { TypeName } from '../ast/ast.js';
import { SCOPES, type RequestContext, type Scope } from '../values/context.js';
import type { HeaderScope } from '../values/function-context.js';
import type { Headers } from '../values/headers.js';
import type { Value } from '../values/values.js';

export interface VariableSpec {
  name: string;
  type: TypeName;
  read: readonly Scope[];
  write: readonly Scope[]; // [] = read-only
  doc: string;
  get(ctx: RequestContext): Value;
  set?(ctx: RequestContext, v: Value): void;
  /** `unset` on a non-header variable (e.g. `unset req.http.*` is handled by the header family). */
  unset?(ctx: RequestContext): void;
}

export interface HeaderFamilySpec {
  prefix: string; // 'req.http.'
  scope: HeaderScope;
  read: readonly Scope[];
  write: readonly Scope[];
  doc: string;
}

const ALL = SCOPES;
const NONE: readonly Scope[] = [];
/** The subroutines in which bereq, obj and resp exist (and so may be read). */
export const OBJECT_SCOPES = {
  bereq: ['miss', 'pass', 'fetch'],
  obj: ['hit', 'error', 'deliver'],
  resp: ['deliver', 'log'],
} as const satisfies Record<string, readonly Scope[]>;
const BEREQ_READ: readonly Scope[] = OBJECT_SCOPES.bereq;
const BEREQ_WRITE: readonly Scope[] = ['miss', 'pass'];
const OBJ_READ: readonly Scope[] = OBJECT_SCOPES.obj;
const RESP_READ: readonly Scope[] = OBJECT_SCOPES.resp;

/** Headers protected by Fastly: VCL may not set or unset them. */
export const PROTECTED_HEADERS = new Set([
  'upgrade',
  'content-length',
  'content-range',
  'te',
  'trailer',
  'expect',
  'transfer-encoding',
  'proxy-authenticate',
  'proxy-authorization',
  'fastly-ff',
]);

export const HEADER_FAMILIES: readonly HeaderFamilySpec[] = [
  { prefix: 'req.http.', scope: 'req', read: ALL, write: ALL, doc: 'A header of the client request.' },
  { prefix: 'bereq.http.', scope: 'bereq', read: BEREQ_READ, write: BEREQ_WRITE, doc: 'A header of the backend request.' },
  { prefix: 'beresp.http.', scope: 'beresp', read: ['fetch'], write: ['fetch'], doc: 'A header of the backend response.' },
  { prefix: 'obj.http.', scope: 'obj', read: OBJ_READ, write: ['error'], doc: 'A header of the cached or synthetic object.' },
  { prefix: 'resp.http.', scope: 'resp', read: RESP_READ, write: ['deliver'], doc: 'A header of the response to the client.' },
];

function urlParts(url: string): { path: string; qs: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, qs: '' } : { path: url.slice(0, q), qs: url.slice(q + 1) };
}

// Small builders keep each entry to one line where possible.
type Getter = (ctx: RequestContext) => Value;
type Setter = (ctx: RequestContext, v: Value) => void;
function ro(name: string, type: TypeName, read: readonly Scope[], doc: string, get: Getter): VariableSpec {
  return { name, type, read, write: NONE, doc, get };
}
function rw(name: string, type: TypeName, read: readonly Scope[], write: readonly Scope[], doc: string, get: Getter, set: Setter): VariableSpec {
  return { name, type, read, write, doc, get, set };
}

const str = (v: Value): string => (v === null ? '' : String(v));

const reqVariables: VariableSpec[] = [
  rw('req.method', 'STRING', ALL, ['recv'], 'The request method.', (c) => c.req.method, (c, v) => (c.req.method = str(v))),
  rw('req.request', 'STRING', ALL, ['recv'], 'Old name of req.method.', (c) => c.req.method, (c, v) => (c.req.method = str(v))),
  rw('req.url', 'STRING', ALL, ALL, 'The request URL: path and query string.', (c) => c.req.url, (c, v) => (c.req.url = str(v))),
  rw('req.url.path', 'STRING', ALL, ALL, 'The path part of req.url.', (c) => urlParts(c.req.url).path, (c, v) => {
    const { qs } = urlParts(c.req.url);
    c.req.url = qs ? `${str(v)}?${qs}` : str(v);
  }),
  rw('req.url.qs', 'STRING', ALL, ALL, 'The query string of req.url, without "?".', (c) => urlParts(c.req.url).qs, (c, v) => {
    const { path } = urlParts(c.req.url);
    c.req.url = str(v) ? `${path}?${str(v)}` : path;
  }),
  ro('req.url.basename', 'STRING', ALL, 'The last path segment.', (c) => urlParts(c.req.url).path.split('/').pop() ?? ''),
  ro('req.url.dirname', 'STRING', ALL, 'The path up to the last "/".', (c) => {
    const p = urlParts(c.req.url).path;
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  }),
  ro('req.url.ext', 'STRING', ALL, 'The file extension of the last path segment.', (c) => {
    const base = urlParts(c.req.url).path.split('/').pop() ?? '';
    const i = base.lastIndexOf('.');
    return i < 0 ? '' : base.slice(i + 1);
  }),
  rw('req.proto', 'STRING', ALL, ['recv'], 'The request protocol, e.g. HTTP/1.1.', (c) => c.req.proto, (c, v) => (c.req.proto = str(v))),
  ro('req.protocol', 'STRING', ALL, 'http or https.', (c) => (c.isTls ? 'https' : 'http')),
  ro('req.is_ssl', 'BOOL', ALL, 'Whether the client connection uses TLS.', (c) => c.isTls),
  ro('req.restarts', 'INTEGER', ALL, 'How many times the request was restarted.', (c) => c.req.restarts),
  rw('req.backend', 'BACKEND', ALL, ['recv', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver'], 'The backend to fetch from.', (c) => c.req.backend, (c, v) => (c.req.backend = v as string)),
  ro('req.backend.is_origin', 'BOOL', ALL, 'Whether req.backend is an origin (not a shield).', () => true),
  ro('req.backend.healthy', 'BOOL', ALL, 'Whether req.backend is healthy.', () => true),
  rw('req.hash', 'STRING', ALL, ['hash'], 'The cache key; add to it with `set req.hash += ...`.', (c) => c.req.hash.join(''), (c, v) => {
    c.req.hash = [str(v)];
  }),
  ro('req.service_id', 'STRING', ALL, 'The service id.', (c) => c.serviceId),
  ro('req.xid', 'STRING', ALL, 'A unique id of this request.', (c) => c.xid),
  ro('req.vcl', 'STRING', ALL, 'The VCL version running.', () => 'vcl-edge.local'),
  ro('req.vcl.version', 'INTEGER', ALL, 'The VCL version number.', () => 1),
  ro('req.is_esi_subreq', 'BOOL', ALL, 'Whether this is an ESI subrequest.', () => false),
  ro('req.is_ipv6', 'BOOL', ALL, 'Whether the client connected over IPv6.', (c) => c.clientIp.includes(':')),
  ro('req.is_purge', 'BOOL', ALL, 'Whether the method is FASTLYPURGE.', (c) => c.req.method === 'FASTLYPURGE'),
  rw('req.esi', 'BOOL', ALL, ALL, 'Whether ESI is processed for this request.', (c) => c.req.esi, (c, v) => (c.req.esi = v === true)),
  rw('req.grace', 'RTIME', ALL, ALL, 'How stale an object may be served.', (c) => c.req.grace, (c, v) => (c.req.grace = v as number)),
  rw('req.max_stale_if_error', 'RTIME', ALL, ALL, 'Stale-if-error limit.', (c) => c.req.grace, (c, v) => (c.req.grace = v as number)),
  ro('req.body', 'STRING', ['recv'], 'The request body (first 8 KB).', (c) => c.req.body),
  ro('req.postbody', 'STRING', ['recv'], 'Old name of req.body.', (c) => c.req.body),
  ro('req.digest', 'STRING', ['hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log'], 'The hash of the cache key.', (c) => c.req.hash.join('')),
  ro('req.topurl', 'STRING', ALL, 'The URL of the top-level request (ESI).', (c) => c.req.url),
];

const clientServerVariables: VariableSpec[] = [
  rw('client.ip', 'IP', ALL, ['recv'], 'The client IP address.', (c) => c.clientIp, (c, v) => (c.clientIp = str(v))),
  ro('client.identity', 'STRING', ALL, 'Client identity for the client director (defaults to the IP).', (c) => c.clientIp),
  ro('client.requests', 'INTEGER', ALL, 'Requests on this client connection.', () => 1),
  ro('client.geo.country_code', 'STRING', ALL, 'Geolocated country code (always "**" locally).', () => '**'),
  ro('client.geo.city', 'STRING', ALL, 'Geolocated city (always "?" locally).', () => '?'),
  ro('client.as.number', 'INTEGER', ALL, 'Autonomous system number (0 locally).', () => 0),
  ro('server.ip', 'IP', ALL, 'The address the request arrived on.', (c) => c.serverIp),
  ro('server.hostname', 'STRING', ALL, 'This cache host name.', () => 'vcl-edge'),
  ro('server.identity', 'STRING', ALL, 'This cache host identity.', () => 'vcl-edge'),
  ro('server.datacenter', 'STRING', ALL, 'The POP code (LCL locally).', () => 'LCL'),
  ro('server.region', 'STRING', ALL, 'The POP region.', () => 'local'),
  ro('fastly.error', 'STRING', ALL, 'The error that triggered vcl_error, if any.', (c) => c.fastlyError),
  ro('fastly_info.state', 'STRING', ALL, 'The request state, e.g. HIT or MISS.', () => null),
  ro('fastly_info.is_h2', 'BOOL', ALL, 'Whether the client spoke HTTP/2.', () => false),
  ro('fastly.ff.visits_this_service', 'INTEGER', ALL, 'How often this request passed this service (shielding).', () => 0),
  ro('LF', 'STRING', ALL, 'A newline.', () => '\n'),
  ro('stale.exists', 'BOOL', ['hit', 'miss', 'pass', 'fetch', 'error', 'deliver'], 'Whether a stale copy of the object is in cache (never, locally: no stale serving).', () => false),
];

const timeVariables: VariableSpec[] = [
  ro('now', 'TIME', ALL, 'The current time.', (c) => c.now()),
  ro('now.sec', 'STRING', ALL, 'The current time in whole seconds since the epoch.', (c) => String(Math.floor(c.now() / 1000))),
  ro('time.start', 'TIME', ALL, 'When the request started.', (c) => c.startedAt),
  ro('time.start.sec', 'STRING', ALL, 'Request start, seconds since the epoch.', (c) => String(Math.floor(c.startedAt / 1000))),
  ro('time.start.msec', 'STRING', ALL, 'Request start, milliseconds since the epoch.', (c) => String(Math.floor(c.startedAt))),
  ro('time.start.usec', 'STRING', ALL, 'Request start, microseconds since the epoch.', (c) => String(Math.floor(c.startedAt * 1000))),
  ro('time.start.msec_frac', 'STRING', ALL, 'Millisecond part of the request start.', (c) => String(Math.floor(c.startedAt) % 1000).padStart(3, '0')),
  ro('time.start.usec_frac', 'STRING', ALL, 'Microsecond part of the request start.', (c) => String(Math.floor(c.startedAt * 1000) % 1_000_000).padStart(6, '0')),
  ro('time.elapsed', 'RTIME', ALL, 'Time since the request started.', (c) => c.now() - c.startedAt),
  ro('time.elapsed.msec', 'STRING', ALL, 'Milliseconds since the request started.', (c) => String(Math.floor(c.now() - c.startedAt))),
  ro('time.elapsed.usec', 'STRING', ALL, 'Microseconds since the request started.', (c) => String(Math.floor((c.now() - c.startedAt) * 1000))),
  ro('time.end', 'TIME', ['log'], 'When the response finished.', (c) => c.now()),
];

const bereqVariables: VariableSpec[] = [
  rw('bereq.method', 'STRING', BEREQ_READ, BEREQ_WRITE, 'The backend request method.', (c) => c.bereq?.method ?? null, (c, v) => c.bereq && (c.bereq.method = str(v))),
  rw('bereq.request', 'STRING', BEREQ_READ, BEREQ_WRITE, 'Old name of bereq.method.', (c) => c.bereq?.method ?? null, (c, v) => c.bereq && (c.bereq.method = str(v))),
  rw('bereq.url', 'STRING', BEREQ_READ, BEREQ_WRITE, 'The backend request URL.', (c) => c.bereq?.url ?? null, (c, v) => c.bereq && (c.bereq.url = str(v))),
  ro('bereq.url.path', 'STRING', BEREQ_READ, 'The path of bereq.url.', (c) => (c.bereq ? urlParts(c.bereq.url).path : null)),
  ro('bereq.url.qs', 'STRING', BEREQ_READ, 'The query string of bereq.url.', (c) => (c.bereq ? urlParts(c.bereq.url).qs : null)),
  ro('bereq.proto', 'STRING', BEREQ_READ, 'The backend request protocol.', (c) => c.bereq?.proto ?? null),
  ro('bereq.is_clustering', 'BOOL', BEREQ_READ, 'Whether this is a clustering request.', () => false),
];

type Resp = { status: number; response: string | null; proto: string } | null;
function responseVariables(prefix: string, read: readonly Scope[], write: readonly Scope[], pick: (c: RequestContext) => Resp, what: string): VariableSpec[] {
  return [
    rw(`${prefix}.status`, 'INTEGER', read, write, `The status of the ${what}.`, (c) => pick(c)?.status ?? 0, (c, v) => {
      const r = pick(c);
      if (r) r.status = v as number;
    }),
    rw(`${prefix}.response`, 'STRING', read, write, `The reason phrase of the ${what}.`, (c) => pick(c)?.response ?? null, (c, v) => {
      const r = pick(c);
      if (r) r.response = v as string | null;
    }),
    ro(`${prefix}.proto`, 'STRING', read, `The protocol of the ${what}.`, (c) => pick(c)?.proto ?? null),
  ];
}

const FETCH: readonly Scope[] = ['fetch'];
const berespVariables: VariableSpec[] = [
  ...responseVariables('beresp', FETCH, FETCH, (c) => c.beresp, 'backend response'),
  rw('beresp.ttl', 'RTIME', FETCH, FETCH, 'How long the object is cached.', (c) => c.beresp?.ttl ?? 0, (c, v) => c.beresp && (c.beresp.ttl = v as number)),
  rw('beresp.grace', 'RTIME', FETCH, FETCH, 'How long a stale object may be served.', (c) => c.beresp?.grace ?? 0, (c, v) => c.beresp && (c.beresp.grace = v as number)),
  rw('beresp.stale_while_revalidate', 'RTIME', FETCH, FETCH, 'Stale-while-revalidate period.', (c) => c.beresp?.staleWhileRevalidate ?? 0, (c, v) => c.beresp && (c.beresp.staleWhileRevalidate = v as number)),
  rw('beresp.stale_if_error', 'RTIME', FETCH, FETCH, 'Stale-if-error period.', (c) => c.beresp?.staleIfError ?? 0, (c, v) => c.beresp && (c.beresp.staleIfError = v as number)),
  rw('beresp.cacheable', 'BOOL', FETCH, FETCH, 'Whether the response may be cached.', (c) => c.beresp?.cacheable ?? false, (c, v) => c.beresp && (c.beresp.cacheable = v === true)),
  rw('beresp.do_esi', 'BOOL', FETCH, FETCH, 'Whether to process ESI.', (c) => c.beresp?.doEsi ?? false, (c, v) => c.beresp && (c.beresp.doEsi = v === true)),
  rw('beresp.do_stream', 'BOOL', FETCH, FETCH, 'Whether to stream the body.', (c) => c.beresp?.doStream ?? true, (c, v) => c.beresp && (c.beresp.doStream = v === true)),
  ro('beresp.backend.name', 'STRING', FETCH, 'The backend that answered.', (c) => c.beresp?.backendName ?? null),
];

const objVariables: VariableSpec[] = [
  ...responseVariables('obj', OBJ_READ, ['error'], (c) => c.obj, 'cached object'),
  rw('obj.ttl', 'RTIME', OBJ_READ, ['hit', 'error'], 'The remaining TTL of the object.', (c) => c.obj?.ttl ?? 0, (c, v) => c.obj && (c.obj.ttl = v as number)),
  rw('obj.grace', 'RTIME', OBJ_READ, ['hit', 'error'], 'The grace period of the object.', (c) => c.obj?.grace ?? 0, (c, v) => c.obj && (c.obj.grace = v as number)),
  ro('obj.hits', 'INTEGER', OBJ_READ, 'How often the object was delivered from cache.', (c) => c.obj?.hits ?? 0),
  ro('obj.lastuse', 'RTIME', OBJ_READ, 'Time since the object was last used.', (c) => c.obj?.lastUse ?? 0),
  ro('obj.entered', 'RTIME', OBJ_READ, 'Time since the object was stored.', (c) => c.obj?.entered ?? 0),
  ro('obj.age', 'RTIME', OBJ_READ, 'The age of the object.', (c) => c.obj?.entered ?? 0),
  ro('obj.cacheable', 'BOOL', OBJ_READ, 'Whether the object is cacheable.', (c) => c.obj?.cacheable ?? false),
  ro('obj.is_pci', 'BOOL', OBJ_READ, 'Whether the object is PCI-protected.', () => false),
];

const respVariables: VariableSpec[] = [
  ...responseVariables('resp', RESP_READ, ['deliver'], (c) => c.resp, 'response to the client'),
  ro('resp.is_locally_generated', 'BOOL', RESP_READ, 'Whether the response came from vcl_error.', (c) => c.syntheticBody !== null),
  ro('resp.stale', 'BOOL', RESP_READ, 'Whether a stale object was delivered.', () => false),
];

const reGroupVariables: VariableSpec[] = Array.from({ length: 20 }, (_, n) =>
  ro(`re.group.${n}`, 'STRING', ALL, `Capture group ${n} of the last successful \`~\` match.`, (c) => c.reGroups[n] ?? null),
);

export const VARIABLES: readonly VariableSpec[] = [
  ...reqVariables,
  ...clientServerVariables,
  ...timeVariables,
  ...bereqVariables,
  ...berespVariables,
  ...objVariables,
  ...respVariables,
  ...reGroupVariables,
];

const byName = new Map(VARIABLES.map((v) => [v.name.toLowerCase(), v]));

/** A header variable reference split into its parts: `req.http.Cookie:session`. */
export interface HeaderVariable {
  family: HeaderFamilySpec;
  header: string; // 'Cookie' (a trailing `*` marks a prefix wildcard for unset)
  subfield: string | null; // 'session'
}

export type ResolvedVariable = { kind: 'predefined'; spec: VariableSpec } | { kind: 'header'; header: HeaderVariable };

/** Find a predefined variable or header by its VCL name; undefined when it is neither. */
export function resolveVariable(name: string): ResolvedVariable | undefined {
  // Programs repeat the same few hundred names: remember each answer (bounded, for long-lived processes).
  let known = resolved.get(name);
  if (known === undefined) {
    known = resolveUncached(name) ?? null;
    if (resolved.size > 50_000) resolved.clear();
    resolved.set(name, known);
  }
  return known ?? undefined;
}

const resolved = new Map<string, ResolvedVariable | null>();

function resolveUncached(name: string): ResolvedVariable | undefined {
  const spec = byName.get(name.toLowerCase());
  if (spec) return { kind: 'predefined', spec };
  const lower = name.toLowerCase();
  for (const family of HEADER_FAMILIES) {
    if (lower.startsWith(family.prefix) && name.length > family.prefix.length) {
      const rest = name.slice(family.prefix.length);
      const colon = rest.indexOf(':');
      const header = colon < 0 ? rest : rest.slice(0, colon);
      const subfield = colon < 0 ? null : rest.slice(colon + 1);
      return { kind: 'header', header: { family, header, subfield } };
    }
  }
  return undefined;
}

/** The header list a family points at in this request (undefined where the object does not exist yet). */
export function familyHeaders(ctx: RequestContext, family: HeaderFamilySpec): Headers | undefined {
  return ctx.headers(family.scope);
}
