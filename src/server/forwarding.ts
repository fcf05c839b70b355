// Request headers a proxy adjusts on the way to the origin.
import type { Headers } from '../values/headers.js';
import type { BackendTarget } from './backends.js';

/** Set Host to the backend's `.host_header` override when it has one; keep the client's otherwise. */
export function applyHostHeader(headers: Headers, target: Pick<BackendTarget, 'hostHeader'>): Headers {
  if (target.hostHeader !== null) headers.set('Host', target.hostHeader);
  return headers;
}

// X-Forwarded-For is Fastly's to add when the request arrives (values/client-headers.ts), before VCL.
export { appendForwardedFor } from '../values/client-headers.js';
