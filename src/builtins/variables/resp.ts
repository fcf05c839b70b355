// resp.*: the response to the client in vcl_deliver and vcl_log (headers: the resp.http family).
import { ALL, at, inert, ro, rw, type VariableSpec } from './spec.js';
import { intToNumber, type Int } from '../../values/int64.js';

const RESP = at('deliver,log');
const LOG = at('log');

const NO_STALE = 'false unless set: vcl-edge serves stale objects but does not report it here';

export const RESP_VARIABLES: readonly VariableSpec[] = [
  rw('resp.status', 'INTEGER', RESP, 'The status of the response to the client.', (c) => c.resp?.status ?? 0, (c, v) => c.resp && (c.resp.status = intToNumber(v as Int))),
  rw('resp.response', 'STRING', RESP, 'The reason phrase of the response to the client.', (c) => c.resp?.response ?? null, (c, v) => c.resp && (c.resp.response = v as string | null)),
  ro('resp.proto', 'STRING', RESP, 'The protocol of the response to the client.', (c) => c.resp?.proto ?? null),
  ro('resp.headers', 'ID', RESP, 'The response headers as a whole.', () => 'resp'),
  ro('resp.is_locally_generated', 'BOOL', RESP, 'Whether the response was made by vcl_error (synthetic).', (c) => c.syntheticBody !== null),
  inert('resp.stale', 'BOOL', ALL, 'Whether a stale object is being delivered.', false, NO_STALE),
  inert('resp.stale.is_error', 'BOOL', ALL, 'Whether a stale object is delivered because the backend failed.', false, NO_STALE),
  inert('resp.stale.is_revalidating', 'BOOL', ALL, 'Whether a stale object is delivered while it is revalidated.', false, NO_STALE),
  ro('resp.header_bytes_written', 'INTEGER', LOG, 'Bytes of the status line and headers sent to the client.', (c) => c.responseBytes?.header ?? 0),
  ro('resp.body_bytes_written', 'INTEGER', LOG, 'Bytes of the body sent to the client.', (c) => c.responseBytes?.body ?? 0),
  ro('resp.bytes_written', 'INTEGER', LOG, 'Bytes of the whole response sent to the client.', (c) => (c.responseBytes ? c.responseBytes.header + c.responseBytes.body : 0)),
  ro('resp.completed', 'BOOL', LOG, 'Whether the whole response was sent (the client did not go away first).', (c) => c.responseBytes?.completed ?? false),
];
