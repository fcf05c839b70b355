// Serialises the upgrade request exactly as the caller gave it: request line, then every
// header in order with its name's case intact. Nothing is added, removed or folded.

import type { TunnelRequest } from './types.js';

// RFC 9110 token characters for methods and header names.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Anything that could end a line or the head early: CR, LF, NUL.
const LINE_BREAKERS = /[\r\n\0]/;
// Request targets never contain spaces or control characters.
const BAD_TARGET = /[\x00-\x20\x7f]/;

/** The request head bytes, or an Error saying which part would corrupt the stream. */
export function serializeRequestHead(request: TunnelRequest): Buffer | Error {
  const { method, url, headers } = request;
  if (!TOKEN.test(method)) return new Error(`invalid request method ${JSON.stringify(method)}`);
  if (url.length === 0 || BAD_TARGET.test(url)) return new Error(`invalid request URL ${JSON.stringify(url)}`);

  let head = `${method} ${url} HTTP/1.1\r\n`;
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) return new Error(`invalid header name ${JSON.stringify(name)}`);
    if (LINE_BREAKERS.test(value)) return new Error(`invalid value for header ${name}: contains CR, LF or NUL`);
    head += `${name}: ${value}\r\n`;
  }
  head += '\r\n';
  // latin1 keeps each char code as one byte, as Node's own HTTP client does for header values.
  return Buffer.from(head, 'latin1');
}
