// obj.*: the object in cache (vcl_hit, vcl_deliver) or the synthetic one vcl_error builds
// (headers: the obj.http family).
import { at, ro, rw, type VariableSpec } from './spec.js';
import { intToNumber, type Int } from '../../values/int64.js';

const HIT_ERROR = at('hit,error');
const HIT_ERROR_LOG = at('hit,error,log');
const SEEN = at('hit,deliver,error,log');

export const OBJ_VARIABLES: readonly VariableSpec[] = [
  rw('obj.status', 'INTEGER', HIT_ERROR, 'The status of the object.', (c) => c.obj?.status ?? 0, (c, v) => c.obj && (c.obj.status = intToNumber(v as Int))),
  rw('obj.response', 'STRING', HIT_ERROR, 'The reason phrase of the object.', (c) => c.obj?.response ?? null, (c, v) => c.obj && (c.obj.response = v as string | null)),
  ro('obj.proto', 'STRING', HIT_ERROR, 'The protocol of the object.', (c) => c.obj?.proto ?? null),
  ro('obj.headers', 'ID', HIT_ERROR, 'The object headers as a whole.', () => 'obj'),
  rw('obj.ttl', 'RTIME', HIT_ERROR_LOG, 'The time the object has left in cache.', (c) => c.obj?.ttl ?? 0, (c, v) => c.obj && (c.obj.ttl = v as number)),
  rw('obj.grace', 'RTIME', HIT_ERROR_LOG, 'How long past its TTL the object may be served.', (c) => c.obj?.grace ?? 0, (c, v) => c.obj && (c.obj.grace = v as number)),
  ro('obj.stale_if_error', 'RTIME', HIT_ERROR_LOG, 'How long past its TTL the object may be served when the backend fails (beresp.stale_if_error when stored).', (c) => c.obj?.staleIfError ?? 0),
  ro('obj.stale_while_revalidate', 'RTIME', HIT_ERROR_LOG, 'How long past its TTL the object may be served while it is revalidated (beresp.stale_while_revalidate when stored).', (c) => c.obj?.staleWhileRevalidate ?? 0),
  ro('obj.hits', 'INTEGER', at('hit,deliver,log'), 'How often the object was delivered from cache, this time included.', (c) => c.obj?.hits ?? 0),
  ro('obj.lastuse', 'RTIME', SEEN, 'Time since the object was last delivered from cache.', (c) => c.obj?.lastUse ?? 0),
  ro('obj.entered', 'RTIME', SEEN, 'Time since the object was stored.', (c) => c.obj?.entered ?? 0),
  ro('obj.age', 'RTIME', SEEN, 'The age of the object: time since it was stored.', (c) => c.obj?.entered ?? 0),
  ro('obj.cacheable', 'BOOL', at('hit'), 'Whether the object is cacheable.', (c) => c.obj?.cacheable ?? false),
  ro('obj.is_pci', 'BOOL', SEEN, 'Whether the object was stored with beresp.pci.', () => false, { local: 'always false: beresp.pci has no local effect' }),
];
