// segmented_caching.*: Fastly's Segmented Caching, read in vcl_log. Objects are cached whole locally:
// these describe the client's Range request (real) and otherwise read as "not segmented".
import type { RequestContext } from '../../values/context.js';
import { at, env, inert, ro, type VariableSpec } from './spec.js';

const LOG = at('log');
const WHOLE = 'objects are cached whole locally (no segments)';

/** `Range: bytes=LOW-HIGH` of the client request: the numbers, -1 where absent. */
function range(c: RequestContext): { low: number; high: number } | null {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(c.req.headers.getLower('range') ?? '');
  if (!m) return null;
  return { low: m[1] ? Number(m[1]) : -1, high: m[2] ? Number(m[2]) : -1 };
}

const flag = (name: string, doc: string) => env(`segmented_caching.${name}`, 'BOOL', LOG, doc, false, { local: WHOLE });
const count = (name: string, doc: string) => env(`segmented_caching.${name}`, 'INTEGER', LOG, doc, 0, { local: WHOLE });

export const SEGMENTED_CACHING_VARIABLES: readonly VariableSpec[] = [
  inert('segmented_caching.block_size', 'INTEGER', at('recv,log'), 'The size of a segment, in bytes.', 1024 * 1024, WHOLE),
  ro('segmented_caching.client_req.is_range', 'BOOL', LOG, 'Whether the client asked for a byte range.', (c) => range(c) !== null),
  ro('segmented_caching.client_req.is_open_ended', 'BOOL', LOG, 'Whether the client range has no end (`bytes=100-`).', (c) => range(c)?.high === -1),
  ro('segmented_caching.client_req.range_low', 'INTEGER', LOG, 'The first byte the client asked for (-1: none).', (c) => range(c)?.low ?? -1),
  ro('segmented_caching.client_req.range_high', 'INTEGER', LOG, 'The last byte the client asked for (-1: none).', (c) => range(c)?.high ?? -1),
  count('rounded_req.range_low', 'The client range rounded down to a segment boundary.'),
  count('rounded_req.range_high', 'The client range rounded up to a segment boundary.'),
  count('block_number', 'The segment this request fetched.'),
  count('total_blocks', 'How many segments the response spans.'),
  count('obj.complete_length', 'The length of the whole object.'),
  flag('is_inner_req', 'Whether this request fetches one segment.'),
  flag('is_outer_req', 'Whether this request was split into segment requests.'),
  flag('completed', 'Whether every segment was delivered.'),
  flag('failed', 'Whether a segment failed.'),
  flag('cancelled', 'Whether the segmented delivery was cancelled.'),
  flag('autopurged', 'Whether an inconsistent object was purged.'),
  env('segmented_caching.error', 'STRING', LOG, 'Why the segmented delivery failed.', null, { local: WHOLE }),
];
