// beresp.*: the backend response in vcl_fetch, how it is cached, and the connection it came over
// (headers: the beresp.http family).
import type { RequestContext } from '../../values/context.js';
import { ALL, at, inert, ro, rw, type VariableSpec } from './spec.js';
import { intToNumber, type Int } from '../../values/int64.js';

const FETCH = at('fetch');
const peer = (c: RequestContext) => c.beresp?.peer ?? null;

export const BERESP_VARIABLES: readonly VariableSpec[] = [
  rw('beresp.status', 'INTEGER', FETCH, 'The status of the backend response.', (c) => c.beresp?.status ?? 0, (c, v) => c.beresp && (c.beresp.status = intToNumber(v as Int))),
  rw('beresp.response', 'STRING', FETCH, 'The reason phrase of the backend response.', (c) => c.beresp?.response ?? null, (c, v) => c.beresp && (c.beresp.response = v as string | null)),
  ro('beresp.proto', 'STRING', FETCH, 'The protocol of the backend response.', (c) => c.beresp?.proto ?? null),
  ro('beresp.headers', 'ID', FETCH, 'The backend response headers as a whole.', () => 'beresp'),
  rw('beresp.ttl', 'RTIME', FETCH, 'How long the object is cached.', (c) => c.beresp?.ttl ?? 0, (c, v) => c.beresp && (c.beresp.ttl = v as number)),
  rw('beresp.grace', 'RTIME', FETCH, 'How long past its TTL the object may be served.', (c) => c.beresp?.grace ?? 0, (c, v) => c.beresp && (c.beresp.grace = v as number)),
  rw('beresp.stale_while_revalidate', 'RTIME', FETCH, 'How long past its TTL the object may be served while it is fetched again.', (c) => c.beresp?.staleWhileRevalidate ?? 0, (c, v) => c.beresp && (c.beresp.staleWhileRevalidate = v as number)),
  rw('beresp.stale_if_error', 'RTIME', FETCH, 'How long past its TTL the object may be served when the backend fails.', (c) => c.beresp?.staleIfError ?? 0, (c, v) => c.beresp && (c.beresp.staleIfError = v as number)),
  rw('beresp.cacheable', 'BOOL', FETCH, 'Whether the response may be cached.', (c) => c.beresp?.cacheable ?? false, (c, v) => c.beresp && (c.beresp.cacheable = v === true)),
  rw('beresp.do_esi', 'BOOL', FETCH, 'Whether to process ESI in the body.', (c) => c.beresp?.doEsi ?? false, (c, v) => c.beresp && (c.beresp.doEsi = v === true)),
  rw('beresp.do_stream', 'BOOL', FETCH, 'Whether to stream the body to the client while it arrives.', (c) => c.beresp?.doStream ?? true, (c, v) => c.beresp && (c.beresp.doStream = v === true)),
  inert('beresp.gzip', 'BOOL', FETCH, 'Compress the object with gzip before caching it.', false, 'accepted and readable; the body is stored as the origin sent it'),
  inert('beresp.brotli', 'BOOL', FETCH, 'Compress the object with Brotli before caching it.', false, 'accepted and readable; the body is stored as the origin sent it'),
  inert('beresp.hipaa', 'BOOL', FETCH, 'Keep the object in memory only (HIPAA).', false, 'accepted and readable; the local cache is memory only anyway'),
  inert('beresp.pci', 'BOOL', FETCH, 'Keep the object in memory only (PCI).', false, 'accepted and readable; the local cache is memory only anyway'),
  { ...inert('beresp.saintmode', 'RTIME', FETCH, 'Mark this backend unhealthy for this object for a while (saint mode).', 0, 'accepted; no effect: health comes from probes only'), read: [] },
  // Read after vcl_fetch too, and "" when no backend answered (the page's current text; its table row says fetch).
  ro('beresp.backend.name', 'STRING', at('fetch,deliver,error,log'), 'The backend that answered; empty when none did.', (c) => c.beresp?.backendName ?? ''),
  ro('beresp.backend.host', 'STRING', at('fetch,deliver,error,log'), 'The .host of the backend that answered.', (c) => {
    const name = c.beresp?.backendName ?? c.req.backend;
    return name === null ? null : (c.backendSettings.get(name)?.host ?? null);
  }),
  ro('beresp.backend.ip', 'IP', FETCH, 'The address the response came from.', (c) => peer(c)?.ip ?? null),
  ro('beresp.backend.port', 'INTEGER', FETCH, 'The port the response came from.', (c) => peer(c)?.port ?? 0),
  ro('beresp.backend.src_ip', 'IP', ALL, 'The local address of the connection to the backend.', (c) => peer(c)?.srcIp ?? null),
  ro('beresp.backend.src_port', 'INTEGER', ALL, 'The local port of the connection to the backend.', (c) => peer(c)?.srcPort ?? 0),
  ro('beresp.backend.requests', 'INTEGER', FETCH, 'Requests made on the backend connection, this one included.', (c) => peer(c)?.requests ?? 0),
  ro('beresp.backend.alternate_ips', 'STRING', FETCH, 'Other addresses of the backend host, for a retry.', () => '', { local: 'always empty: one address per backend' }),
  ro('beresp.handshake_time_to_origin_ms', 'INTEGER', FETCH, 'Milliseconds to connect to the backend (TCP and TLS); 0 on a reused connection.', (c) => peer(c)?.handshakeMs ?? 0),
  ro('beresp.used_alternate_path_to_origin', 'BOOL', FETCH, 'Whether the fetch went over an alternate network path.', () => false, { local: 'always false: one path' }),
];
