// Requests to the client connection rather than to the response: HTTP/2 push and header compression,
// the HTTP/3 advertisement, 103 Early Hints and the tarpit. Each is recorded on the request
// (FunctionContext.clientRequests); where vcl-edge sends the response it acts on those it can.
import type { FunctionSpec } from './types.js';
import type { ClientRequests, FunctionContext } from '../../values/function-context.js';
import { int } from './args.js';
import type { Int } from '../../values/int64.js';

/** The value h3.alt_svc advertises: HTTP/3 on the same port, for a day. */
export const ALT_SVC_H3 = 'h3=":443";ma=86400';

/** resp.tarpit's chunk size when none is given (Fastly: 100 bytes). */
const DEFAULT_TARPIT_CHUNK = 100;

/** Fastly tarpits only responses this small. */
export const TARPIT_MAX_BODY = 4000;

/** The longest wait a Node timer holds (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function record(ctx: FunctionContext, change: (requests: ClientRequests) => void): null {
  const requests = ctx.clientRequests?.();
  if (requests) change(requests);
  return null;
}

export const CLIENT_CONNECTION_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'h2.push',
    returns: 'VOID',
    params: ['STRING', 'STRING'],
    paramNames: ['resource', 'as'],
    optional: 1,
    scopes: ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver'],
    doc: 'Push a resource of the same host to an HTTP/2 client before it asks (once per connection).',
    local: 'vcl-edge serves HTTP/1.1, which has no push: the push is recorded on the request (context.client.pushes), not sent.',
    impl: (ctx, resource: string | null, as: string | null = null) =>
      record(ctx, (r) => resource && r.pushes.push({ resource, as })),
  },
  {
    name: 'h2.disable_header_compression',
    returns: 'VOID',
    params: [],
    rest: 'STRING',
    paramNames: ['headers'],
    doc: 'Send the named response headers without HTTP/2 header compression (HPACK indexing).',
    local: 'No effect on vcl-edge\'s HTTP/1.1 responses; the names are recorded (context.client.uncompressedHeaders).',
    impl: (ctx, ...names: (string | null)[]) =>
      record(ctx, (r) => r.uncompressedHeaders.push(...names.filter((n): n is string => !!n).map((n) => n.toLowerCase()))),
  },
  {
    name: 'h3.alt_svc',
    returns: 'VOID',
    params: [],
    paramNames: [],
    doc: 'Advertise HTTP/3 to a client on an older HTTP version with an Alt-Svc header on the eventual response.',
    local: `The response gets \`Alt-Svc: ${ALT_SVC_H3}\` after vcl_deliver (VCL cannot read or unset it; a restart or error keeps it), as Fastly adds it on HTTP/1.1; vcl-edge itself does not serve HTTP/3.`,
    impl: (ctx) => record(ctx, (r) => (r.altSvc = true)),
  },
  {
    name: 'early_hints',
    returns: 'VOID',
    params: ['STRING'],
    rest: 'STRING',
    paramNames: ['header', 'headers'],
    doc: 'Send a 103 Early Hints response with these header lines ("link: </a.js>; rel=preload") before the final one, to HTTP/2 and later clients.',
    local: 'Fastly sends early hints only over HTTP/2 and later; vcl-edge serves HTTP/1.1, so none is sent: the header lines are recorded (context.client.earlyHints).',
    impl: (ctx, ...lines: (string | null)[]) =>
      record(ctx, (r) => r.earlyHints.push(lines.filter((l): l is string => l !== null))),
  },
  {
    name: 'resp.tarpit',
    returns: 'VOID',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['interval_s', 'chunk_size_bytes'],
    optional: 1,
    scopes: ['deliver'],
    doc: `Send a response body of at most ${TARPIT_MAX_BODY} bytes in chunks (default ${DEFAULT_TARPIT_CHUNK} bytes), waiting interval_s seconds before each.`,
    local: '`vcl-edge serve` does this; the test API records it (context.client.tarpit) and does not wait.',
    impl: (ctx, intervalArg: Int, chunkArg: Int = DEFAULT_TARPIT_CHUNK) =>
      record(ctx, (r) => {
        const [interval, chunk] = [int(intervalArg), int(chunkArg)];
        r.tarpit = interval > 0 ? { intervalMs: Math.min(interval * 1000, LONGEST_TIMER_MS), chunkBytes: chunk > 0 ? chunk : DEFAULT_TARPIT_CHUNK } : null;
      }),
  },
];
