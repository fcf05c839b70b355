// Fastly's request lifecycle as a state machine: recv → hash → hit/miss → fetch → deliver, pass,
// error and restart. It decides; the caller moves bytes. The same engine serves `vcl-edge serve`
// (bodies are streams) and the test API (bodies are strings), through the LifecycleIO it is given.
import type { CompiledProgram, SubOutcome } from '../compile/program.js';
import type { RequestContext } from '../values/context.js';
import type { OriginPeer } from '../values/connection.js';
import { Headers } from '../values/headers.js';
import { ageSeconds, makeCachedObject, type CachedObject, type HttpCache } from './cache.js';
import { CACHEABLE_STATUSES, DEFAULT_TTL_MS, isStorable, ttlFromHeaders } from './ttl.js';
import { variantKey, varyNames } from './vary.js';
import { MAX_RESTARTS } from '../builtins/subroutines.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';
import { ALT_SVC_H3 } from '../builtins/functions/client-connection.js';
import type { EdgeRuntime } from './runtime.js';

export interface OriginAnswer<B> {
  status: number;
  statusText: string;
  headers: Headers;
  body: B;
  /** The connection it came over, when there was one (beresp.backend.ip…). */
  peer?: OriginPeer;
}

export interface LifecycleIO<B> {
  /** Send ctx.bereq to the named backend; reject when it cannot be reached (→ 503 via vcl_error). */
  fetch(ctx: RequestContext, backend: string | null): Promise<OriginAnswer<B>>;
  /**
   * Whether a fetch that rejected with `err` never reached the backend (no connection, nothing of
   * the request consumed), so a director may send the request to its next pick. Absent: never.
   */
  mayRetryElsewhere?(ctx: RequestContext, err: unknown): boolean;
  /** Throw away a body that will not be delivered (e.g. after vcl_fetch chose error or restart). */
  discard(body: B): void;
  cache: HttpCache | null;
}

export type DeliveryBody<B> =
  | { kind: 'none' }
  /** A VCL string: the body is its bytes (toBytes). */
  | { kind: 'synthetic'; text: string }
  | { kind: 'cached'; data: Buffer }
  | { kind: 'origin'; body: B };

export interface Delivery<B> {
  kind: 'deliver';
  ctx: RequestContext;
  status: number;
  statusText: string;
  headers: Headers;
  body: DeliveryBody<B>;
  /** The way the request went: lookup, pass or error (the recv decision, after restarts). */
  state: string;
  cache: 'HIT' | 'MISS' | 'PASS' | null;
  /** For a cacheable origin body: call with the whole body once sent (or null if it was cut short). */
  store?: (body: Buffer | null) => void;
}

export interface Upgrade {
  kind: 'upgrade';
  ctx: RequestContext;
}

type Step<B> = Delivery<B> | Upgrade | { kind: 'restart' };

