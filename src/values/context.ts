// The state one request carries through the VCL subroutines: req, bereq, beresp, obj, resp,
// the regex capture groups, the log lines and the bookkeeping the test API reports.
import { randomUUID } from 'node:crypto';
import { Headers } from './headers.js';
import { addArrivalHeaders } from './client-headers.js';
import { noClientRequests, type ClientRequests, type FunctionContext, type HeaderScope } from './function-context.js';
import { DescribedConnection, plainConnection, type BackendSettings, type BackendTimeouts, type ConnectionFacts, type OriginPeer, type ResponseBytes } from './connection.js';
import type { Value } from './values.js';
import type { RateLimits } from './rate-limits.js';

/**
 * The built-in subroutines, by their short name (`recv` for vcl_recv): the ones Fastly means by "all
 * subroutines". vcl_pipe is a Scope too, but not one of these: only what Fastly lists for it is there.
 */
export const SCOPES = ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log'] as const;
/** vcl_pipe: runs after `return(pipe)` in vcl_recv (Fastly-generated VCL defines it). */
export const PIPE_SCOPE = 'pipe';
export type Scope = (typeof SCOPES)[number] | typeof PIPE_SCOPE;

export interface RequestState {
  method: string;
  url: string;
  proto: string;
  headers: Headers;
  backend: string | null;
  restarts: number;
  hash: string[];
  esi: boolean;
  grace: number; // ms
  body: string | null;
  /** Cache controls VCL sets in vcl_recv (req.hash_always_miss…) and the stale limits (req.max_stale_*). Replaced, not changed. */
  cache: Readonly<RequestCacheControls>;
}

export interface RequestCacheControls {
  alwaysMiss: boolean;
  ignoreBusy: boolean;
  maxStaleIfError: number; // ms
  maxStaleWhileRevalidate: number; // ms
  /** Set by the engine on a background revalidation (stale-while-revalidate). */
  isBackgroundFetch: boolean;
  segmentedCaching: boolean;
  rangeOnPass: boolean;
}

export interface BackendRequestState {
  method: string;
  url: string;
  proto: string;
  headers: Headers;
}

export interface ResponseState {
  status: number;
  response: string | null; // reason phrase
  proto: string;
  headers: Headers;
}

export interface BackendResponseState extends ResponseState {
  ttl: number; // ms
  grace: number;
  staleWhileRevalidate: number;
  staleIfError: number;
  cacheable: boolean;
  doEsi: boolean;
  doStream: boolean;
  backendName: string | null;
  /** The connection the response came over (beresp.backend.ip, .port…); absent when none was made. */
  peer?: OriginPeer | null;
}

export interface CachedObjectState extends ResponseState {
  ttl: number;
  grace: number;
  hits: number;
  lastUse: number; // ms
  entered: number; // ms since stored
  cacheable: boolean;
  /** The object's stale periods, as beresp set them when it was stored (0 for a synthetic object). */
  staleIfError?: number;
  staleWhileRevalidate?: number;
}

export interface LogLine {
  endpoint: string | null;
  message: string;
  scope: Scope | null;
}

/** How one built-in subroutine ended: its return state (`upgrade`, `lookup`, `error`, ...). */
export interface StepRecord {
  sub: string;
  state: string;
  /** For `error`: the status and response it was called with. */
  error?: { status: number; response: string | null };
}

/**
 * A request described in a test. Strings are text: VCL sees the bytes of their UTF-8. For other bytes
 * (invalid UTF-8, as a client may send) pass `fromBytes(bytes)`; results read back the same way.
 */
export interface RequestInit {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[]> | [string, string][];
  clientIp?: string;
  serverIp?: string;
  proto?: string;
  body?: string;
  isTls?: boolean;
  /** Fix the clock (`now`) at this instant: epoch milliseconds or a Date. */
  time?: number | Date;
  /** Facts of the client connection (ports, bytes read, TLS); the defaults describe plain loopback HTTP. */
  connection?: Partial<ConnectionFacts>;
  /**
   * Values for environment variables (client.geo.*, server.datacenter, tls.client.ja3_md5…) for this
   * request, by name. Applied by Service.context(), which checks each name and type.
   */
  overrides?: Record<string, Value>;
}

