// fastly.*, fastly_info.* and the odd ones out (LF, stale.exists, esi.allow_inside_cdata).
import type { RequestContext } from '../../values/context.js';
import { ALL, at, env, inert, ro, type VariableSpec } from './spec.js';
import { FASTLY_BOT_VARIABLES } from './client-device.js';
import { SERVER_VARIABLES } from './server.js';

/**
 * The Fastly-FF header names each cache the request went through for this service, one entry per hop
 * (`hash!POP!node`). Its entries are the visits fastly.ff.* count.
 */
function visits(c: RequestContext, samePop: boolean): number {
  const ff = c.req.headers.getLower('fastly-ff');
  if (!ff) return 0;
  const pop = samePop ? String(datacenter(c) ?? '') : null;
  let n = 0;
  for (const entry of ff.split(',')) {
    const parts = entry.trim().split('!');
    if (parts[0] === '') continue;
    if (pop === null || parts[1] === pop) n++;
  }
  return n;
}
const datacenter = SERVER_VARIABLES.find((v) => v.name === 'server.datacenter')!.get;

const STATE = "the engine's path: HIT, MISS, PASS or ERROR once known";

export const FASTLY_VARIABLES: readonly VariableSpec[] = [
  ro('fastly.error', 'STRING', ALL, 'The last error a function or the runtime recorded (EREGRECUR, EDOM, a fetch failure…); `unset` clears it.', (c) => c.fastlyError, {
    unset: (c) => (c.fastlyError = null),
  }),
  ro('fastly.ff.visits_this_service', 'INTEGER', ALL, 'How many caches of this service the request passed before this one (entries of Fastly-FF).', (c) => visits(c, false)),
  ro('fastly.ff.visits_this_pop', 'INTEGER', ALL, 'How many caches of this POP the request passed (Fastly-FF entries naming server.datacenter).', (c) => visits(c, true)),
  ro('fastly.ff.visits_this_pop_this_service', 'INTEGER', at('miss'), 'How many caches of this POP and service the request passed.', (c) => visits(c, true)),
  env('fastly.is_staging', 'BOOL', ALL, 'Whether the request runs on the staging network.', false),
  env('fastly.ddos_detected', 'BOOL', at('recv,hash,deliver,log'), 'Whether the request is part of a detected DDoS attack.', false),
  ...FASTLY_BOT_VARIABLES,
  ro('fastly_info.state', 'STRING', ALL, 'How the request went so far (HIT, MISS, PASS, ERROR…).', (c) => c.cacheState, { local: STATE }),
  ro('fastly_info.is_h2', 'BOOL', ALL, 'Whether the client spoke HTTP/2.', (c) => c.req.proto.startsWith('HTTP/2')),
  ro('fastly_info.is_h3', 'BOOL', ALL, 'Whether the client spoke HTTP/3.', (c) => c.req.proto.startsWith('HTTP/3')),
  ro('fastly_info.edge.is_tls', 'BOOL', ALL, 'Whether the client connection uses TLS.', (c) => c.isTls),
  ro('fastly_info.host_header', 'STRING', ALL, 'The Host header as the client sent it.', (c) => c.receivedHost),
  ro('fastly_info.request_id', 'STRING', at('recv,hash,deliver,log'), 'A unique id of this request (req.xid).', (c) => c.xid),
  ro('fastly_info.h2.is_push', 'BOOL', at('recv,hash,deliver,log'), 'Whether this is an HTTP/2 server push.', () => false),
  ro('fastly_info.h2.stream_id', 'INTEGER', at('recv,hash,deliver,log'), 'The HTTP/2 stream id (0 without HTTP/2).', () => 0),
  env('fastly_info.h2.fingerprint', 'STRING', ALL, 'A fingerprint of the HTTP/2 client settings.', '', { local: 'empty: the local server speaks HTTP/1.1' }),
  env('fastly_info.oh_fingerprint', 'STRING', ALL, 'A fingerprint of the order of the request headers.', ''),
  ro('fastly_info.is_cluster_edge', 'BOOL', at('deliver'), 'Whether this cache sent the request on to another of the POP.', () => false, { local: 'always false: one cache' }),
  ro('fastly_info.is_cluster_shield', 'BOOL', at('miss,fetch'), 'Whether this cache fetches for another of the POP.', () => false, { local: 'always false: one cache' }),
  env('fastly_info.version', 'STRING', ALL, 'The version of the cache software.', 'vcl-edge'),
  ro('LF', 'STRING', ALL, 'A line feed (newline) character.', () => '\n'),
  ro('stale.exists', 'STRING', ALL, 'Whether a stale copy of the object is in cache.', (c) => (c.staleExists ? '1' : null)),
  inert('esi.allow_inside_cdata', 'BOOL', at('recv,fetch,error,deliver'), 'Whether ESI tags inside CDATA sections are processed.', false, 'kept and read back; ESI is not processed locally'),
];
