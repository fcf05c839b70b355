// Small conversions shared by the function implementations.
import type { Headers } from '../../values/headers.js';
import { HEADER_SCOPES, type FunctionContext, type HeaderScope } from '../../values/function-context.js';

/** A not-set STRING argument read as text: Fastly functions mostly treat it as "". */
export function text(s: string | null | undefined): string {
  return s ?? '';
}

const SCOPES: ReadonlySet<string> = new Set<string>(HEADER_SCOPES);

/** The header list an ID argument (`req`, `resp`, …) names, if it exists in this subroutine. */
export function headersOf(ctx: FunctionContext, where: string): Headers | undefined {
  return SCOPES.has(where) ? ctx.headers(where as HeaderScope) : undefined;
}

/** Whole number from an INTEGER argument (defensive against fractions). */
export function int(n: number): number {
  return Math.trunc(n);
}