// Defaults shared by every context until something replaces them (a context is made per request).
const NO_BACKENDS: ReadonlyMap<string, BackendSettings> = new Map();
const DEFAULT_CACHE_CONTROLS: Readonly<RequestCacheControls> = Object.freeze({
  alwaysMiss: false,
  ignoreBusy: false,
  maxStaleIfError: 0,
  maxStaleWhileRevalidate: 0,
  isBackgroundFetch: false,
  segmentedCaching: false,
  rangeOnPass: false,
});
const BACKEND_OWN_TIMEOUTS: Readonly<BackendTimeouts> = Object.freeze({ connect: null, firstByte: null, betweenBytes: null, fetch: null, maxReuseIdle: null });
const UNNAMED_VCL: VclIdentity = Object.freeze({ md5: '', version: 1, generation: 1 });
/** Until a match sets re.group.*, and until a subroutine runs with its locals: replaced, never changed. */
const NO_GROUPS: readonly (string | null)[] = Object.freeze([]);
const NO_LOCALS: Value[] = Object.freeze([]) as unknown as Value[];

/** req.vcl.md5, req.vcl.version, req.vcl.generation. */
export interface VclIdentity {
  md5: string;
  version: number;
  generation: number;
}

/**
 * What the engine knows of declared backends, directors and rate counters, read by backend.NAME.healthy,
 * director.NAME.healthy, backend.NAME.connections_*, ratecounter.NAME.* (builtins/variables/families.ts).
 */
export interface BackendFacts {
  backendHealthy(backend: string): boolean;
  directorHealthy(director: string): boolean;
  connectionsOpen(backend: string): number;
  connectionsUsed(backend: string): number;
  /** Requests per second over the last `seconds` (1, 10 or 60). */
  ratecounterRate(ratecounter: string, seconds: number): number;
  /** The count in the last `seconds` (10, 20 … 60). */
  ratecounterBucket(ratecounter: string, seconds: number): number;
}

/** Until the engine says otherwise: every backend healthy, nothing open, nothing counted. */
export const NO_BACKEND_FACTS: BackendFacts = {
  backendHealthy: () => true,
  directorHealthy: () => true,
  connectionsOpen: () => 0,
  connectionsUsed: () => 0,
  ratecounterRate: () => 0,
  ratecounterBucket: () => 0,
};

function toHeaders(init: RequestInit['headers']): Headers {
  const h = new Headers();
  if (!init) return h;
  if (Array.isArray(init)) {
    for (const [n, v] of init) h.add(n, v);
    return h;
  }
  // Runs for every request: no array per header (Object.entries, a one-item list).
  for (const name of Object.keys(init)) {
    const value = init[name]!;
    if (Array.isArray(value)) for (const one of value) h.add(name, one);
    else h.add(name, value);
  }
  return h;
}

/** Whether `s` has an ASCII capital (every request asks of its Host: a loop is cheaper than a regex call). */
function hasUpperAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

export class RequestContext implements FunctionContext {
  readonly req: RequestState;
  bereq: BackendRequestState | null = null;
  beresp: BackendResponseState | null = null;
  obj: CachedObjectState | null = null;
  resp: ResponseState | null = null;

  clientIp: string;
  /** client.identity as VCL set it (the client director hashes it); null = client.ip. */
  clientIdentity: string | null = null;
  serverIp: string;
  isTls: boolean;
  readonly serviceId: string;
  private xidValue: string | null = null;
  /** performance.now() when the request started: time.elapsed counts from it, to the microsecond. */
  readonly startedAtMono: number;

  /** Where the request is: the built-in subroutine now running. */
  scope: Scope = 'recv';
  /** re.group.0 … re.group.19 from the last `~` match (a match replaces the array). */
  reGroups: readonly (string | null)[] = NO_GROUPS;
  /** Local variables of the running subroutine (indexed by the compiler; each run of one makes its own). */
  frame: Value[] = NO_LOCALS;
  logs: LogLine[] = [];
  /** The body `synthetic` / `synthetic.base64` set: a VCL string (src/bytes.ts), sent as its bytes. */
  syntheticBody: string | null = null;
  /** Every subroutine entered, in order (for assert.subroutine_called and the test API). */
  readonly called: string[] = [];
  /** How each built-in subroutine ended, in order (the test API's per-step trail). */
  readonly steps: StepRecord[] = [];
  /**
   * fastly.error: the last error a function or the runtime recorded (EREGRECUR, EDOM, ERANGE, a fetch
   * failure…). A function sets it through FunctionContext.fastlyError; `unset fastly.error` clears it.
   */
  fastlyError: string | null = null;
  /** Values a run gives environment variables (geo, POP facts…), by lower-case name; null = none. */
  overrides: ReadonlyMap<string, Value> | null = null;
  /** Backend health, connections and rate counters, as the engine knows them (defaults: healthy, zero). */
  backendFacts: BackendFacts = NO_BACKEND_FACTS;
  /** The service's ratecounters and penalty boxes (the engine sets it; null: none, nothing is counted). */
  rateLimits: RateLimits | null = null;
  /** The declared backends' settings (req.backend.port, bereq timeouts' defaults); set by the Service. */
  backendSettings: ReadonlyMap<string, BackendSettings> = NO_BACKENDS;
  /** Timeouts VCL set on bereq (bereq.connect_timeout…); null where VCL left the backend's own. Replaced, not changed. */
  bereqTimeouts: Readonly<BackendTimeouts> = BACKEND_OWN_TIMEOUTS;
  /** The client connection: ports, bytes read, TLS. */
  connection: ConnectionFacts;
  /** Bytes of the backend request sent (bereq.bytes_written…): set by the server when it fetched. */
  backendRequestBytes: { header: number; body(): number } | null = null;
  /** Bytes sent to the client, known once the response went out (vcl_log); null before. */
  responseBytes: ResponseBytes | null = null;
  /** When the first byte of the response was ready to send (time.to_first_byte); null before. */
  firstByteAt: number | null = null;
  /** fastly_info.state: how the request went so far (HIT, MISS, PASS, ERROR…), as the engine records it. */
  cacheState: string | null = null;
  /** stale.exists: whether the lookup found an expired object still kept for stale serving. */
  staleExists = false;
  /** The Host header as the client sent it (fastly_info.host_header), whatever VCL does to req.http.Host. */
  readonly receivedHost: string | null;
  /** Which VCL this is (req.vcl.*): set by the Service from its sources. */
  vcl: VclIdentity = UNNAMED_VCL;
  /** Settings VCL may write that have no local effect (client.socket.pace, beresp.saintmode…), by name; null until one is. */
  inertSettings: Map<string, Value> | null = null;

