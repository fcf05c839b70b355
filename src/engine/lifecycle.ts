// Fastly's request lifecycle as a state machine: recv → hash → hit/miss → fetch → deliver, pass,
// error and restart. It decides; the caller moves bytes. The same engine serves `vcl-edge serve`
// (bodies are streams) and the test API (bodies are strings), through the LifecycleIO it is given.
import type { CompiledProgram, SubOutcome } from '../compile/program.js';
import type { RequestContext } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { ageSeconds, type CachedObject } from './cache.js';
import { CACHEABLE_STATUSES, forbidsStoring, freshness } from './ttl.js';
import { addEdgeHeaders, partOf, purgeAnswer, stripSurrogateHeaders, wantsPart } from './cache-answers.js';
import { markHitForPass, MAX_OBJECT_BYTES, storerFor, useObject } from './cache-store.js';
import { backgroundContext, fetchInBackground, mayServeStale } from './stale.js';
import { variantKey, varyNames } from './vary.js';
import { MAX_RESTARTS } from '../builtins/subroutines.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';
import { ALT_SVC_H3 } from '../builtins/functions/client-connection.js';
import type { EdgeRuntime } from './runtime.js';
import { askOrigin } from './origin-attempts.js';
import type { Delivery, DeliveryBody, LifecycleIO, Upgrade } from './lifecycle-types.js';

export type { Delivery, DeliveryBody, LifecycleIO, OriginAnswer, Upgrade } from './lifecycle-types.js';

