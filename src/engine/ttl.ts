// How long an origin response may be served from cache, read from its headers the way Fastly does
// before vcl_fetch runs (beresp.ttl's initial value).
import type { Headers } from '../values/headers.js';

/** Used by the caller when ttlFromHeaders returns null (the origin said nothing). */
export const DEFAULT_TTL_MS = 3_600_000;

/** Statuses Fastly caches by default; anything else is passed. */
export const CACHEABLE_STATUSES: ReadonlySet<number> = new Set([200, 203, 300, 301, 302, 404, 410]);

// A directive is a token, optionally `=` token or quoted-string; commas inside quotes don't split.
const DIRECTIVE = /\s*([^\s=,]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,]*))?\s*(?:,|$)/gy;
const NO_DIRECTIVES: ReadonlyMap<string, string> = new Map();

/**
 * Directives of a Cache-Control-style header list, names lower-cased, values unquoted
 * (`max-age=60, private` → {max-age: "60", private: ""}). The first occurrence of a directive wins.
 */
export function parseDirectives(values: readonly string[]): ReadonlyMap<string, string> {
  if (values.length === 0) return NO_DIRECTIVES; // most responses: no Surrogate-Control at least
  const out = new Map<string, string>();
  const directive = DIRECTIVE;
  for (const value of values) {
    directive.lastIndex = 0;
    while (directive.lastIndex < value.length) {
      const start = directive.lastIndex;
      const m = directive.exec(value);
      if (!m) {
        // Skip to the next comma; a malformed directive should not hide the ones after it.
        const comma = value.indexOf(',', start);
        if (comma < 0) break;
        directive.lastIndex = comma + 1;
        continue;
      }
      const name = m[1]!.toLowerCase();
      let arg = (m[2] ?? '').trim();
      if (arg.startsWith('"')) arg = arg.slice(1, -1).replace(/\\(.)/g, '$1');
      if (!out.has(name)) out.set(name, arg);
    }
  }
  return out;
}

/** A delta-seconds value in ms, or null when it is not a non-negative integer. */
function deltaSecondsMs(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value) * 1000;
}

/**
 * The freshness lifetime in ms, by precedence: Surrogate-Control max-age, Cache-Control s-maxage,
 * Cache-Control max-age, then Expires minus Date (or minus now when Date is absent or invalid).
 * An unparseable Expires means "already expired" (RFC 9111 §5.3) → 0. Null when none is present.
 */
export function ttlFromHeaders(headers: Headers, nowMs: number): number | null {
  return lifetimeMs(headers, parseDirectives(headers.getAll('surrogate-control')), parseDirectives(headers.getAll('cache-control')), nowMs);
}

/** ttlFromHeaders, given the Surrogate-Control and Cache-Control directives already parsed. */
function lifetimeMs(headers: Headers, surrogate: ReadonlyMap<string, string>, cacheControl: ReadonlyMap<string, string>, nowMs: number): number | null {
  const fromSurrogate = deltaSecondsMs(surrogate.get('max-age'));
  if (fromSurrogate !== null) return fromSurrogate;

  const fromShared = deltaSecondsMs(cacheControl.get('s-maxage'));
  if (fromShared !== null) return fromShared;
  const fromMaxAge = deltaSecondsMs(cacheControl.get('max-age'));
  if (fromMaxAge !== null) return fromMaxAge;

  const expires = headers.get('expires');
  if (expires === null) return null;
  const expiresMs = Date.parse(expires);
  if (Number.isNaN(expiresMs)) return 0;
  const dateHeader = headers.get('date');
  const dateMs = dateHeader === null ? NaN : Date.parse(dateHeader);
  const base = Number.isNaN(dateMs) ? nowMs : dateMs;
  return Math.max(0, expiresMs - base);
}

/** What an origin response's headers say of its caching, read as Fastly reads them before vcl_fetch. */
export interface Freshness {
  /** beresp.ttl's initial value: the lifetime left (max-age less the origin's Age), or the default. */
  ttlMs: number;
  /** The origin's Age, counted into the object's age (obj.age, the Age header); 0 for Expires. */
  ageMs: number;
  /** beresp.stale_while_revalidate and beresp.stale_if_error's initial values. */
  staleWhileRevalidateMs: number;
  staleIfErrorMs: number;
}

/**
 * Fastly's reading of an origin response (reference/http/http-headers/Age, guides/concepts/edge-state/
 * cache/cache-freshness): the TTL by ttlFromHeaders' precedence, less the response's Age — "Cache-Control:
 * max-age=30, Age: 10" gives beresp.ttl 20 — except for an Expires-based TTL, whose object starts at
 * age 0; the stale periods from Surrogate-Control, else Cache-Control.
 */
export function freshness(headers: Headers, nowMs: number): Freshness {
  const surrogate = parseDirectives(headers.getAll('surrogate-control'));
  const cacheControl = parseDirectives(headers.getAll('cache-control'));
  const stale = (name: string): number => deltaSecondsMs(surrogate.get(name)) ?? deltaSecondsMs(cacheControl.get(name)) ?? 0;
  const fromHeaders = lifetimeMs(headers, surrogate, cacheControl, nowMs); // each header parsed once
  const byMaxAge = surrogate.has('max-age') || cacheControl.has('s-maxage') || cacheControl.has('max-age');
  const ageMs = fromHeaders !== null && byMaxAge ? (deltaSecondsMs(headers.get('age')?.trim()) ?? 0) : 0;
  return {
    ttlMs: fromHeaders === null ? DEFAULT_TTL_MS : Math.max(0, fromHeaders - ageMs),
    ageMs,
    staleWhileRevalidateMs: stale('stale-while-revalidate'),
    staleIfErrorMs: stale('stale-if-error'),
  };
}

/**
 * Whether a response may go into the cache at all, as Fastly's default vcl_fetch decides: only the
 * cacheable statuses, and never with Set-Cookie or Cache-Control private / no-store.
 */
export function isStorable(status: number, headers: Headers): boolean {
  return CACHEABLE_STATUSES.has(status) && !forbidsStoring(headers);
}

/** Set-Cookie or Cache-Control private / no-store: what the default vcl_fetch passes on, whatever the status. */
export function forbidsStoring(headers: Headers): boolean {
  if (headers.has('set-cookie')) return true;
  const cacheControl = parseDirectives(headers.getAll('cache-control'));
  return cacheControl.has('private') || cacheControl.has('no-store');
}
