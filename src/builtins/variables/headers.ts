// The header families (`req.http.NAME`, `bereq.http.NAME`…) and the headers VCL may not touch.
// Headers may be read, set and unset wherever Fastly's table says their object is available.
import { at } from './spec.js';
import type { HeaderFamilySpec } from './families.js';

/** Headers protected by Fastly: VCL may not set or unset them. */
export const PROTECTED_HEADERS = new Set([
  'upgrade',
  'content-length',
  'content-range',
  'te',
  'trailer',
  'expect',
  'transfer-encoding',
  'proxy-authenticate',
  'proxy-authorization',
  'fastly-ff',
]);

function headers(prefix: string, scopes: string, doc: string): HeaderFamilySpec {
  const list = at(scopes);
  return { prefix, scope: prefix.slice(0, prefix.indexOf('.')) as HeaderFamilySpec['scope'], read: list, write: list, doc };
}

export const HEADER_FAMILIES: readonly HeaderFamilySpec[] = [
  headers('req.http.', 'recv,hash,hit,miss,pass,fetch,error,deliver,log,pipe', 'A header of the client request.'),
  headers('bereq.http.', 'pass,miss,fetch,pipe', 'A header of the backend request.'),
  headers('beresp.http.', 'fetch', 'A header of the backend response.'),
  headers('obj.http.', 'hit,error', 'A header of the cached or synthetic object.'),
  headers('resp.http.', 'deliver,log', 'A header of the response to the client.'),
];
