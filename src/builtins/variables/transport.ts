// transport.*, quic.* and workspace.*: the client transport and the memory VCL works in. The local
// server speaks HTTP/1.1 over TCP: QUIC counters read 0 unless a run overrides them.
import type { RequestContext } from '../../values/context.js';
import { ALL, at, env, type VariableSpec } from './spec.js';
import { WORKSPACE_BYTES } from '../workspace.js';

const TRANSPORT = at('recv,hash,deliver,log');
const NO_QUIC = '0: no QUIC (HTTP/3) locally';
const QUIC = [
  'cc.cwnd', 'cc.ssthresh', 'num_bytes.received', 'num_bytes.sent', 'num_packets.ack_received', 'num_packets.decryption_failed', 'num_packets.late_acked',
  'num_packets.lost', 'num_packets.received', 'num_packets.sent', 'rtt.latest', 'rtt.minimum', 'rtt.smoothed', 'rtt.variance',
];

/** What the request's own text takes of the workspace is counted as used. */
function workspaceUsed(c: RequestContext): number {
  let used = c.req.url.length;
  for (const [name, value] of c.req.headers.entries()) used += name.length + value.length + 4;
  return Math.min(used, WORKSPACE_BYTES);
}

export const TRANSPORT_VARIABLES: readonly VariableSpec[] = [
  env('transport.type', 'STRING', TRANSPORT, 'The transport of the client connection: tcp or quic.', (c) => (c.req.proto.startsWith('HTTP/3') ? 'quic' : 'tcp')),
  env('transport.bw_estimate', 'INTEGER', TRANSPORT, 'An estimate of the client bandwidth, in kbit/s.', 0, { local: '0: no estimate locally' }),
  ...QUIC.map((f) => env(`quic.${f}`, 'INTEGER', TRANSPORT, `The QUIC connection's ${f.replace(/[._]/g, ' ')}.`, 0, { local: NO_QUIC })),
  env('workspace.bytes_total', 'INTEGER', ALL, 'The size of the request workspace.', WORKSPACE_BYTES),
  env('workspace.bytes_free', 'INTEGER', ALL, 'Bytes of the workspace still free (the request line and headers count as used).', (c) => WORKSPACE_BYTES - workspaceUsed(c)),
  env('workspace.overflowed', 'BOOL', ALL, 'Whether the workspace ran out.', false),
];