/** Largest object the cache accepts from one response. */
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** How long a collapsed miss waits for the first one before fetching by itself. */
const COLLAPSE_WAIT_MS = 15_000;

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class Lifecycle<B> {
  /** Misses being fetched, by cache key: later misses wait for the first (request collapsing). */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly program: CompiledProgram,
    private readonly io: LifecycleIO<B>,
    /** Backend health and directors; without it req.backend is fetched as named. */
    private readonly runtime: EdgeRuntime | null = null,
  ) {}

  /** Run the request through VCL until there is something to send (or a tunnel to open). */
  async handle(ctx: RequestContext): Promise<Delivery<B> | Upgrade> {
    for (;;) {
      const step = await this.once(ctx);
      if (step.kind !== 'restart') return step;
      ctx.req.restarts++;
      // A restart keeps req as VCL left it, but the cache key and match state start again.
      ctx.bereq = ctx.beresp = ctx.obj = ctx.resp = null;
      ctx.syntheticBody = null;
      ctx.req.hash = [];
      ctx.reGroups = [];
      if (ctx.req.restarts > MAX_RESTARTS) {
        // Fastly: the fourth restart gives a 503; a vcl_error that restarts again is not obeyed.
        const final = this.error(ctx, { status: 503, response: 'Service Unavailable' }, 'error', true);
        if (final.kind === 'deliver') return final;
        return this.plainDelivery(ctx, 503, 'Service Unavailable');
      }
    }
  }

  /** vcl_log: after the response was sent (for a tunnel: once the upgrade was answered). */
  log(ctx: RequestContext, status: number, statusText: string, headers = new Headers()): void {
    if (!ctx.resp) ctx.resp = { status, response: statusText, proto: 'HTTP/1.1', headers };
    ctx.resp.status = status;
    this.program.runBuiltin('log', ctx);
  }

  private async once(ctx: RequestContext): Promise<Step<B>> {
    const recv = this.program.runBuiltin('recv', ctx);
    if (recv.kind === 'restart') return recv;
    if (recv.kind === 'error') return this.error(ctx, recv, 'error');
    if (recv.state === 'upgrade') return { kind: 'upgrade', ctx };
    if (recv.state === 'pass') return this.pass(ctx);
    if (recv.state === 'pipe') return this.pipe(ctx);
    return this.lookup(ctx);
  }

  private cacheKey(ctx: RequestContext): string {
    this.program.runBuiltin('hash', ctx); // vcl_hash can only return hash
    return ctx.req.hash.length ? ctx.req.hash.join('\n') : `${ctx.req.url}\n${ctx.req.headers.get('host') ?? ''}`;
  }

  private async lookup(ctx: RequestContext): Promise<Step<B>> {
    const cache = this.io.cache;
    const key = this.cacheKey(ctx);
    if (!cache || (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD')) return this.miss(ctx, null);
    const variant = () => variantKey(key, cache.varyOf(key), ctx.req.headers);
    // req.hash_always_miss: fetch again and replace the object; req.hash_ignore_busy: do not wait for
    // another request fetching it.
    const { alwaysMiss, ignoreBusy } = ctx.req.cache;
    let hit = alwaysMiss ? undefined : cache.lookup(variant(), ctx.now());
    if (!hit && !alwaysMiss && !ignoreBusy) {
      const pending = this.inFlight.get(key);
      if (pending) {
        await waitAtMost(pending, COLLAPSE_WAIT_MS);
        hit = cache.lookup(variant(), ctx.now());
      }
    }
    return hit ? this.hit(ctx, hit) : this.miss(ctx, key);
  }

  private async hit(ctx: RequestContext, hit: CachedObject): Promise<Step<B>> {
    const now = ctx.now();
    hit.hits = (hit.hits ?? 0) + 1;
    const lastUse = hit.lastUsedAtMs === undefined ? 0 : now - hit.lastUsedAtMs;
    hit.lastUsedAtMs = now;
    ctx.cacheState = 'HIT';
    ctx.obj = {
      status: hit.status,
      response: hit.statusText,
      proto: 'HTTP/1.1',
      headers: new Headers(hit.headers),
      ttl: hit.storedAtMs + hit.ttlMs - now,
      grace: hit.graceMs ?? 0,
      hits: hit.hits,
      lastUse,
      entered: now - hit.storedAtMs,
      cacheable: true,
      staleIfError: hit.staleIfErrorMs ?? 0,
      staleWhileRevalidate: hit.staleWhileRevalidateMs ?? 0,
    };
    const outcome = this.program.runBuiltin('hit', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'lookup');
    if (outcome.state === 'pass') return this.pass(ctx);
    const headers = ctx.obj.headers;
    headers.set('Age', String(ageSeconds(hit, now)));
    return this.deliver(ctx, ctx.obj.status, ctx.obj.response ?? '', headers, { kind: 'cached', data: hit.body }, 'lookup', 'HIT');
  }

  private newBereq(ctx: RequestContext): void {
    ctx.bereq = { method: ctx.req.method, url: ctx.req.url, proto: 'HTTP/1.1', headers: ctx.req.headers.clone() };
  }

  private async miss(ctx: RequestContext, key: string | null): Promise<Step<B>> {
    this.newBereq(ctx);
    ctx.cacheState = 'MISS';
    const outcome = this.program.runBuiltin('miss', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'lookup');
    if (outcome.state === 'pass') return this.fetch(ctx, null, 'pass');
    if (key === null) return this.fetch(ctx, null, 'lookup');
    // The first miss for a key fetches; others wait for it (see lookup()).
    let release!: () => void;
    this.inFlight.set(key, new Promise<void>((resolve) => (release = resolve)));
    const done = () => {
      if (this.inFlight.get(key)) this.inFlight.delete(key);
      release();
    };
    try {
      const step = await this.fetch(ctx, key, 'lookup');
      if (step.kind === 'deliver' && step.store) {
        const store = step.store;
        step.store = (body) => {
          store(body);
          done();
        };
      } else done();
      return step;
    } catch (e) {
      done();
      throw e;
    }
  }

  private async pass(ctx: RequestContext): Promise<Step<B>> {
    this.newBereq(ctx);
    ctx.cacheState = 'PASS';
    const outcome = this.program.runBuiltin('pass', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'pass');
    return this.fetch(ctx, null, 'pass');
  }

  /**
   * `return(pipe)`: vcl_pipe edits bereq, then request and answer pass through untouched — no vcl_fetch,
   * no cache, no vcl_deliver. Locally it is one HTTP exchange, not a raw byte pipe.
   */
  private async pipe(ctx: RequestContext): Promise<Step<B>> {
    this.newBereq(ctx);
    const outcome = this.program.runBuiltin('pipe', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'pipe');
    const answer = await this.origin(ctx);
    if ('failed' in answer) return this.error(ctx, { status: 503, response: 'Service Unavailable' }, 'pipe', true);
    ctx.resp = { status: answer.status, response: answer.statusText, proto: 'HTTP/1.1', headers: answer.headers };
    return { kind: 'deliver', ctx, status: answer.status, statusText: answer.statusText, headers: answer.headers, body: { kind: 'origin', body: answer.body }, state: 'pipe', cache: null };
  }

  /**
   * The backend req.backend leads to (a director picks), asked for ctx.bereq; `failed` when none
   * answers. A director's pick that could not be connected to gives way to its next pick.
   */
  private async origin(ctx: RequestContext): Promise<(OriginAnswer<B> & { backend: string | null }) | { failed: true }> {
    let backend = this.runtime && ctx.req.backend !== null ? this.runtime.resolveBackend(ctx) : ctx.req.backend;
    if (backend === null && ctx.req.backend !== null) {
      ctx.fastlyError = `no healthy backend for ${ctx.req.backend}`;
      return { failed: true };
    }
    let tried: Set<string> | null = null;
    // A failed connection that a later pick made good is no error of the request's: fastly.error
    // goes back to what it was.
    const errorBefore = ctx.fastlyError;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.io.fetch(ctx, backend);
        if (attempt > 0) ctx.fastlyError = errorBefore;
        return { ...answer, backend };
      } catch (e) {
        ctx.fastlyError = (e as Error).message;
        // A director whose pick did not connect tries its next pick, `.retries` times at most.
        if (!this.runtime || backend === null || !this.io.mayRetryElsewhere?.(ctx, e)) return { failed: true };
        if (attempt >= this.runtime.connectRetries(ctx)) return { failed: true };
        (tried ??= new Set()).add(backend);
        backend = this.runtime.resolveBackend(ctx, tried);
        if (backend === null) return { failed: true };
      }
    }
  }

  private async fetch(ctx: RequestContext, key: string | null, path: 'lookup' | 'pass'): Promise<Step<B>> {
    const answer = await this.origin(ctx);
    if ('failed' in answer) return this.error(ctx, { status: 503, response: 'Service Unavailable' }, path, true);
    const now = ctx.now();
    ctx.beresp = {
      status: answer.status,
      response: answer.statusText,
      proto: 'HTTP/1.1',
      headers: answer.headers,
      ttl: ttlFromHeaders(answer.headers, now) ?? DEFAULT_TTL_MS,
      grace: 0,
      staleWhileRevalidate: 0,
      staleIfError: 0,
      // What the origin said may still change in vcl_fetch (`unset beresp.http.Set-Cookie`):
      // the headers are judged once it has run.
      cacheable: key !== null && CACHEABLE_STATUSES.has(answer.status),
      doEsi: false,
      doStream: true,
      backendName: answer.backend,
      peer: answer.peer ?? null,
    };
    const outcome = this.program.runBuiltin('fetch', ctx);
    if (outcome.kind !== 'state') {
      this.io.discard(answer.body);
      return this.afterOutcome(ctx, outcome, path);
    }
    const beresp = ctx.beresp;
    const vary = varyNames(beresp.headers);
    const store =
      key !== null &&
      outcome.state !== 'pass' &&
      outcome.state !== 'hit_for_pass' &&
      beresp.cacheable &&
      beresp.ttl > 0 &&
      vary !== '*' &&
      isStorable(beresp.status, beresp.headers);
    const cacheState = path === 'pass' ? 'PASS' : 'MISS';
    const step = this.deliver(ctx, beresp.status, beresp.response ?? '', beresp.headers, { kind: 'origin', body: answer.body }, path, cacheState);
    if (step.kind === 'deliver' && store && this.io.cache) {
      const cache = this.io.cache;
      const storedAt = now;
      const head = { status: beresp.status, statusText: beresp.response ?? '', headers: beresp.headers.entries().filter(([n]) => n.toLowerCase() !== 'x-cache') };
      const names = vary as string[]; // not '*': store would be false
      const variant = variantKey(key, names, ctx.req.headers);
      step.store = (body) => {
        if (!body || body.length > MAX_OBJECT_BYTES) return;
        cache.setVary(key, names);
        const stale = { graceMs: beresp.grace, staleIfErrorMs: beresp.staleIfError, staleWhileRevalidateMs: beresp.staleWhileRevalidate };
        cache.store(variant, makeCachedObject({ ...head, body, storedAtMs: storedAt, ttlMs: beresp.ttl, ...stale }));
      };
    } else if (step.kind === 'restart') this.io.discard(answer.body);
    return step;
  }

  /** Where error and restart lead from any subroutine. */
  private afterOutcome(ctx: RequestContext, outcome: Exclude<SubOutcome, { kind: 'state' }>, path: string): Step<B> {
    if (outcome.kind === 'restart') return { kind: 'restart' };
    return this.error(ctx, outcome, path);
  }

  private error(ctx: RequestContext, err: { status: number; response: string | null }, path: string, fromFailure = false): Step<B> {
    ctx.beresp = null;
    ctx.cacheState = 'ERROR';
    ctx.obj = {
      status: err.status,
      response: err.response ?? reasonPhrase(err.status),
      proto: 'HTTP/1.1',
      headers: new Headers(),
      ttl: 0,
      grace: 0,
      hits: 0,
      lastUse: 0,
      entered: 0,
      cacheable: false,
    };
    ctx.syntheticBody = null;
    const outcome = this.program.runBuiltin('error', ctx);
    const obj = ctx.obj;
    if (outcome.kind === 'restart') return outcome;
    const text = ctx.syntheticBody ?? (fromFailure || obj.status >= 400 ? `${obj.status} ${obj.response ?? ''}\n` : '');
    if (!obj.headers.has('content-type') && ctx.syntheticBody === null) obj.headers.set('Content-Type', 'text/plain; charset=utf-8');
    return this.deliver(ctx, obj.status, obj.response ?? '', obj.headers, { kind: 'synthetic', text }, path, null);
  }

  /** A response made without VCL, when VCL can no longer be asked (restart limit reached). */
  private plainDelivery(ctx: RequestContext, status: number, statusText: string): Delivery<B> {
    const headers = new Headers([['Content-Type', 'text/plain; charset=utf-8']]);
    return { kind: 'deliver', ctx, status, statusText, headers, body: { kind: 'synthetic', text: `${status} ${statusText}\n` }, state: 'error', cache: null };
  }

  private deliver(ctx: RequestContext, status: number, statusText: string, headers: Headers, body: DeliveryBody<B>, state: string, cache: Delivery<B>['cache']): Step<B> {
    ctx.resp = { status, response: statusText, proto: 'HTTP/1.1', headers: headers.clone() };
    const outcome = this.program.runBuiltin('deliver', ctx);
    if (outcome.kind === 'restart') return { kind: 'restart' };
    const resp = ctx.resp;
    // X-Cache says how the edge answered, added once vcl_deliver is done: Fastly's generated
    // vcl_deliver writes its own (from fastly_info.state), and that one is kept.
    if (cache !== null && !resp.headers.has('X-Cache')) resp.headers.set('X-Cache', cache);
    const sent = ctx.client?.altSvc ? withAltSvc(resp.headers) : resp.headers;
    return { kind: 'deliver', ctx, status: resp.status, statusText: resp.response ?? reasonPhrase(resp.status), headers: sent, body, state, cache };
  }
}

/** h3.alt_svc: Fastly adds the header once vcl_deliver is done, replacing any, where VCL cannot see it. */
function withAltSvc(headers: Headers): Headers {
  const sent = headers.clone();
  sent.set('Alt-Svc', ALT_SVC_H3);
  return sent;
}
