// req.body as Fastly gives it: the body of a POST or PUT, at most 8 KB (larger: not set), and as a
// STRING cut at the first NUL byte; req.body.base64 keeps every byte.
import type { RequestContext } from '../../values/context.js';
import { fromBytes, toBytes } from '../../values/bytes.js';

/** Fastly's limit on the body VCL can read. */
export const REQUEST_BODY_LIMIT = 8 * 1024;

function readableBody(c: RequestContext): string | null {
  const method = c.req.method;
  if (method !== 'POST' && method !== 'PUT') return null;
  return c.req.body;
}

/** The body bytes VCL may see, or null (no body, another method, over the limit). */
function bodyBytes(c: RequestContext): Buffer | null {
  const body = readableBody(c);
  if (body === null) return null;
  const bytes = toBytes(body);
  return bytes.length > REQUEST_BODY_LIMIT ? null : bytes;
}

export function requestBody(c: RequestContext): string | null {
  const bytes = bodyBytes(c);
  if (bytes === null) return null;
  const nul = bytes.indexOf(0);
  return fromBytes(nul < 0 ? bytes : bytes.subarray(0, nul));
}

export function requestBodyBase64(c: RequestContext): string | null {
  const bytes = bodyBytes(c);
  return bytes === null ? null : bytes.toString('base64');
}
