// std.strtof's number syntax: VCL FLOAT literals in base 10 (`-1.2e-3`) and 16 (`0xA.Bp-3`), plus
// `NaN` and `[+-]inf`, parsed whole (no whitespace, nothing after) and rounded to the nearest double
// with ties away from zero, as Fastly's page says. JavaScript's Number() rounds ties to even, so
// inputs that could be an exact tie go through exact BigInt arithmetic instead.

export type FloatParse = { value: number; error: null } | { value: number; error: 'EPARSENUM' | 'ERANGE' };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]+)(?:\.([0-9a-fA-F]+))?(?:[pP]([+-]?\d+))?$/;
const SPECIAL: ReadonlyMap<string, number> = new Map([['NaN', Number.NaN], ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity]]);

/** Parse `s` in base 10, 16 or 0 (0: `0x` means 16, else 10). The base must match the prefix. */
export function parseFloatLiteral(s: string, base: 0 | 10 | 16): FloatParse {
  const special = SPECIAL.get(s);
  if (special !== undefined) return { value: special, error: null };
  const hex = HEX.exec(s);
  if (hex) return base === 10 ? failed() : finish(hex[1]!, hexMagnitude(hex[2]!, hex[3] ?? '', Number(hex[4] ?? 0)));
  const dec = DECIMAL.exec(s);
  if (dec) return base === 16 ? failed() : finish(dec[1]!, decimalMagnitude(dec[2]!, dec[3] ?? '', Number(dec[4] ?? 0)));
  return failed();
}

function failed(): FloatParse {
  return { value: 0, error: 'EPARSENUM' };
}

function finish(sign: string, magnitude: number): FloatParse {
  const value = sign === '-' ? -magnitude : magnitude;
  return magnitude === Infinity ? { value, error: 'ERANGE' } : { value, error: null };
}

/** |whole.fraction × 10^exponent| as the nearest double, ties away from zero. */
function decimalMagnitude(whole: string, fraction: string, exponent: number): number {
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return 0;
  const scale = exponent - fraction.length;
  const magnitudeOf10 = scale + digits.length; // value < 10^magnitudeOf10
  if (magnitudeOf10 > 310) return Infinity;
  if (magnitudeOf10 < -330) return 0;
  // Few digits and no large positive power: no exact tie can arise, Number() is already right.
  if (digits.length <= 15 && scale <= 1) return Number(`${digits}e${scale}`);
  const mantissa = BigInt(digits);
  return scale >= 0 ? ratioToDouble(mantissa * 10n ** BigInt(scale), 1n) : ratioToDouble(mantissa, 10n ** BigInt(-scale));
}

/** |0xwhole.fraction × 2^exponent| as the nearest double, ties away from zero. */
function hexMagnitude(whole: string, fraction: string, exponent: number): number {
  const mantissa = BigInt(`0x${whole}${fraction}`);
  if (mantissa === 0n) return 0;
  const scale = exponent - 4 * fraction.length;
  const bits = mantissa.toString(2).length + scale; // value < 2^bits
  if (bits > 1025) return Infinity;
  if (bits < -1080) return 0;
  return scale >= 0 ? ratioToDouble(mantissa << BigInt(scale), 1n) : ratioToDouble(mantissa, 1n << BigInt(-scale));
}

/** The double nearest the positive ratio num/den, ties away from zero; Infinity past the range. */
export function ratioToDouble(num: bigint, den: bigint): number {
  let exponent = num.toString(2).length - den.toString(2).length; // 2^exponent <= num/den < 2^(exponent+1)
  if (exponent >= 0 ? num < den << BigInt(exponent) : num << BigInt(-exponent) < den) exponent--;
  if (exponent > 1023) return Infinity;
  // 53 significant bits for a normal result; subnormals share the fixed scale 2^-1074.
  const shift = exponent >= -1022 ? 52 - exponent : 1074;
  const [n, d] = shift >= 0 ? [num << BigInt(shift), den] : [num, den << BigInt(-shift)];
  let quotient = n / d;
  if (2n * (n - quotient * d) >= d) quotient++;
  return Number(quotient) * 2 ** -shift;
}
