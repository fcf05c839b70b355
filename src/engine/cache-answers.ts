// What the edge adds to, strips from or answers in place of a response because of its cache:
// Fastly's default X-Cache / X-Cache-Hits / X-Served-By, the surrogate headers that stop at the edge,
// FASTLYPURGE, and 304 / 206 answers made from a cached object.
import type { RequestContext } from '../values/context.js';
import type { Headers } from '../values/headers.js';
import type { HttpCache } from './cache.js';
import type { Delivery } from './lifecycle-types.js';
import { SERVER_VARIABLES } from '../builtins/variables/server.js';

const IDENTITY = SERVER_VARIABLES.find((v) => v.name === 'server.identity')!;

/**
 * As Fastly's generated `#FASTLY deliver` code does at the top of vcl_deliver (reference/http/
 * http-headers/X-Cache, X-Cache-Hits, X-Served-By): X-Cache is HIT for a hit, MISS otherwise (a pass
 * too). One the response already has (an origin's) is kept.
 */
export function addEdgeHeaders(headers: Headers, ctx: RequestContext, cache: 'HIT' | 'MISS' | 'PASS', hits: number): void {
  if (!headers.has('X-Served-By')) headers.set('X-Served-By', String(IDENTITY.get(ctx) ?? ''));
  if (!headers.has('X-Cache')) headers.set('X-Cache', cache === 'HIT' ? 'HIT' : 'MISS');
  if (!headers.has('X-Cache-Hits')) headers.set('X-Cache-Hits', String(hits));
}

/**
 * Surrogate-Control and Surrogate-Key are for the edge, not the client: removed once vcl_deliver is
 * done, unless the request came from another Fastly node (Fastly-FF) or asked for debug output.
 */
export function stripSurrogateHeaders(headers: Headers, ctx: RequestContext): void {
  if (ctx.req.headers.has('fastly-ff') || ctx.req.headers.has('fastly-debug')) return;
  headers.delete('surrogate-control');
  headers.delete('surrogate-key');
}

/** The tags of a Surrogate-Key header (space-separated). */
export function surrogateKeysOf(headers: Headers): string[] | undefined {
  const value = headers.getAll('surrogate-key').join(' ').trim();
  return value ? value.split(/\s+/) : undefined;
}

/**
 * A FASTLYPURGE (a client's `PURGE`) purges the object of its cache key — every variant — and is
 * answered 200 with Fastly's JSON; `Fastly-Soft-Purge: 1` marks it stale instead (guides/purging).
 */
export function purgeAnswer(cache: HttpCache, key: string, ctx: RequestContext): string {
  const soft = ctx.req.headers.get('fastly-soft-purge') === '1';
  cache.purge(key, soft, ctx.now());
  cache.onPurge?.(key, soft);
  return `{"status": "ok", "id": "${ctx.xid}"}`;
}

/** A cached object answered as 304, 206 or 416 (RFC 9110 §13, §14), or null: send it whole. */
export interface PartialAnswer {
  status: number;
  statusText: string;
  body: Buffer;
  headers: [string, string][];
}

/** Whether the request asks for less than the whole object (a range, or only if it changed). */
export function wantsPart(req: Headers): boolean {
  return req.has('range') || req.has('if-none-match') || req.has('if-modified-since');
}

/** `step` (a whole 200 object, `body`) as the 304, 206 or 416 the request asks for, if it does. */
export function partOf<B>(step: Delivery<B>, req: Headers, body: Buffer): Delivery<B> {
  if (step.status !== 200) return step;
  const partial = partialAnswer(req, body, step.headers);
  if (partial === null) return step;
  const headers = step.headers.clone();
  if (partial.status !== 304) headers.delete('content-length');
  for (const [name, value] of partial.headers) headers.set(name, value);
  return { ...step, status: partial.status, statusText: partial.statusText, headers, body: { kind: 'cached', data: partial.body } };
}

/**
 * A conditional or range request answered from a cached 200, as Varnish answers one (Fastly's pages
 * say no more): If-None-Match against its ETag (weak comparison), else If-Modified-Since against its
 * Last-Modified, gives 304; one `bytes=` range (while If-Range, if any, matches) gives 206 with
 * Content-Range, an unsatisfiable one 416.
 */
function partialAnswer(req: Headers, body: Buffer, headers: Headers): PartialAnswer | null {
  if (notModified(req, headers)) return { status: 304, statusText: 'Not Modified', body: EMPTY, headers: [] };
  const range = req.get('range');
  if (range === null || !ifRangeHolds(req, headers)) return null;
  const size = body.length;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.replace(/\s+/g, ''));
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or another unit: the whole object
  let start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  let end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[1] === '' && Number(m[2]) === 0) start = size; // "bytes=-0": nothing to send
  if (start >= size || start > end) {
    return { status: 416, statusText: 'Range Not Satisfiable', body: EMPTY, headers: [['Content-Range', `bytes */${size}`]] };
  }
  end = Math.max(start, end);
  return { status: 206, statusText: 'Partial Content', body: body.subarray(start, end + 1), headers: [['Content-Range', `bytes ${start}-${end}/${size}`]] };
}

const EMPTY = Buffer.alloc(0);

/**
 * If-Range (RFC 9110 §13.1.5): the range stands only while the object is the one the client has part
 * of — its ETag, compared strongly (a weak tag never matches), or exactly its Last-Modified date.
 * Anything else gets the whole object, so a resumed download never splices two versions.
 */
function ifRangeHolds(req: Headers, headers: Headers): boolean {
  const value = req.get('if-range');
  if (value === null) return true;
  const ifRange = value.trim();
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) {
    const etag = headers.get('etag');
    return etag !== null && !ifRange.startsWith('W/') && ifRange === etag.trim();
  }
  const modified = headers.get('last-modified');
  const sinceMs = Date.parse(ifRange);
  return modified !== null && !Number.isNaN(sinceMs) && Date.parse(modified) === sinceMs;
}

function notModified(req: Headers, headers: Headers): boolean {
  const ifNoneMatch = req.get('if-none-match');
  if (ifNoneMatch !== null) {
    const etag = headers.get('etag');
    if (etag === null) return false;
    const bare = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
  }
  const since = req.get('if-modified-since');
  const modified = headers.get('last-modified');
  if (since === null || modified === null) return false;
  const sinceMs = Date.parse(since);
  const modifiedMs = Date.parse(modified);
  return !Number.isNaN(sinceMs) && !Number.isNaN(modifiedMs) && modifiedMs <= sinceMs;
}
