// The headers Fastly adds to a client's request when it first sees it, before vcl_recv runs: VCL reads
// them and may change them, and what VCL leaves is what the origin gets.
import { byteLength } from './bytes.js';
import type { Headers } from './headers.js';

/** Append the client's address to X-Forwarded-For (creating it), folding repeated headers into one. */
export function appendForwardedFor(headers: Headers, clientIp: string): Headers {
  const earlier = headers
    .getAll('x-forwarded-for')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  headers.set('X-Forwarded-For', [...earlier, clientIp].join(', '));
  return headers;
}

/**
 * Add what Fastly adds on arrival (the client did not send them: req.header_bytes_read, counted before,
 * leaves them out). Fastly-Client-IP is client.ip unless the client sent one (Fastly keeps a client's
 * own); X-Forwarded-For gets client.ip appended on a TLS connection only ("Fastly modifies the XFF
 * header only on secure connections").
 * https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Client-IP/
 * https://www.fastly.com/documentation/reference/http/http-headers/X-Forwarded-For/
 */
export function addArrivalHeaders(headers: Headers, clientIp: string, isTls: boolean): void {
  if (headers.getLower('fastly-client-ip') === null) headers.setLower('Fastly-Client-IP', 'fastly-client-ip', clientIp); // every request: no lower-casing
  if (isTls) appendForwardedFor(headers, clientIp);
  // Fastly's own mark, never the client's: removed on arrival, before it is set for a cookie too long.
  if (headers.getLower('fastly-cookie-overflow') !== null) headers.deleteLower('fastly-cookie-overflow');
  if (headers.getLower('cookie') !== null) cookieOverflow(headers);
}

/** Fastly's limit on the Cookie header (constraints-and-limitations). */
const COOKIE_LIMIT = 32 * 1024;

/**
 * Cookies over the limit: "the cookie header will be unset and Fastly will set
 * req.http.Fastly-Cookie-Overflow = "1", then run your VCL as normal".
 */
function cookieOverflow(headers: Headers): void {
  if (surelyFits(headers, 'cookie', COOKIE_LIMIT)) return;
  const cookies = headers.getAll('cookie');
  if (cookies.reduce((sum, v) => sum + byteLength(v), 0) <= COOKIE_LIMIT) return;
  headers.deleteLower('cookie');
  headers.set('Fastly-Cookie-Overflow', '1');
}

/**
 * Whether the values of header `lower` surely fit in `limit` bytes, counted without encoding them: a UTF-16
 * unit is at most 3 bytes of UTF-8 (an escaped byte is 1, a surrogate pair 4 for its 2 units). Every request
 * with a Cookie asks, and a cookie is seldom more than a few hundred characters.
 */
function surelyFits(headers: Headers, lower: string, limit: number): boolean {
  let units = 0;
  for (let i = 0; i < headers.size; i++) if (headers.lowerAt(i) === lower) units += headers.valueAt(i).length;
  return units * 3 <= limit;
}
