// The arithmetic of compound assignments (`set var.n += 1;`, `-=`, `*=`, `/=`, `%=` and the bit operations).

/** The new value of `a OP= b` (a division by zero leaves the value as it was). */
export function numericUpdate(op: string, a: number, b: number, integer: boolean): number {
  switch (op) {
    case '+=':
      return a + b;
    case '-=':
      return a - b;
    case '*=':
      return a * b;
    case '/=':
      return b === 0 ? a : integer ? Math.trunc(a / b) : a / b;
    case '%=':
      return b === 0 ? a : a % b;
    case '|=':
    case '&=':
    case '^=':
    case '<<=':
    case '>>=':
    case 'rol=':
    case 'ror=':
      return bitwise(op, a, b);
    default:
      return b;
  }
}

/** VCL INTEGERs are 64-bit: bit operations go through BigInt (JS numbers' own are 32-bit). */
function bitwise(op: string, a: number, b: number): number {
  const x = BigInt.asIntN(64, BigInt(Math.trunc(a)));
  const y = BigInt(Math.trunc(b));
  const bits = BigInt.asUintN(64, x);
  const n = ((y % 64n) + 64n) % 64n;
  let r: bigint;
  switch (op) {
    case '|=':
      r = x | y;
      break;
    case '&=':
      r = x & y;
      break;
    case '^=':
      r = x ^ y;
      break;
    case '<<=':
      r = x << n;
      break;
    case '>>=':
      r = x >> n;
      break;
    case 'rol=':
      r = (bits << n) | (bits >> ((64n - n) % 64n));
      break;
    default: // ror=
      r = (bits >> n) | (bits << ((64n - n) % 64n));
      break;
  }
  return Number(BigInt.asIntN(64, r));
}
