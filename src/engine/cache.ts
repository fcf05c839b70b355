// The local edge cache: a byte-bounded LRU of whole responses, plus request collapsing so that
// concurrent misses for one key make one origin fetch.
import type { HeaderPair } from '../values/headers.js';

// The body helpers live apart (they are about streams, not the cache) but belong to its API.
export { bufferUpTo, collectBody, teeToBuffer, type Tee } from './cache-body.js';

export interface CachedObject {
  status: number;
  statusText: string;
  headers: HeaderPair[];
  body: Buffer;
  storedAtMs: number;
  ttlMs: number;
  /** Bytes charged against the cache's budget: body plus header names and values. */
  size: number;
  /** What beresp said of staleness when it was stored (obj.grace, obj.stale_*), in ms. */
  graceMs?: number;
  staleIfErrorMs?: number;
  staleWhileRevalidateMs?: number;
  /** Deliveries from cache so far (obj.hits) and the last one's time (obj.lastuse). */
  hits?: number;
  lastUsedAtMs?: number;
  /** A hit-for-pass marker (vcl_fetch said pass): requests for the key go to vcl_pass, not collapsed. */
  hitForPass?: boolean;
  /** The response's Surrogate-Key tags, for purging by key. */
  surrogateKeys?: readonly string[];
}

export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Objects dropped to keep within the budget (not those replaced, expired or purged). */
  evictions: number;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Budget charge of a response: body bytes plus each header as `name: value\r\n`. */
export function cachedObjectSize(headers: readonly HeaderPair[], body: Buffer): number {
  let size = body.length;
  for (const [name, value] of headers) size += Buffer.byteLength(name) + Buffer.byteLength(value) + 4;
  return size;
}

/** Build a CachedObject with its size filled in. */
export function makeCachedObject(fields: Omit<CachedObject, 'size'>): CachedObject {
  return { ...fields, size: cachedObjectSize(fields.headers, fields.body) };
}

/** Whole seconds since the object was stored (the Age header's value), never negative. */
export function ageSeconds(obj: CachedObject, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - obj.storedAtMs) / 1000));
}

export function isExpired(obj: CachedObject, nowMs: number): boolean {
  return nowMs >= obj.storedAtMs + obj.ttlMs;
}

/** How long past its TTL an object is kept for serving stale: the longest of its stale periods. */
function staleKeepMs(obj: CachedObject): number {
  return Math.max(obj.graceMs ?? 0, obj.staleIfErrorMs ?? 0, obj.staleWhileRevalidateMs ?? 0);
}

/** Whether an object is past any use, stale serving included. */
function isDead(obj: CachedObject, nowMs: number): boolean {
  return nowMs >= obj.storedAtMs + obj.ttlMs + staleKeepMs(obj);
}

export class HttpCache {
  readonly maxBytes: number;
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used first.
  private readonly objects = new Map<string, CachedObject>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** For keys whose responses carried Vary: the request headers that pick the variant. */
  private readonly varied = new Map<string, readonly string[]>();
  /** Told of each purge a request made (FASTLYPURGE), for caches elsewhere to apply (serve --workers). */
  onPurge: ((key: string, soft: boolean) => void) | null = null;
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor({ maxBytes = DEFAULT_CACHE_BYTES }: { maxBytes?: number } = {}) {
    this.maxBytes = maxBytes;
  }

  /**
   * The fresh object under `key`, or undefined; an expired object is dropped on the way, unless one
   * of its stale periods keeps it for `stale()`.
   */
  lookup(key: string, nowMs: number): CachedObject | undefined {
    const obj = this.objects.get(key);
    if (obj === undefined || isExpired(obj, nowMs)) {
      if (obj !== undefined && isDead(obj, nowMs)) this.delete(key);
      this.misses++;
      return undefined;
    }
    this.objects.delete(key);
    this.objects.set(key, obj);
    this.hits++;
    return obj;
  }

  /**
   * Store (or replace) `key`. An object with no lifetime left, or bigger than the whole budget, is
   * not stored — and still removes the older version, which it supersedes.
   */
  store(key: string, obj: CachedObject): void {
    this.delete(key);
    if (obj.ttlMs <= 0 || obj.size > this.maxBytes) return;
    this.objects.set(key, obj);
    this.bytes += obj.size;
    this.evictToBudget();
  }

  /** The expired object under `key` that a stale period still keeps (not counted as a hit or miss). */
  stale(key: string, nowMs: number): CachedObject | undefined {
    const obj = this.objects.get(key);
    if (obj === undefined || obj.hitForPass || !isExpired(obj, nowMs) || isDead(obj, nowMs)) return undefined;
    return obj;
  }

  /**
   * Purge the objects under `key` (every variant of it): hard removes them; soft marks them expired,
   * kept for their stale periods. Returns how many were purged. Purges are rare: a scan will do.
   */
  purge(key: string, soft = false, nowMs = Date.now()): number {
    return this.purgeWhere((k) => k === key || k.startsWith(`${key}\n`), soft, nowMs);
  }

  /** Purge every object whose response carried `tag` in its Surrogate-Key. */
  purgeSurrogateKey(tag: string, soft = false, nowMs = Date.now()): number {
    return this.purgeWhere((_k, obj) => obj.surrogateKeys?.includes(tag) === true, soft, nowMs);
  }

  private purgeWhere(matches: (key: string, obj: CachedObject) => boolean, soft: boolean, nowMs: number): number {
    let purged = 0;
    for (const [key, obj] of [...this.objects]) {
      if (!matches(key, obj)) continue;
      purged++;
      if (soft && !obj.hitForPass) obj.ttlMs = Math.min(obj.ttlMs, nowMs - obj.storedAtMs);
      else this.delete(key);
    }
    return purged;
  }

  delete(key: string): boolean {
    const obj = this.objects.get(key);
    if (obj === undefined) return false;
    this.objects.delete(key);
    this.bytes -= obj.size;
    return true;
  }

  purgeAll(): void {
    this.objects.clear();
    this.varied.clear();
    this.bytes = 0;
  }

  /**
   * Run `work` for `key` unless a run is already in flight, in which case wait for that one: every
   * concurrent caller gets the same result or the same error. Once it settles the next call runs
   * `work` afresh (so a failed fetch is retried, not remembered).
   */
  collapse<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running !== undefined) return running as Promise<T>;
    const run = (async () => {
      try {
        return await work();
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, run);
    return run;
  }

  /** The header names the responses for `key` vary on ([] when they do not). */
  varyOf(key: string): readonly string[] {
    return this.varied.get(key) ?? [];
  }

  /** Remember what the responses for `key` vary on (bounded: a forgotten entry is re-learnt on a miss). */
  setVary(key: string, names: readonly string[]): void {
    if (names.length === 0) {
      this.varied.delete(key);
      return;
    }
    if (this.varied.size >= 10_000) this.varied.clear();
    this.varied.set(key, names);
  }

  stats(): CacheStats {
    return { entries: this.objects.size, bytes: this.bytes, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }

  private evictToBudget(): void {
    for (const [key] of this.objects) {
      if (this.bytes <= this.maxBytes) return;
      this.delete(key);
      this.evictions++;
    }
  }
}
