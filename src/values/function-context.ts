// What a built-in function may touch of the request being processed, and the kinds of value that
// only functions take (header references, tables, typed values). The request context implements it.
import type { TypeName } from '../ast/ast.js';
import type { Headers } from './headers.js';
import type { Value } from './values.js';
import type { RateLimits } from './rate-limits.js';

/** The objects that carry headers: req.http.*, bereq.http.*, … */
export const HEADER_SCOPES = ['req', 'bereq', 'beresp', 'resp', 'obj'] as const;
export type HeaderScope = (typeof HEADER_SCOPES)[number];

export interface HeaderRef {
  scope: HeaderScope;
  name: string;
}

export interface TypedValue {
  type: TypeName;
  value: Value;
}

export interface VclTable {
  name: string;
  valueType: TypeName;
  entries: Map<string, Value>;
}

/**
 * What VCL asked of the client connection beyond the response itself (h3.alt_svc, h2.push, early_hints,
 * h2.disable_header_compression, resp.tarpit). The functions record it; where the response is sent acts on it.
 */
export interface ClientRequests {
  /** h3.alt_svc(): advertise HTTP/3 on the response with an Alt-Svc header. */
  altSvc: boolean;
  /** h2.push(resource[, as]) calls, in order. */
  pushes: { resource: string; as: string | null }[];
  /** early_hints(…) calls: the header lines of each 103 response asked for. */
  earlyHints: string[][];
  /** Header names (lower case) h2.disable_header_compression named. */
  uncompressedHeaders: string[];
  /** resp.tarpit(interval, chunk): send the response body in chunks of chunkBytes, intervalMs apart. */
  tarpit: { intervalMs: number; chunkBytes: number } | null;
}

export function noClientRequests(): ClientRequests {
  return { altSvc: false, pushes: [], earlyHints: [], uncompressedHeaders: [], tarpit: null };
}

/** What a function may touch of the request being processed. */
export interface FunctionContext {
  headers(scope: HeaderScope): Headers | undefined;
  /** Current time in epoch ms (tests may fix it). */
  now(): number;
  /** Uniform random in [0, 1) (tests may seed it). */
  random(): number;
  /** A random version-4 UUID, or null when randomness is fixed (then it is derived from random()). */
  randomUUID?(): string | null;
  /** The ratecounters and penalty boxes of the service (ratelimit.*); null when none is kept. */
  rateLimits?: RateLimits | null;
  /** The client-connection requests of this request, made on first use. */
  clientRequests?(): ClientRequests;
  /** fastly.error: a function records an error here (EREGRECUR, EDOM, …); VCL reads it as fastly.error. */
  fastlyError?: string | null;
}
