// Request headers a proxy adjusts on the way to the origin.
import type { Headers } from '../values/headers.js';
import type { BackendTarget } from './backends.js';

/** Set Host to the backend's `.host_header` override when it has one; keep the client's otherwise. */
export function applyHostHeader(headers: Headers, target: Pick<BackendTarget, 'hostHeader'>): Headers {
  if (target.hostHeader !== null) headers.set('Host', target.hostHeader);
  return headers;
}

/** Append the client's address to X-Forwarded-For (creating it), folding repeated headers into one. */
export function appendForwardedFor(headers: Headers, clientIp: string): Headers {
  const earlier = headers
    .getAll('x-forwarded-for')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  headers.set('X-Forwarded-For', [...earlier, clientIp].join(', '));
  return headers;
}
