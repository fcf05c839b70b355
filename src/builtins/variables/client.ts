// client.*: the client and its connection (geolocation, device and socket are their own files).
import { ALL, env, inert, ro, rw, str, type VariableSpec } from './spec.js';

export const CLIENT_VARIABLES: readonly VariableSpec[] = [
  // client.ip has a setter for test files only (a test may prepare a request from another address):
  // its write scopes are empty, so main VCL cannot set it.
  { ...ro('client.ip', 'IP', ALL, 'The IP address of the client.', (c) => c.clientIp), set: (c, v) => (c.clientIp = str(v)) },
  ro('client.port', 'INTEGER', ALL, "The client's port.", (c) => c.connection.clientPort),
  rw('client.identity', 'STRING', ALL, 'Who the client is, for the client director (defaults to client.ip).', (c) => c.clientIdentity ?? c.clientIp, (c, v) => (c.clientIdentity = v === null ? null : String(v))),
  ro('client.requests', 'INTEGER', ALL, 'Requests made on this client connection, this one included.', (c) => c.connection.requests),
  inert('client.sess_timeout', 'RTIME', ALL, 'How long an idle client connection is kept open.', 5_000, "accepted and readable; Node's keep-alive timeout applies"),
  env('client.identified', 'INTEGER', ALL, 'Whether device detection identified every feature of the client (1) or not (0).', 0),
];
