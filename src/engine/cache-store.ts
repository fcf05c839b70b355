// Between the lifecycle and the cache: what goes in (an object as vcl_fetch left beresp, a
// hit-for-pass marker) and what comes out (a cached object as VCL's obj, counted as a use).
import type { RequestContext } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { makeCachedObject, type CachedObject, type HttpCache } from './cache.js';
import { surrogateKeysOf } from './cache-answers.js';
import { variantKey } from './vary.js';

/** Largest object the cache accepts from one response. */
export const MAX_OBJECT_BYTES = 16 * 1024 * 1024;

/**
 * What stores the body once it has all arrived: beresp as vcl_fetch left it, aged by the origin's
 * Age (`storedAtMs` is when the origin's copy was made, so obj.age and the Age header count it).
 */
export function storerFor(ctx: RequestContext, cache: HttpCache, key: string, names: readonly string[], storedAtMs: number): (body: Buffer | null) => void {
  const beresp = ctx.beresp!;
  const head = { status: beresp.status, statusText: beresp.response ?? '', headers: beresp.headers.entries().filter(([n]) => n.toLowerCase() !== 'x-cache') };
  const variant = variantKey(key, names, ctx.req.headers);
  const ttlMs = beresp.ttl + (ctx.now() - storedAtMs);
  return (body) => {
    if (!body || body.length > MAX_OBJECT_BYTES) return;
    cache.setVary(key, names);
    const stale = { graceMs: beresp.grace, staleIfErrorMs: beresp.staleIfError, staleWhileRevalidateMs: beresp.staleWhileRevalidate };
    cache.store(variant, makeCachedObject({ ...head, body, storedAtMs, ttlMs, ...stale, surrogateKeys: surrogateKeysOf(beresp.headers) }));
  };
}

/** vcl_fetch passed: for beresp.ttl, requests for this key go straight to vcl_pass (Fastly's hit-for-pass). */
export function markHitForPass(cache: HttpCache, ctx: RequestContext, key: string, ttlMs: number, nowMs: number): void {
  if (ttlMs <= 0) return;
  const variant = variantKey(key, cache.varyOf(key), ctx.req.headers);
  cache.store(variant, makeCachedObject({ status: 0, statusText: '', headers: [], body: Buffer.alloc(0), storedAtMs: nowMs, ttlMs, hitForPass: true }));
}

/** The cached object as VCL's obj, counted as a use (obj.hits, obj.lastuse). */
export function useObject(ctx: RequestContext, hit: CachedObject): void {
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
}
