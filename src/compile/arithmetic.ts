// The arithmetic of compound assignments (`set var.n += 1;`, `-=`, `*=`, `/=`, `%=` and the bit operations).
// INTEGER arithmetic is int64 and wraps around (two's complement), as C's does on Fastly's edge; FLOAT
// arithmetic is IEEE double. The operation is chosen once, when the statement is compiled.
import { intAdd, intDiv, intFromFloat, intMod, intMul, intSub, intToNumber, toBigInt, wrapInt, type Int } from '../values/int64.js';

export type Operation = (a: Int, b: Int) => Int;

/**
 * The new value of `a OP= b` for an INTEGER (`integer`) or another number type; the operand arrives
 * converted to the target's type. A division by zero leaves the value as it was.
 */
export function numericOperation(op: string, integer: boolean): Operation {
  return integer ? integerOperation(op) : floatOperation(op);
}

function integerOperation(op: string): Operation {
  switch (op) {
    case '+=':
      return intAdd;
    case '-=':
      return intSub;
    case '*=':
      return intMul;
    case '/=':
      return (a, b) => (b === 0 ? a : intDiv(a, b));
    case '%=':
      return (a, b) => (b === 0 ? a : intMod(a, b));
    case '|=':
    case '&=':
    case '^=':
    case '<<=':
    case '>>=':
    case 'rol=':
    case 'ror=':
      return (a, b) => bitwise(op, toBigInt(a), toBigInt(b));
    default:
      return (_a, b) => b;
  }
}

function floatOperation(op: string): Operation {
  switch (op) {
    case '+=':
      return (a, b) => (a as number) + intToNumber(b);
    case '-=':
      return (a, b) => (a as number) - intToNumber(b);
    case '*=':
      return (a, b) => (a as number) * intToNumber(b);
    case '/=':
      return (a, b) => (b === 0 ? a : (a as number) / intToNumber(b));
    case '%=':
      return (a, b) => (b === 0 ? a : (a as number) % intToNumber(b));
    case '|=':
    case '&=':
    case '^=':
    case '<<=':
    case '>>=':
    case 'rol=':
    case 'ror=':
      return (a, b) => intToNumber(bitwise(op, toBigInt(intFromFloat(a as number)), toBigInt(intFromFloat(intToNumber(b)))));
    default:
      return (_a, b) => b;
  }
}

/** Bit operations on the 64 bits (JS numbers' own are 32-bit); a shift counts modulo 64. */
function bitwise(op: string, x: bigint, y: bigint): Int {
  const bits = BigInt.asUintN(64, x);
  const n = ((y % 64n) + 64n) % 64n;
  switch (op) {
    case '|=':
      return wrapInt(x | y);
    case '&=':
      return wrapInt(x & y);
    case '^=':
      return wrapInt(x ^ y);
    case '<<=':
      return wrapInt(x << n);
    case '>>=':
      return wrapInt(x >> n);
    case 'rol=':
      return wrapInt((bits << n) | (bits >> ((64n - n) % 64n)));
    default: // ror=
      return wrapInt((bits >> n) | (bits << ((64n - n) % 64n)));
  }
}
