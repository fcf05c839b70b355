// What a built-in function may touch of the request being processed, and the kinds of value that
// only functions take (header references, tables, typed values). The request context implements it.
import type { TypeName } from '../ast/ast.js';
import type { Headers } from './headers.js';
import type { Value } from './values.js';

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

/** What a function may touch of the request being processed. */
export interface FunctionContext {
  headers(scope: HeaderScope): Headers | undefined;
  /** Current time in epoch ms (tests may fix it). */
  now(): number;
  /** Uniform random in [0, 1) (tests may seed it). */
  random(): number;
  /** A random version-4 UUID, or null when randomness is fixed (then it is derived from random()). */
  randomUUID?(): string | null;
}