  /** h3.alt_svc, h2.push, early_hints, resp.tarpit…: null until VCL asks for one (most requests never do). */
  client: ClientRequests | null = null;

  /** Overridable clock and randomness, so tests can fix them. */
  clock: () => number = Date.now;
  rng: () => number = Math.random;

  constructor(init: RequestInit = {}, serviceId = 'vcl-edge-local') {
    this.req = {
      method: init.method ?? 'GET',
      url: init.url ?? '/',
      proto: init.proto ?? 'HTTP/1.1',
      headers: toHeaders(init.headers),
      backend: null,
      restarts: 0,
      hash: [],
      esi: true,
      grace: 0,
      body: init.body ?? null,
      cache: DEFAULT_CACHE_CONTROLS,
    };
    const { connection } = init;
    if (connection === undefined) this.connection = new DescribedConnection(this.req);
    else this.connection = connection.headerBytesRead !== undefined ? plainConnection(connection) : Object.assign(new DescribedConnection(this.req), connection);
    let host = this.req.headers.getLower('host');
    if (host === null) this.req.headers.set('Host', (host = 'localhost'));
    // Fastly lowercases Host's ASCII letters before vcl_recv (subroutines/hash), as `serve` does.
    else if (hasUpperAscii(host)) this.req.headers.set('Host', (host = host.replace(/[A-Z]+/g, (s) => s.toLowerCase())));
    this.receivedHost = host;
    this.clientIp = init.clientIp ?? '192.0.2.1';
    this.serverIp = init.serverIp ?? '127.0.0.1';
    this.isTls = init.isTls ?? false;
    // The head as the client sent it, before the edge and VCL add headers of their own.
    if (this.connection instanceof DescribedConnection) this.connection.countHead();
    addArrivalHeaders(this.req.headers, this.clientIp, this.isTls);
    if (init.time !== undefined) {
      const fixed = typeof init.time === 'number' ? init.time : init.time.getTime();
      this.clock = () => fixed;
    }
    this.serviceId = serviceId;
    this.startedAtMono = performance.now();
    // Read for every request: Fastly's generated vcl_recv code (`#FASTLY recv`) stamps X-Timer with it.
    this.startedAt = init.time === undefined ? Date.now() : this.clock(); // a fixed time is time.start too
  }

  /** When the request started, in whole ms since the epoch (time.start). */
  readonly startedAt: number;

  /** A unique id of this request (made when first read: most requests never read it). */
  get xid(): string {
    return (this.xidValue ??= Math.floor(Math.random() * 0xffffffff).toString(16));
  }

  headers(scope: HeaderScope): Headers | undefined {
    switch (scope) {
      case 'req':
        return this.req.headers;
      case 'bereq':
        return this.bereq?.headers;
      case 'beresp':
        return this.beresp?.headers;
      case 'resp':
        return this.resp?.headers;
      case 'obj':
        return this.obj?.headers;
    }
  }

  now(): number {
    return this.clock();
  }

  random(): number {
    return this.rng();
  }

  clientRequests(): ClientRequests {
    return (this.client ??= noClientRequests());
  }

  randomUUID(): string | null {
    // Node's generator is many times faster; use it unless a test fixed the randomness.
    return this.rng === Math.random ? randomUUID() : null;
  }
}
