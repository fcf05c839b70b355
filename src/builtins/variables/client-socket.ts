// client.socket.*: the TCP state of the client connection. Node does not expose the kernel's TCP_INFO,
// so the tcpi_* counters read 0; the congestion settings VCL may write are kept and read back.
import type { TypeName } from '../../ast/ast.js';
import { at, inert, ro, type VariableSpec } from './spec.js';

const SOCKET = at('recv,error,deliver,log');
const WITH_FETCH = at('recv,error,fetch,deliver,log');
const NO_TCP_INFO = "0: Node does not expose the kernel's TCP_INFO";

const TCPI = [
  'advmss', 'bytes_acked', 'bytes_received', 'data_segs_in', 'data_segs_out', 'delivery_rate', 'delta_retrans', 'last_data_sent', 'max_pacing_rate',
  'min_rtt', 'notsent_bytes', 'pacing_rate', 'pmtu', 'rcv_mss', 'rcv_rtt', 'rcv_space', 'rcv_ssthresh', 'reordering', 'rtt', 'rttvar', 'segs_in',
  'segs_out', 'snd_mss', 'snd_ssthresh', 'total_retrans',
];

function tcpi(prefix: string, field: string, scopes: typeof SOCKET, type: TypeName = 'INTEGER'): VariableSpec {
  return ro(`${prefix}.tcpi_${field}`, type, scopes, `The kernel's tcpi_${field} for the connection.`, () => 0, { local: NO_TCP_INFO });
}

export const CLIENT_SOCKET_VARIABLES: readonly VariableSpec[] = [
  ...TCPI.map((f) => tcpi('client.socket', f, SOCKET)),
  ro('client.socket.tcpi_snd_cwnd', 'INTEGER', WITH_FETCH, "The kernel's tcpi_snd_cwnd for the connection.", () => 0, { local: NO_TCP_INFO }),
  ro('client.socket.tcp_info', 'BOOL', SOCKET, 'Whether the tcpi_* values were read from the kernel.', () => false, { local: 'false: see tcpi_*' }),
  ro('client.socket.ploss', 'FLOAT', SOCKET, 'The estimated packet loss of the connection.', () => 0, { local: NO_TCP_INFO }),
  ro('client.socket.nexthop', 'IP', SOCKET, 'The next hop toward the client (its address on a local network).', (c) => c.clientIp),
  inert('client.socket.congestion_algorithm', 'STRING', SOCKET, 'The TCP congestion control algorithm of the connection.', 'cubic', 'kept and read back; the socket keeps the system default'),
  inert('client.socket.cwnd', 'INTEGER', WITH_FETCH, 'The congestion window of the connection.', 0, 'kept and read back; no effect on the socket'),
  inert('client.socket.pace', 'INTEGER', SOCKET, 'The pacing rate of the connection, in KB/s (0: none).', 0, 'kept and read back; no effect on the socket'),
];

/** backend.socket.*: the same counters for the backend connection, in vcl_fetch. */
export const BACKEND_SOCKET_VARIABLES: readonly VariableSpec[] = [
  ...TCPI.map((f) => tcpi('backend.socket', f, at('fetch'))),
  ro('backend.socket.tcpi_snd_cwnd', 'INTEGER', at('fetch'), "The kernel's tcpi_snd_cwnd for the backend connection.", () => 0, { local: NO_TCP_INFO }),
  ro('backend.socket.cwnd', 'INTEGER', at('fetch'), 'The congestion window of the backend connection.', () => 0, { local: NO_TCP_INFO }),
  ro('backend.socket.congestion_algorithm', 'STRING', at('fetch'), 'The TCP congestion control algorithm of the backend connection.', () => 'cubic', { local: '"cubic", the usual system default' }),
];
