// req.*: the client request as VCL sees and changes it (headers are the req.http family).
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../values/context.js';
import { ALL, at, env, ro, rw, str, type VariableSpec } from './spec.js';
import { requestBody, requestBodyBase64 } from './request-body.js';
import { REQ_BACKEND_VARIABLES } from './req-backend.js';

function urlParts(url: string): { path: string; qs: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, qs: '' } : { path: url.slice(0, q), qs: url.slice(q + 1) };
}

// req.url.path is read several times by most requests (routing, ACLs, tables): the path of the last URL
// asked about is kept, and a URL without a query string is its own path.
let lastUrl = '';
let lastPath = '';
/** The path part of a URL (urlParts(url).path, without making the parts). */
export function urlPath(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  if (url !== lastUrl) {
    lastPath = url.slice(0, q);
    lastUrl = url;
  }
  return lastPath;
}

/** The URL parts every `*.url.*` variable reads (bereq.url.* uses them too). */
export function basename(url: string): string {
  return urlParts(url).path.split('/').pop() ?? '';
}
export function dirname(url: string): string {
  const p = urlParts(url).path;
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
export function extension(url: string): string {
  const base = basename(url);
  const i = base.lastIndexOf('.');
  return i < 0 ? '' : base.slice(i + 1);
}
export { urlParts };

/** req.digest: the hex SHA-256 of the cache key's parts, as Fastly's 64 hex digits. */
function digest(c: RequestContext): string {
  return createHash('sha256').update(c.req.hash.join(''), 'utf8').digest('hex');
}

const RECV = at('recv');
const NO_STALE = "kept and read back; it changes nothing: the object's beresp.grace decides how long it is served stale";
const STALE_LIMIT = "a limit only once VCL sets it: 0, the default, leaves the object's own period";
const CACHE_FLAGS = at('recv');

export const REQ_VARIABLES: readonly VariableSpec[] = [
  rw('req.method', 'STRING', ALL, 'The request method.', (c) => c.req.method, (c, v) => (c.req.method = str(v))),
  rw('req.request', 'STRING', ALL, 'Old name of req.method.', (c) => c.req.method, (c, v) => (c.req.method = str(v))),
  rw('req.url', 'STRING', ALL, 'The request URL: path and query string.', (c) => c.req.url, (c, v) => (c.req.url = str(v))),
  ro('req.url.path', 'STRING', ALL, 'The path part of req.url.', (c) => urlPath(c.req.url)),
  ro('req.url.qs', 'STRING', ALL, 'The query string of req.url, without "?".', (c) => urlParts(c.req.url).qs),
  ro('req.url.basename', 'STRING', ALL, 'The last path segment.', (c) => basename(c.req.url)),
  ro('req.url.dirname', 'STRING', ALL, 'The path up to the last "/".', (c) => dirname(c.req.url)),
  ro('req.url.ext', 'STRING', ALL, 'The file extension of the last path segment.', (c) => extension(c.req.url)),
  ro('req.topurl', 'STRING', ALL, 'The URL of the top-level request (the same as req.url outside ESI).', (c) => c.req.url),
  ro('req.proto', 'STRING', ALL, 'The protocol the client spoke, e.g. HTTP/1.1.', (c) => c.req.proto),
  ro('req.protocol', 'STRING', ALL, '"https" when the client connection is TLS, else "http".', (c) => (c.isTls ? 'https' : 'http')),
  ro('req.is_ssl', 'BOOL', ALL, 'Whether the client connection uses TLS.', (c) => c.isTls),
  ro('req.is_ipv6', 'BOOL', at('recv,hash,deliver,log'), 'Whether the client connected over IPv6.', (c) => c.clientIp.includes(':')),
  ro('req.is_purge', 'BOOL', at('recv,hash,deliver,log'), 'Whether the method is FASTLYPURGE.', (c) => c.req.method === 'FASTLYPURGE'),
  ro('req.restarts', 'INTEGER', ALL, 'How many times the request was restarted.', (c) => c.req.restarts),
  ro('req.headers', 'ID', ALL, 'The request headers as a whole (an argument for functions taking headers).', () => 'req'),
  rw('req.hash', 'STRING', at('hash,error'), 'The cache key; add to it with `set req.hash += ...`.', (c) => c.req.hash.join(''), (c, v) => {
    c.req.hash = [str(v)];
  }),
  ro('req.digest', 'STRING', ALL, 'The hash of the cache key: 64 hex digits (SHA-256 of the parts of req.hash).', digest),
  ro('req.digest.ratio', 'FLOAT', ALL, 'req.digest as a number from 0 to 1 (its first 8 hex digits over 2^32), to sample requests.', (c) => Number.parseInt(digest(c).slice(0, 8), 16) / 0x1_0000_0000),
  ...REQ_BACKEND_VARIABLES,
  rw('req.esi', 'BOOL', at('recv,fetch,error,deliver'), 'Whether ESI is processed for this request.', (c) => c.req.esi, (c, v) => (c.req.esi = v === true)),
  ro('req.esi_level', 'INTEGER', at('recv,deliver'), 'How deep in ESI includes this request is (0: the top-level request).', () => 0),
  ro('req.is_esi_subreq', 'BOOL', ALL, 'Whether this is an ESI subrequest.', () => false),
  rw('req.grace', 'RTIME', ALL, 'How long past its TTL an object may be served.', (c) => c.req.grace, (c, v) => (c.req.grace = v as number), { local: NO_STALE }),
  rw('req.max_stale_if_error', 'RTIME', ALL, 'How stale an object may be served when the origin fails (at most beresp.stale_if_error).', (c) => c.req.cache.maxStaleIfError, (c, v) => (c.req.cache = { ...c.req.cache, maxStaleIfError: v as number }), { local: STALE_LIMIT }),
  rw('req.max_stale_while_revalidate', 'RTIME', ALL, 'How stale an object may be served while it is revalidated (at most beresp.stale_while_revalidate).', (c) => c.req.cache.maxStaleWhileRevalidate, (c, v) => (c.req.cache = { ...c.req.cache, maxStaleWhileRevalidate: v as number }), { local: STALE_LIMIT }),
  rw('req.hash_always_miss', 'BOOL', CACHE_FLAGS, 'Look the object up but treat it as a miss: fetch it again and replace it.', (c) => c.req.cache.alwaysMiss, (c, v) => (c.req.cache = { ...c.req.cache, alwaysMiss: v === true })),
  rw('req.hash_ignore_busy', 'BOOL', CACHE_FLAGS, 'Do not wait for another request fetching the same object (no request collapsing).', (c) => c.req.cache.ignoreBusy, (c, v) => (c.req.cache = { ...c.req.cache, ignoreBusy: v === true })),
  ro('req.is_background_fetch', 'BOOL', ALL, 'Whether this request revalidates a stale object in the background.', (c) => c.req.cache.isBackgroundFetch),
  ro('req.is_clustering', 'BOOL', ALL, 'Whether this request goes between two caches of a POP (clustering).', () => false, { local: 'always false: one cache, no clustering' }),
  rw('req.enable_segmented_caching', 'BOOL', RECV, 'Cache a large object in segments (Segmented Caching).', (c) => c.req.cache.segmentedCaching, (c, v) => (c.req.cache = { ...c.req.cache, segmentedCaching: v === true }), { local: 'accepted and readable; objects are cached whole' }),
  rw('req.enable_range_on_pass', 'BOOL', RECV, 'Let a passed request keep its Range header.', (c) => c.req.cache.rangeOnPass, (c, v) => (c.req.cache = { ...c.req.cache, rangeOnPass: v === true }), { local: 'accepted and readable; Range is always forwarded' }),
  ro('req.body', 'STRING', ALL, 'The request body of a POST or PUT: up to 8 KB, cut at the first NUL byte; not set when larger.', requestBody),
  ro('req.postbody', 'STRING', ALL, 'Old name of req.body.', requestBody),
  ro('req.body.base64', 'STRING', ALL, 'The request body of a POST or PUT, base64-encoded (binary-safe); not set when over 8 KB.', requestBodyBase64),
  ro('req.header_bytes_read', 'INTEGER', ALL, 'Bytes of the request line and headers read from the client.', (c) => c.connection.headerBytesRead),
  ro('req.body_bytes_read', 'INTEGER', at('deliver,log'), 'Bytes of the request body read from the client.', (c) => c.connection.bodyBytesRead()),
  ro('req.bytes_read', 'INTEGER', at('deliver,log'), 'Bytes of the whole request read from the client.', (c) => c.connection.headerBytesRead + c.connection.bodyBytesRead()),
  ro('req.service_id', 'STRING', ALL, 'The service id.', (c) => c.serviceId),
  env('req.customer_id', 'STRING', ALL, "The id of the service's customer account.", 'vcl-edge-customer'),
  ro('req.xid', 'STRING', ALL, 'A unique id of this request.', (c) => c.xid),
  ro('req.vcl', 'STRING', ALL, 'The VCL running: service id, version and generation.', (c) => `${c.serviceId}.${c.vcl.version}_${c.vcl.generation}-${c.vcl.md5}`),
  ro('req.vcl.version', 'INTEGER', ALL, 'The version of the service configuration.', (c) => c.vcl.version),
  ro('req.vcl.generation', 'INTEGER', ALL, 'How often this configuration was loaded (1 locally: one load).', (c) => c.vcl.generation),
  ro('req.vcl.md5', 'STRING', ALL, 'The MD5 of the VCL source (the main file and its includes, in load order).', (c) => c.vcl.md5),
];
