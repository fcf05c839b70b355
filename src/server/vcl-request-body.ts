// req.body for VCL: Fastly gives VCL the body of a POST or PUT of up to 8 KB. When the service's VCL
// reads req.body (or req.postbody / req.body.base64), such a body is read before vcl_recv and then sent
// to the origin from memory; any other body streams through untouched and VCL sees req.body not set.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { RequestBody } from './request-body.js';

/** Fastly's limit on the body VCL can read (builtins/variables/request-body.ts applies it too). */
const VCL_BODY_LIMIT = 8 * 1024;
const READS_BODY = /\breq\.(?:body|postbody)\b/i;

/** Does any source of the service read req.body? (Then small POST/PUT bodies are read up front.) */
export function readsRequestBody(sources: ReadonlyMap<string, string>): boolean {
  for (const text of sources.values()) if (READS_BODY.test(text)) return true;
  return false;
}

/**
 * Whether this request's body is one VCL gets: POST or PUT with a Content-Length within the limit. With
 * no Content-Length nor Transfer-Encoding the body is empty: VCL reads "" (falco's req.body table).
 */
function bodyForVcl(req: IncomingMessage): boolean {
  if (req.method !== 'POST' && req.method !== 'PUT') return false;
  const declared = req.headers['content-length'];
  const length = declared === undefined ? 0 : Number(declared);
  return req.headers['transfer-encoding'] === undefined && Number.isSafeInteger(length) && length >= 0 && length <= VCL_BODY_LIMIT;
}

/** Read the whole (small) body; null when the client goes away first. */
function readAll(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => resolve(null));
    req.once('close', () => resolve(req.complete ? Buffer.concat(chunks) : null));
  });
}

/**
 * The body read for VCL and a RequestBody that sends it on from memory; null when VCL does not get this
 * body (the caller then streams it as usual).
 */
export async function readBodyForVcl(req: IncomingMessage): Promise<{ bytes: Buffer; body: RequestBody } | null> {
  if (!bodyForVcl(req)) return null;
  const bytes = await readAll(req);
  if (bytes === null) return null;
  return { bytes, body: new RequestBody(true, () => Readable.from([bytes]), () => undefined) };
}
