// Serving an expired object (Fastly's guides/concepts/edge-state/cache/stale): within its
// stale-while-revalidate period while one background fetch replaces it, and within its stale-if-error
// period (or grace) when the backend is sick or VCL says `return(deliver_stale)`.
import type { RequestContext } from '../values/context.js';
import type { CachedObject } from './cache.js';
import { MAX_OBJECT_BYTES } from './cache-store.js';
import type { Delivery, LifecycleIO, Upgrade } from './lifecycle-types.js';

/**
 * Whether `obj` (expired) may still be served for this request: its period for `why` not yet over,
 * nor the request's own limit (req.max_stale_while_revalidate / req.max_stale_if_error) when VCL set one.
 */
export function mayServeStale(obj: CachedObject, why: 'revalidate' | 'error', ctx: RequestContext, nowMs: number): boolean {
  const staleForMs = nowMs - (obj.storedAtMs + obj.ttlMs);
  const period = why === 'revalidate' ? (obj.staleWhileRevalidateMs ?? 0) : Math.max(obj.staleIfErrorMs ?? 0, obj.graceMs ?? 0);
  const limit = why === 'revalidate' ? ctx.req.cache.maxStaleWhileRevalidate : ctx.req.cache.maxStaleIfError;
  return staleForMs < (limit > 0 ? Math.min(period, limit) : period);
}

/**
 * Run a background fetch (`miss`, as a request of its own) and store what it brings, read whole with
 * no client behind it. A failed revalidation leaves the stale object as it was.
 */
export function fetchInBackground<B>(io: LifecycleIO<B>, miss: () => Promise<Delivery<B> | Upgrade | { kind: 'restart' }>): void {
  const collect = io.collect?.bind(io);
  if (!collect) return;
  const run = async () => {
    const step = await miss();
    if (step.kind !== 'deliver') return;
    const body = step.body.kind === 'origin' ? step.body.body : null;
    if (step.store && body !== null) step.store(await collect(body, MAX_OBJECT_BYTES).catch(() => null));
    else if (body !== null) io.discard(body);
    else step.store?.(null);
  };
  void run().catch(() => undefined);
}

/**
 * The request a background revalidation runs as: a copy of `ctx` with its own request state, logs and
 * trail, req.is_background_fetch true, and no client to answer.
 */
export function backgroundContext(ctx: RequestContext): RequestContext {
  const bg = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as RequestContext, ctx);
  const req = { ...ctx.req, headers: ctx.req.headers.clone(), hash: [...ctx.req.hash], cache: { ...ctx.req.cache, isBackgroundFetch: true } };
  return Object.assign(bg, { req, bereq: null, beresp: null, obj: null, resp: null, logs: [], called: [], steps: [], syntheticBody: null, client: null });
}
