// String ↔ number conversions: std.atoi, std.strtol, std.atof, std.strtof, std.itoa, std.itoa_charset.
// Failures set fastly.error as the pages say (EPARSENUM: no number; ERANGE: bad base or overflow;
// EINVAL: bad base or charset). INTEGERs are exact int64 (values/int64.ts): a number while safe, a bigint beyond.
import { fromBytes, toBytes } from '../../values/bytes.js';
import type { FunctionContext } from '../../values/function-context.js';
import { int, text } from './args.js';
import { clampInt, toBigInt, type Int } from '../../values/int64.js';
import { parseFloatLiteral } from './float-literal.js';
import type { FunctionSpec } from './types.js';

export const NUMBER_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'std.atoi',
    returns: 'INTEGER',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Leading decimal integer of the string (as std.strtol base 10); 0 and EPARSENUM when none.',
    impl: (ctx, s: string | null) => report(ctx, strtol(text(s), 10)),
  },
  {
    name: 'std.strtol',
    returns: 'INTEGER',
    params: ['STRING', 'INTEGER'],
    paramNames: ['s', 'base'],
    doc: 'Leading integer in the given base (2-36, or 0 to detect 0x / 0 prefixes); 0 and EPARSENUM when none.',
    impl: (ctx, s: string | null, base: Int) => report(ctx, strtol(text(s), int(base))),
  },
  {
    name: 'std.atof',
    returns: 'FLOAT',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The string as a decimal FLOAT literal (as std.strtof base 10); 0 and EPARSENUM when it is not one.',
    impl: (ctx, s: string | null) => report(ctx, parseFloatLiteral(text(s), 10)),
  },
  {
    name: 'std.strtof',
    returns: 'FLOAT',
    params: ['STRING', 'INTEGER'],
    paramNames: ['s', 'base'],
    doc: 'The whole string as a FLOAT literal in base 10, 16 (0x prefix required) or 0 (detect), NaN or [+-]inf.',
    checkArgs: (args) => (typeof args[1]?.literal === 'number' ? null : { index: 1, message: 'the base must be a constant' }),
    impl: (ctx, s: string | null, base: Int) => {
      const b = int(base);
      if (b !== 0 && b !== 10 && b !== 16) return report(ctx, { value: 0, error: 'ERANGE' });
      return report(ctx, parseFloatLiteral(text(s), b));
    },
  },
  {
    name: 'std.itoa',
    returns: 'STRING',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['value', 'base'],
    optional: 1,
    doc: 'The integer as text in base 2-36 (default 10), digits 0-9a-z, no prefix; EINVAL for another base.',
    impl: (ctx, value: Int, base: Int = 10) => {
      const b = int(base);
      if (b < 2 || b > 36) return report(ctx, { value: null, error: 'EINVAL' });
      return toBigInt(value).toString(b);
    },
  },
  {
    name: 'std.itoa_charset',
    returns: 'STRING',
    params: ['INTEGER', 'STRING'],
    paramNames: ['value', 'charset'],
    doc: 'The integer in the base of the charset’s length, its bytes as digits (at least two); EINVAL otherwise.',
    impl: (ctx, value: Int, charset: string | null) => {
      const digits = toBytes(text(charset));
      if (digits.length < 2) return report(ctx, { value: null, error: 'EINVAL' });
      return itoaCharset(toBigInt(value), digits);
    },
  },
];

type Outcome<T> = { value: T; error: string | null };

/** Record the error (if any) in fastly.error and hand back the value. */
function report<T>(ctx: FunctionContext, outcome: Outcome<T>): T {
  if (outcome.error) ctx.fastlyError = outcome.error;
  return outcome.value;
}

/** C's isspace: what strtol skips before the number. */
const LEADING_SPACE = /^[ \t\n\v\f\r]*/;
const DIGIT_VALUES = new Map([...'0123456789abcdefghijklmnopqrstuvwxyz'].map((c, i) => [c, i]));

/**
 * C strtol: optional whitespace and sign, then digits of `base`; trailing text ignored.
 * Base 0 picks 16 for "0x", 8 for a leading "0", else 10. A base with the hex digits where "x" is no
 * digit (16 to 33) skips a "0x" prefix before its digits: strtol("0xABC", 24) is 6036 (vintage's
 * table); base 10 reads "0x10" as 0, as C does.
 * Beyond int64 the value clamps to its limit with ERANGE, as C's strtol does.
 */
export function strtol(s: string, base: number): Outcome<Int> {
  if (base !== 0 && (base < 2 || base > 36)) return { value: 0, error: 'ERANGE' };
  let rest = s.slice(LEADING_SPACE.exec(s)![0].length);
  const negative = rest.startsWith('-');
  if (negative || rest.startsWith('+')) rest = rest.slice(1);
  const hexPrefix = /^0[xX][0-9a-fA-F]/.test(rest);
  const radix = base !== 0 ? base : hexPrefix ? 16 : rest.startsWith('0') ? 8 : 10;
  if (radix >= 16 && radix < 34 && /^0[xX]/.test(rest) && leadingDigits(rest.slice(2, 3), radix) !== '') rest = rest.slice(2);
  const digits = leadingDigits(rest, radix);
  if (digits === '') return { value: 0, error: 'EPARSENUM' };
  // parseInt is exact while the value stays below 2^53; longer runs go through BigInt.
  const fitsDouble = digits.length * Math.log2(radix) <= 53;
  if (fitsDouble) {
    const magnitude = Number.parseInt(digits, radix);
    return { value: negative ? -magnitude : magnitude, error: null };
  }
  const { value, clamped } = clampInt(negative ? -bigIntOfDigits(digits, radix) : bigIntOfDigits(digits, radix));
  return { value, error: clamped ? 'ERANGE' : null };
}

function leadingDigits(s: string, radix: number): string {
  let end = 0;
  while (end < s.length && (DIGIT_VALUES.get(s[end]!.toLowerCase()) ?? 99) < radix) end++;
  return s.slice(0, end);
}

const PAST_INT64 = 2n ** 64n;

function bigIntOfDigits(digits: string, radix: number): bigint {
  const r = BigInt(radix);
  let value = 0n;
  for (const ch of digits.toLowerCase()) {
    value = value * r + BigInt(DIGIT_VALUES.get(ch)!);
    if (value > PAST_INT64) return value; // already out of range: the rest only clamps
  }
  return value;
}

/** The digits of `value` in base digits.length, each digit being one byte of the charset. */
function itoaCharset(value: bigint, digits: Uint8Array): string {
  const base = BigInt(digits.length);
  let magnitude = value < 0n ? -value : value;
  const out: number[] = [];
  do {
    out.push(digits[Number(magnitude % base)]!);
    magnitude /= base;
  } while (magnitude > 0n);
  if (value < 0n) out.push(0x2d); // "-"
  return fromBytes(Uint8Array.from(out.reverse()));
}
