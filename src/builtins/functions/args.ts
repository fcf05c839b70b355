// Small conversions shared by the function implementations.
import type { Headers } from '../../values/headers.js';
import type { Int } from '../../values/int64.js';
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

/**
 * An INTEGER argument as a whole JS number: a count, a length, a base. An int64 past 2^53 (a bigint) becomes
 * its nearest double, which every such use reads as "far too big" (functions needing exact digits take the Int).
 */
export function int(n: Int): number {
  return typeof n === 'bigint' ? Number(n) : Math.trunc(n);
}

/** The low 32 bits of an INTEGER as a C int (what a conversion to a 32-bit parameter keeps). */
export function int32(n: Int): number {
  return typeof n === 'bigint' ? Number(BigInt.asIntN(32, n)) : n | 0;
}
