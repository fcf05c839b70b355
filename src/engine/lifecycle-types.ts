// What the lifecycle (lifecycle.ts) is given and what it decides: the origin's answer, the I/O it
// runs through, and the delivery or tunnel it hands back to the caller.
import type { RequestContext } from '../values/context.js';
import type { OriginPeer } from '../values/connection.js';
import type { Headers } from '../values/headers.js';
import type { HttpCache } from './cache.js';

export interface OriginAnswer<B> {
  status: number;
  statusText: string;
  headers: Headers;
  body: B;
  /** The connection it came over, when there was one (beresp.backend.ip…). */
  peer?: OriginPeer;
}

export interface LifecycleIO<B> {
  /** Send ctx.bereq to the named backend; reject when it cannot be reached (→ 503 via vcl_error). */
  fetch(ctx: RequestContext, backend: string | null): Promise<OriginAnswer<B>>;
  /**
   * Whether a fetch that rejected with `err` never reached the backend (no connection, nothing of
   * the request consumed), so a director may send the request to its next pick. Absent: never.
   */
  mayRetryElsewhere?(ctx: RequestContext, err: unknown): boolean;
  /** Throw away a body that will not be delivered (e.g. after vcl_fetch chose error or restart). */
  discard(body: B): void;
  /** Read a whole body (at most `limitBytes`, else null) for a background revalidation. Absent: none is made. */
  collect?(body: B, limitBytes: number): Promise<Buffer | null>;
  /**
   * Read a body whole when it is at most `limitBytes`, else give back a body that still yields all of
   * it (for a range or conditional miss, answered from the whole object). Absent: such a miss is sent whole.
   */
  buffer?(body: B, limitBytes: number): Promise<{ whole: Buffer } | { rest: B }>;
  cache: HttpCache | null;
}

export type DeliveryBody<B> =
  | { kind: 'none' }
  /** A VCL string: the body is its bytes (toBytes). */
  | { kind: 'synthetic'; text: string }
  | { kind: 'cached'; data: Buffer }
  | { kind: 'origin'; body: B };

export interface Delivery<B> {
  kind: 'deliver';
  ctx: RequestContext;
  status: number;
  statusText: string;
  headers: Headers;
  body: DeliveryBody<B>;
  /** The way the request went: lookup, pass or error (the recv decision, after restarts). */
  state: string;
  cache: 'HIT' | 'MISS' | 'PASS' | null;
  /** For a cacheable origin body: call with the whole body once sent (or null if it was cut short). */
  store?: (body: Buffer | null) => void;
}

export interface Upgrade {
  kind: 'upgrade';
  ctx: RequestContext;
}
