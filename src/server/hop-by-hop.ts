// Headers that describe one connection rather than the message (RFC 9110 §7.6.1): a proxy must not
// forward them, in either direction.
import type { Headers } from '../values/headers.js';

/** Always connection-specific, whether or not Connection lists them. */
export const HOP_BY_HOP_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** The same, as a set of lower-case names (Headers.lowerAt's form). */
export const FIXED_HOP_BY_HOP: ReadonlySet<string> = new Set(HOP_BY_HOP_HEADERS);

/**
 * Remove the fixed hop-by-hop set only (in place): for a request after VCL. What the client's
 * Connection named went before VCL ran (admission.ts); anything left was put there by VCL.
 */
export function stripFixedHopByHop(headers: Headers): Headers {
  headers.filterLower(isNotFixedHopByHop);
  return headers;
}

const isNotFixedHopByHop = (lower: string): boolean => !FIXED_HOP_BY_HOP.has(lower);

/** Remove Connection, every header Connection names, and the fixed hop-by-hop set (in place): for a message as it arrives. */
export function stripHopByHop(headers: Headers): Headers {
  // Most answers carry `Connection: keep-alive` (or close): names nothing beyond the fixed set.
  let named: string[] | null = null;
  for (const value of headers.getAll('connection')) {
    for (const token of value.split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '' && !FIXED_HOP_BY_HOP.has(name)) (named ??= []).push(name);
    }
  }
  if (named === null) return stripFixedHopByHop(headers);
  const doomed = named;
  headers.filterLower((lower) => !FIXED_HOP_BY_HOP.has(lower) && !doomed.includes(lower));
  return headers;
}
