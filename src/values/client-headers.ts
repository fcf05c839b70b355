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
 * Add what Fastly adds on arrival, and say how many bytes of header lines that is (the client did not
 * send them: req.header_bytes_read leaves them out). Fastly-Client-IP is client.ip unless the client sent
 * one (Fastly keeps a client's own); X-Forwarded-For gets client.ip appended on a TLS connection only
 * ("Fastly modifies the XFF header only on secure connections").
 * https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Client-IP/
 * https://www.fastly.com/documentation/reference/http/http-headers/X-Forwarded-For/
 */
export function addArrivalHeaders(headers: Headers, clientIp: string, isTls: boolean): number {
  let added = 0;
  if (headers.getLower('fastly-client-ip') === null) {
    headers.setLower('Fastly-Client-IP', 'fastly-client-ip', clientIp); // every request: no lower-casing
    added += lineBytes('Fastly-Client-IP', clientIp);
  }
  if (isTls) {
    const before = forwardedForBytes(headers);
    appendForwardedFor(headers, clientIp);
    added += forwardedForBytes(headers) - before;
  }
  // Fastly's own mark, never the client's: removed on arrival, before it is set for a cookie too long.
  if (headers.getLower('fastly-cookie-overflow') !== null) added -= removeAll(headers, 'fastly-cookie-overflow', 'Fastly-Cookie-Overflow');
  if (headers.getLower('cookie') !== null) added += cookieOverflow(headers);
  return added;
}

/** Remove every `lower` header; the bytes of the lines the client sent (VCL no longer sees them). */
function removeAll(headers: Headers, lower: string, name: string): number {
  const sent = headers.getAll(lower).reduce((sum, v) => sum + lineBytes(name, v), 0);
  headers.deleteLower(lower);
  return sent;
}

/** Fastly's limit on the Cookie header (constraints-and-limitations). */
const COOKIE_LIMIT = 32 * 1024;

/**
 * Cookies over the limit: "the cookie header will be unset and Fastly will set
 * req.http.Fastly-Cookie-Overflow = "1", then run your VCL as normal". The bytes of the added line less
 * those of the Cookie lines the client sent and VCL no longer sees.
 */
function cookieOverflow(headers: Headers): number {
  const cookies = headers.getAll('cookie');
  if (cookies.reduce((sum, v) => sum + byteLength(v), 0) <= COOKIE_LIMIT) return 0;
  const removed = removeAll(headers, 'cookie', 'Cookie');
  headers.set('Fastly-Cookie-Overflow', '1');
  return lineBytes('Fastly-Cookie-Overflow', '1') - removed;
}

/** The bytes of a `Name: value\r\n` line. */
function lineBytes(name: string, value: string): number {
  return name.length + byteLength(value) + 4;
}

function forwardedForBytes(headers: Headers): number {
  return headers.getAll('x-forwarded-for').reduce((sum, v) => sum + lineBytes('X-Forwarded-For', v), 0);
}