type Step<B> = Delivery<B> | Upgrade | { kind: 'restart' };

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
  /** The expired object a request found, while it may still be served stale (deliver_stale…). */
  private readonly staleOf = new WeakMap<RequestContext, CachedObject>();

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
      this.staleOf.delete(ctx);
      ctx.staleExists = false;
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
    if (recv.kind === 'error') {
      // Fastly: an error in vcl_recv "will call vcl_hash first, and then vcl_error" (statements/error).
      this.cacheKey(ctx);
      return this.error(ctx, recv, 'error');
    }
    if (recv.state === 'upgrade') return { kind: 'upgrade', ctx };
    if (recv.state === 'pass') return this.pass(ctx);
    if (recv.state === 'pipe') return this.pipe(ctx);
    return this.lookup(ctx);
  }

  private cacheKey(ctx: RequestContext): string {
    this.program.runBuiltin('hash', ctx); // vcl_hash can only return hash
    // Fastly's default key is req.url and req.http.host: when vcl_hash added nothing, req.hash (and so
    // req.digest) holds them, as the built-in vcl_hash's additions would.
    if (ctx.req.hash.length === 0) ctx.req.hash = [ctx.req.url, ctx.req.headers.get('host') ?? ''];
    return ctx.req.hash.join('\n');
  }

  private async lookup(ctx: RequestContext): Promise<Step<B>> {
    const cache = this.io.cache;
    const key = this.cacheKey(ctx);
    if (cache && ctx.req.method === 'FASTLYPURGE') return this.answer(ctx, 200, 'OK', purgeAnswer(cache, key, ctx));
    if (!cache || (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD')) return this.miss(ctx, null);
    const variant = () => variantKey(key, cache.varyOf(key), ctx.req.headers);
    // req.hash_always_miss: fetch again and replace the object, stale ones unusable; req.hash_ignore_busy:
    // do not wait for another request fetching it.
    const { alwaysMiss, ignoreBusy } = ctx.req.cache;
    let hit = alwaysMiss ? undefined : cache.lookup(variant(), ctx.now());
    const stale = hit || alwaysMiss ? undefined : cache.stale(variant(), ctx.now());
    if (stale) {
      this.staleOf.set(ctx, stale);
      ctx.staleExists = true;
      // stale-while-revalidate: served at once, while one background fetch replaces it.
      if (mayServeStale(stale, 'revalidate', ctx, ctx.now())) {
        this.revalidate(ctx, key);
        return this.hit(ctx, stale);
      }
    }
    if (!hit && !alwaysMiss && !ignoreBusy) {
      const pending = this.inFlight.get(key);
      if (pending) {
        await waitAtMost(pending, COLLAPSE_WAIT_MS);
        hit = cache.lookup(variant(), ctx.now());
      }
    }
    // Hit-for-pass: vcl_fetch passed on this key lately; its requests go to vcl_pass, uncollapsed.
    if (hit?.hitForPass) return this.pass(ctx);
    return hit ? this.hit(ctx, hit) : this.miss(ctx, key);
  }

  /** One background fetch (stale-while-revalidate) for `key`, unless one is in flight already. */
  private revalidate(ctx: RequestContext, key: string): void {
    if (!this.inFlight.has(key)) fetchInBackground(this.io, () => this.miss(backgroundContext(ctx), key));
  }

  private async hit(ctx: RequestContext, hit: CachedObject): Promise<Step<B>> {
    useObject(ctx, hit);
    const ttlBefore = ctx.obj!.ttl;
    const outcome = this.program.runBuiltin('hit', ctx);
    // `set obj.ttl` in vcl_hit changes the stored object's lifetime (early expiry, say).
    if (ctx.obj && ctx.obj.ttl !== ttlBefore) hit.ttlMs += ctx.obj.ttl - ttlBefore;
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'lookup');
    if (outcome.state === 'pass') return this.pass(ctx);
    return this.deliverObject(ctx, hit);
  }

  /** Deliver obj (a hit, or a stale object): Age since it was fetched, and 304/206 where the request asks. */
  private deliverObject(ctx: RequestContext, hit: CachedObject): Step<B> {
    const obj = ctx.obj!;
    obj.headers.set('Age', String(ageSeconds(hit, ctx.now())));
    const step = this.deliver(ctx, obj.status, obj.response ?? '', obj.headers, { kind: 'cached', data: hit.body }, 'lookup', 'HIT');
    return step.kind === 'deliver' ? partOf(step, ctx.req.headers, hit.body) : step;
  }

  /** An answer the edge makes itself (FASTLYPURGE), through vcl_deliver. */
  private answer(ctx: RequestContext, status: number, statusText: string, text: string): Step<B> {
    ctx.cacheState = 'HIT';
    const headers = new Headers([['Content-Type', 'application/json']]);
    return this.deliver(ctx, status, statusText, headers, { kind: 'synthetic', text }, 'lookup', null);
  }

  private newBereq(ctx: RequestContext): void {
    ctx.bereq = { method: ctx.req.method, url: ctx.req.url, proto: 'HTTP/1.1', headers: ctx.req.headers.clone() };
  }

  private async miss(ctx: RequestContext, key: string | null): Promise<Step<B>> {
    this.newBereq(ctx);
    if (key !== null) {
      // The object is fetched whole, for any request: a HEAD as a GET, without the client's range or
      // conditions (answered from the object once cached), as Varnish does.
      const bereq = ctx.bereq!;
      if (bereq.method === 'HEAD') bereq.method = 'GET';
      for (const name of ['range', 'if-range', 'if-none-match', 'if-modified-since']) bereq.headers.delete(name);
    }
    ctx.cacheState = 'MISS';
    const outcome = this.program.runBuiltin('miss', ctx);
    if (outcome.kind !== 'state') return this.afterOutcome(ctx, outcome, 'lookup');
    if (outcome.state === 'pass') return this.fetch(ctx, null, 'pass');
    if (key === null) return this.fetch(ctx, null, 'lookup');
    // The first miss for a key fetches; others wait for it (see lookup()).
    let release!: () => void;
    const fetching = new Promise<void>((resolve) => (release = resolve));
    this.inFlight.set(key, fetching);
    const done = () => {
      // A forced miss (hash_always_miss, hash_ignore_busy) may have taken the key since: it stays.
      if (this.inFlight.get(key) === fetching) this.inFlight.delete(key);
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
    const answer = await askOrigin(this.io, this.runtime, ctx);
    if ('failed' in answer) return this.error(ctx, { status: 503, response: 'Service Unavailable' }, 'pipe', true);
    ctx.resp = { status: answer.status, response: answer.statusText, proto: 'HTTP/1.1', headers: answer.headers };
    return { kind: 'deliver', ctx, status: answer.status, statusText: answer.statusText, headers: answer.headers, body: { kind: 'origin', body: answer.body }, state: 'pipe', cache: null };
  }

  private async fetch(ctx: RequestContext, key: string | null, path: 'lookup' | 'pass'): Promise<Step<B>> {
    const answer = await askOrigin(this.io, this.runtime, ctx);
    if ('failed' in answer) {
      // A sick backend (no healthy one to ask) gives way to a stale object within its stale-if-error.
      const stale = this.staleOf.get(ctx);
      if (stale && answer.sick && mayServeStale(stale, 'error', ctx, ctx.now())) return this.deliverStale(ctx, stale);
      return this.error(ctx, { status: 503, response: 'Service Unavailable' }, path, true);
    }
    const now = ctx.now();
    const fresh = freshness(answer.headers, now);
    ctx.beresp = {
      status: answer.status,
      response: answer.statusText,
      proto: 'HTTP/1.1',
      headers: answer.headers,
      ttl: fresh.ttlMs,
      grace: 0,
      staleWhileRevalidate: fresh.staleWhileRevalidateMs,
      staleIfError: fresh.staleIfErrorMs,
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
    const stale = this.staleOf.get(ctx);
    if (outcome.state === 'deliver_stale' && stale) {
      this.io.discard(answer.body);
      return this.deliverStale(ctx, stale);
    }
    const passed = outcome.state === 'pass' || outcome.state === 'hit_for_pass';
    if (key !== null && passed && this.io.cache) markHitForPass(this.io.cache, ctx, key, beresp.ttl, now);
    // Like a hit, a miss says how old its object is: the origin's Age, 0 when it said none (Varnish).
    if (path === 'lookup' && !passed) beresp.headers.set('Age', String(Math.floor(fresh.ageMs / 1000)));
    const vary = varyNames(beresp.headers);
    const store =
      key !== null &&
      !passed &&
      beresp.cacheable &&
      beresp.ttl > 0 &&
      vary !== '*' &&
      // beresp.cacheable holds the status rule (VCL may have overruled it); the headers' rule stays.
      !forbidsStoring(beresp.headers);
    const cacheState = path === 'pass' ? 'PASS' : 'MISS';
    const step = this.deliver(ctx, beresp.status, beresp.response ?? '', beresp.headers, { kind: 'origin', body: answer.body }, path, cacheState);
    if (step.kind === 'deliver' && store && this.io.cache) {
      step.store = storerFor(ctx, this.io.cache, key, vary as string[], now - fresh.ageMs);
      if (wantsPart(ctx.req.headers)) return this.partOfMiss(ctx, step, answer.body);
    } else if (step.kind === 'restart') this.io.discard(answer.body);
    return step;
  }

  /**
   * A range or conditional request that missed: the object is read whole (up to the cache's object
   * limit), stored, and answered as a hit would be (206, 304); a bigger one is sent whole, streaming.
   */
  private async partOfMiss(ctx: RequestContext, step: Delivery<B>, body: B): Promise<Step<B>> {
    const store = step.store!;
    if (!this.io.buffer) return step;
    const read = await this.io.buffer(body, MAX_OBJECT_BYTES).catch(() => null);
    if (read === null) {
      store(null); // the origin broke off before the body was whole
      return this.plainDelivery(ctx, 503, 'Service Unavailable');
    }
    if ('rest' in read) return { ...step, body: { kind: 'origin', body: read.rest } };
    store(read.whole);
    return partOf({ ...step, store: undefined, body: { kind: 'cached', data: read.whole } }, ctx.req.headers, read.whole);
  }

  /** Deliver the stale object (deliver_stale, or stale-if-error for a sick backend), through vcl_deliver. */
  private deliverStale(ctx: RequestContext, stale: CachedObject): Step<B> {
    useObject(ctx, stale);
    ctx.cacheState = 'HIT-STALE';
    return this.deliverObject(ctx, stale);
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
    const stale = this.staleOf.get(ctx);
    if (outcome.kind === 'state' && outcome.state === 'deliver_stale' && stale) return this.deliverStale(ctx, stale);
    // A synthetic answer with a status that is no error is HIT-SYNTH (fastly_info.state's page), so the
    // X-Cache the generated deliver code derives from it says HIT, as the X-Cache page says of edge content.
    if (obj.status < 400) ctx.cacheState = 'HIT-SYNTH';
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
    // X-Cache and its kin say how the edge answered (content the edge made reports HIT). Fastly's code
    // for them is generated at `#FASTLY deliver` (src/project/fastly-macros.ts): the engine plays it
    // when the VCL has no vcl_deliver; with one, it only adds an X-Cache that VCL did not leave.
    const edge = cache ?? 'HIT';
    if (!this.program.hasSub('vcl_deliver')) {
      addEdgeHeaders(resp.headers, ctx, edge, cache === 'HIT' ? (ctx.obj?.hits ?? 0) : 0);
      stripSurrogateHeaders(resp.headers, ctx);
    } else if (!resp.headers.has('X-Cache')) resp.headers.set('X-Cache', edge === 'HIT' ? 'HIT' : 'MISS');
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
