// The header fields of a request to an origin, as Node's flat list, built in one pass over the
// request's headers: no copies of the list, no per-header objects (this runs for every fetch).
import type { Headers } from '../values/headers.js';
import { describeAddress, type BackendTarget } from './backends.js';
import { FIXED_HOP_BY_HOP } from './hop-by-hop.js';

export interface OriginHeadOptions {
  /** Whether a body follows: one of unknown length then goes chunked. */
  hasBody: boolean;
  /** The backend's `.host_header` replaces the client's Host (applyHostHeader). */
  overrideHost?: boolean;
  /** Each value on its way out (toWire for VCL strings); as given when absent. */
  convert?: (value: string) => string;
}

/**
 * `headers` minus the fixed hop-by-hop set, order, case and repeats kept; Host ensured (the
 * backend's address when the request has none) and, for a body of unknown length, chunked framing.
 */
export function originHead(headers: Headers, target: BackendTarget, options: OriginHeadOptions): string[] {
  const { hasBody, convert } = options;
  const hostOverride = options.overrideHost ? target.hostHeader : null;
  const flat: string[] = [];
  let hasHost = false;
  let hasLength = false;
  for (let i = 0; i < headers.size; i++) {
    const lower = headers.lowerAt(i);
    if (FIXED_HOP_BY_HOP.has(lower)) continue;
    let value = headers.valueAt(i);
    if (lower === 'host') {
      if (hostOverride !== null && hasHost) continue; // Headers.set keeps one Host, at the first one's place
      hasHost = true;
      if (hostOverride !== null) value = hostOverride;
    } else if (lower === 'content-length') hasLength = true;
    flat.push(headers.nameAt(i), convert ? convert(value) : value);
  }
  if (!hasHost) flat.push('Host', hostOverride !== null ? (convert ? convert(hostOverride) : hostOverride) : defaultHostHeader(target));
  // With a raw header list Node decides framing up front; a body of unknown length must be chunked.
  if (hasBody && !hasLength) flat.push('Transfer-Encoding', 'chunked');
  return flat;
}

function defaultHostHeader(target: BackendTarget): string {
  const defaultPort = target.tls ? 443 : 80;
  const address = describeAddress(target);
  return target.port === defaultPort ? address.slice(0, address.lastIndexOf(':')) : address;
}
