// backend.conn.* and backend.socket.*: the connection vcl_fetch's response came over. (The families
// backend.NAME.healthy and backend.NAME.connections_* are in backend-state.ts.)
import { at, ro, type VariableSpec } from './spec.js';
import { BACKEND_SOCKET_VARIABLES } from './client-socket.js';

const FETCH = at('fetch');

export const BACKEND_VARIABLES: readonly VariableSpec[] = [
  ro('backend.conn.is_tls', 'BOOL', FETCH, 'Whether the backend connection uses TLS.', (c) => (c.beresp?.peer?.tlsProtocol ?? null) !== null),
  ro('backend.conn.tls_protocol', 'STRING', FETCH, 'The TLS version of the backend connection (TLSv1.3…); not set without TLS.', (c) => c.beresp?.peer?.tlsProtocol ?? null),
  ...BACKEND_SOCKET_VARIABLES,
];
