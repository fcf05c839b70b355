// The state one request carries through the VCL subroutines: req, bereq, beresp, obj, resp,
// the regex capture groups, the log lines and the bookkeeping the test API reports.
import { randomUUID } from 'node:crypto';
import { Headers } from './headers.js';
import type { FunctionContext, HeaderScope } from './function-context.js';
import type { Value } from './values.js';

/** The built-in subroutines, by their short name (`recv` for vcl_recv). */
export const SCOPES = ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log'] as const;
export type Scope = (typeof SCOPES)[number];

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
}

export interface CachedObjectState extends ResponseState {
  ttl: number;
  grace: number;
  hits: number;
  lastUse: number; // ms
  entered: number; // ms since stored
  cacheable: boolean;
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
}

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

export class RequestContext implements FunctionContext {
  readonly req: RequestState;
  bereq: BackendRequestState | null = null;
  beresp: BackendResponseState | null = null;
  obj: CachedObjectState | null = null;
  resp: ResponseState | null = null;

  clientIp: string;
  serverIp: string;
  isTls: boolean;
  readonly serviceId: string;
  private xidValue: string | null = null;
  readonly startedAt: number;

  /** Where the request is: the built-in subroutine now running. */
  scope: Scope = 'recv';
  /** re.group.0 … re.group.19 from the last `~` match. */
  reGroups: (string | null)[] = [];
  /** Local variables of the running subroutine (indexed by the compiler). */
  frame: Value[] = [];
  logs: LogLine[] = [];
  syntheticBody: string | null = null;
  /** `synthetic.base64` makes bytes: the body is then a latin1 string, one character per byte. */
  syntheticEncoding: 'utf8' | 'latin1' = 'utf8';
  /** Every subroutine entered, in order (for assert.subroutine_called and the test API). */
  readonly called: string[] = [];
  /** How each built-in subroutine ended, in order (the test API's per-step trail). */
  readonly steps: StepRecord[] = [];
  /** Set by `error`: the status/response the error subroutine starts with. */
  fastlyError: string | null = null;

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
    };
    if (!this.req.headers.has('host')) this.req.headers.set('Host', 'localhost');
    this.clientIp = init.clientIp ?? '192.0.2.1';
    this.serverIp = init.serverIp ?? '127.0.0.1';
    this.isTls = init.isTls ?? false;
    if (init.time !== undefined) {
      const fixed = typeof init.time === 'number' ? init.time : init.time.getTime();
      this.clock = () => fixed;
    }
    this.serviceId = serviceId;
    this.startedAt = Date.now();
  }

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

  randomUUID(): string | null {
    // Node's generator is many times faster; use it unless a test fixed the randomness.
    return this.rng === Math.random ? randomUUID() : null;
  }
}
