// VCL INTEGER: a signed 64-bit integer, as on Fastly. A value is a JS number while it is a safe integer
// (|n| ≤ 2^53 - 1, the common case: the hot path stays plain numbers) and a bigint beyond it. Every value
// made here is normalised (a bigint never holds a safe integer), so two INTEGERs are equal iff `===`.
// Arithmetic wraps around in two's complement, as C's int64 does on Fastly's edge.

export type Int = number | bigint;

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = -SAFE_MAX;

/** A bigint as an INTEGER: wrapped to 64 bits, a number again when it is safe. */
export function wrapInt(b: bigint): Int {
  return normalInt(BigInt.asIntN(64, b));
}

/** A bigint already within int64 as an INTEGER (a number when safe). */
function normalInt(b: bigint): Int {
  return b >= SAFE_MIN && b <= SAFE_MAX ? Number(b) : b;
}

/** An INTEGER as a bigint (a fraction a number may carry is cut). */
export function toBigInt(i: Int): bigint {
  return typeof i === 'bigint' ? i : BigInt(Math.trunc(i));
}

/** An INTEGER as the nearest double (for FLOAT, TIME and lengths). */
export function intToNumber(i: Int): number {
  return typeof i === 'bigint' ? Number(i) : i;
}

/**
 * A FLOAT as an INTEGER, cut toward zero. NaN is 0 and values past int64 saturate at its limits (C leaves
 * the cast undefined there; saturating keeps `INTEGER_MAX` as the answer for anything beyond it).
 */
export function intFromFloat(f: number): Int {
  const t = Math.trunc(f);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t; // no -0
  if (Number.isNaN(t)) return 0;
  if (t >= 2 ** 63) return INT64_MAX;
  if (t < -(2 ** 63)) return INT64_MIN;
  return normalInt(BigInt(t));
}

/** A whole number given as a double (an RTIME's seconds, a count) as an INTEGER. */
export function intFromNumber(n: number): Int {
  return Number.isSafeInteger(n) ? n : intFromFloat(n);
}

/** A bigint that may be past int64 as an INTEGER clamped to its limits, and whether it was. */
export function clampInt(b: bigint): { value: Int; clamped: boolean } {
  if (b > INT64_MAX) return { value: INT64_MAX, clamped: true };
  if (b < INT64_MIN) return { value: INT64_MIN, clamped: true };
  return { value: normalInt(b), clamped: false };
}

/** INTEGER → STRING, every digit (a stray unsafe double prints as the int64 it stands for). */
export function intToString(i: Int): string {
  if (typeof i === 'bigint') return i.toString();
  return Number.isSafeInteger(i) ? String(i) : String(intFromFloat(i));
}

/**
 * An integer literal as written (`42`, `-7`, `0x2A`, `-0x2a`) as its exact value; null when it is past
 * int64 (the checker reports it).
 */
export function parseIntegerLiteral(raw: string): Int | null {
  const negative = raw.startsWith('-');
  const digits = negative ? raw.slice(1) : raw;
  const quick = Number(digits);
  if (Number.isSafeInteger(quick)) return negative ? -quick || 0 : quick;
  const magnitude = BigInt(digits); // decimal, or 0x hex: BigInt reads both
  const value = negative ? -magnitude : magnitude;
  return value > INT64_MAX || value < INT64_MIN ? null : normalInt(value);
}

/** An integer literal's value: its parsed double while safe, else exact from its text (past int64 the checker reports it). */
export function integerLiteralValue(literal: { value: number; raw: string }): Int {
  return Number.isSafeInteger(literal.value) ? literal.value : (parseIntegerLiteral(literal.raw) ?? literal.value);
}

/** Why an integer literal cannot be (it is past int64), or null: the checker's message. */
export function integerLiteralProblem(literal: { value: number; raw: string }): string | null {
  if (Number.isSafeInteger(literal.value) || parseIntegerLiteral(literal.raw) !== null) return null;
  return `${literal.raw} is out of the INTEGER range (${INT64_MIN} to ${INT64_MAX})`;
}

// ---------- Arithmetic (two's complement, wrapping) ----------

/** a + b, a - b, a * b with a number result while it stays safe, else exact and wrapped. */
export function intAdd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return wrapInt(toBigInt(a) + toBigInt(b));
}

export function intSub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return wrapInt(toBigInt(a) - toBigInt(b));
}

export function intMul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // no -0
  }
  return wrapInt(toBigInt(a) * toBigInt(b));
}

/** a / b cut toward zero (C's), and a % b with the sign of a; callers handle b = 0. INT64_MIN / -1 wraps. */
export function intDiv(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) || 0;
  return wrapInt(toBigInt(a) / toBigInt(b));
}

export function intMod(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return a % b || 0;
  return wrapInt(toBigInt(a) % toBigInt(b));
}

/** -a (INT64_MIN stays itself, as in two's complement). */
export function intNeg(a: Int): Int {
  return typeof a === 'number' ? -a || 0 : wrapInt(-a);
}
