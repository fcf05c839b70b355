// Fastly's request lifecycle as a state machine: recv → hash → hit/miss → fetch → deliver, pass,
// error and restart. It decides; the caller moves bytes. The same engine serves `vcl-edge serve`
// (bodies are streams) and the test API (bodies are strings), through the LifecycleIO it is given.
import type { CompiledProgram, SubOutcome } from '../compile/program.js';
import type { RequestContext } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { ageSeconds, makeCachedObject, type CachedObject, type HttpCache } from './cache.js';
import { CACHEABLE_STATUSES, DEFAULT_TTL_MS, isStorable, ttlFromHeaders } from './ttl.js';
import { variantKey, varyNames } from './vary.js';
import { MAX_RESTARTS } from '../builtins/subroutines.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';

export interface OriginAnswer<B> {
  status: number;
  statusText: string;
  headers: Headers;
  body: B;
}

export interface LifecycleIO<B> {
  /** Send ctx.bereq to the named backend; reject when it cannot be reached (→ 503 via vcl_error). */
  fetch(ctx: RequestContext, backend: string | null): Promise<OriginAnswer<B>>;
  /** Throw away a body that will not be delivered (e.g. after vcl_fetch chose error or restart). */
  discard(body: B): void;
  cache: HttpCache | null;
}

export type DeliveryBody<B> =
  | { kind: 'none' }
  | { kind: 'synthetic'; text: string; encoding?: 'utf8' | 'latin1' }
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
      ctx.syntheticEncoding = 'utf8';
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
    let hit = cache.lookup(variant(), ctx.now());
    if (!hit) {
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
    ctx.obj = {
      status: hit.status,
      response: hit.statusText,
      proto: 'HTTP/1.1',
      headers: new Headers(hit.headers),
      ttl: hit.storedAtMs + hit.ttlMs - now,
      grace: 0,
      hits: 1,
      lastUse: 0,
      entered: now - hit.storedAtMs,
      cacheable: true,
    };
    const outcome = this.program.runBuiltin('hit', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'lookup');
    if (outcome.state === 'pass') return this.pass(ctx);
    const headers = ctx.obj.headers;
    headers.set('Age', String(ageSeconds(hit, now)));
    headers.set('X-Cache', 'HIT');
    return this.deliver(ctx, ctx.obj.status, ctx.obj.response ?? '', headers, { kind: 'cached', data: hit.body }, 'lookup', 'HIT');
  }

  private newBereq(ctx: RequestContext): void {
    ctx.bereq = { method: ctx.req.method, url: ctx.req.url, proto: 'HTTP/1.1', headers: ctx.req.headers.clone() };
  }

  private async miss(ctx: RequestContext, key: string | null): Promise<Step<B>> {
    this.newBereq(ctx);
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
    const outcome = this.program.runBuiltin('pass', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'pass');
    return this.fetch(ctx, null, 'pass');
  }

  private async fetch(ctx: RequestContext, key: string | null, path: 'lookup' | 'pass'): Promise<Step<B>> {
    let answer: OriginAnswer<B>;
    try {
      answer = await this.io.fetch(ctx, ctx.req.backend);
    } catch (e) {
      ctx.fastlyError = (e as Error).message;
      return this.error(ctx, { status: 503, response: 'Service Unavailable' }, path, true);
    }
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
      backendName: ctx.req.backend,
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
    beresp.headers.set('X-Cache', cacheState);
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
        cache.store(variant, makeCachedObject({ ...head, body, storedAtMs: storedAt, ttlMs: beresp.ttl }));
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
    ctx.syntheticEncoding = 'utf8';
    const outcome = this.program.runBuiltin('error', ctx);
    const obj = ctx.obj;
    if (outcome.kind === 'restart') return outcome;
    const text = ctx.syntheticBody ?? (fromFailure || obj.status >= 400 ? `${obj.status} ${obj.response ?? ''}\n` : '');
    if (!obj.headers.has('content-type') && ctx.syntheticBody === null) obj.headers.set('Content-Type', 'text/plain; charset=utf-8');
    const encoding = ctx.syntheticBody === null ? 'utf8' : ctx.syntheticEncoding;
    return this.deliver(ctx, obj.status, obj.response ?? '', obj.headers, { kind: 'synthetic', text, encoding }, path, null);
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
    return { kind: 'deliver', ctx, status: resp.status, statusText: resp.response ?? reasonPhrase(resp.status), headers: resp.headers, body, state, cache };
  }
}
