// String ↔ number conversions: std.atoi, std.strtol, std.atof, std.itoa.
import { int, text } from './args.js';
import type { FunctionSpec } from './types.js';

export const NUMBER_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'std.atoi',
    returns: 'INTEGER',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Leading decimal integer of the string (as std.strtol base 10); 0 when none.',
    impl: (_ctx, s: string | null) => strtol(text(s), 10),
  },
  {
    name: 'std.strtol',
    returns: 'INTEGER',
    params: ['STRING', 'INTEGER'],
    paramNames: ['s', 'base'],
    doc: 'Leading integer in the given base (2-36, or 0 to detect 0x / 0 prefixes); 0 when none.',
    impl: (_ctx, s: string | null, base: number) => strtol(text(s), int(base)),
  },
  {
    name: 'std.atof',
    returns: 'FLOAT',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Leading decimal floating-point number of the string; 0 when none.',
    impl: (_ctx, s: string | null) => atof(text(s)),
  },
  {
    name: 'std.itoa',
    returns: 'STRING',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['value', 'base'],
    optional: 1,
    doc: 'The integer as text in base 2-36 (default 10), digits 0-9a-z, no prefix.',
    impl: (_ctx, value: number, base = 10) => {
      const b = int(base);
      if (b < 2 || b > 36) return null; // Fastly sets fastly.error = EINVAL
      return int(value).toString(b);
    },
  },
];

/**
 * C strtol: optional whitespace and sign, then digits of `base`; trailing text ignored.
 * Base 0 picks 16 for "0x", 8 for a leading "0", else 10; base 16 also accepts a "0x" prefix.
 */
export function strtol(s: string, base: number): number {
  const m = /^\s*([+-]?)(.*)$/s.exec(s)!;
  const sign = m[1] === '-' ? -1 : 1;
  let rest = m[2]!;
  let radix = base;
  const hexPrefix = /^0[xX][0-9a-fA-F]/.test(rest);
  if (radix === 0) radix = hexPrefix ? 16 : rest.startsWith('0') ? 8 : 10;
  if (radix < 2 || radix > 36) return 0; // Fastly: fastly.error = ERANGE
  if (radix === 16 && hexPrefix) rest = rest.slice(2);
  let value = 0;
  for (const ch of rest) {
    const digit = Number.parseInt(ch, 36);
    if (Number.isNaN(digit) || digit >= radix) break;
    value = value * radix + digit;
  }
  return sign * value;
}

/** C strtod for decimal input (sign, digits, fraction, exponent, inf, nan). */
export function atof(s: string): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s);
  if (m) return Number.parseFloat(m[1]!);
  const special = /^\s*([+-]?)(inf(?:inity)?|nan)/i.exec(s);
  if (!special) return 0;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}
