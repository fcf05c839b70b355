// The conversions the checker allows between types (check/conversions.ts), as closures around a value.
import type { TypeName } from '../ast/ast.js';
import { parseHttpTime } from '../builtins/functions/time.js';
import { parseIp } from '../values/ip.js';
import type { Eval } from './evals.js';
import { intFromFloat, intToNumber, type Int } from '../values/int64.js';

/** `value` of type `from` as a `to`, when the two differ (a function of its own: see `giving`). */
export function conversion(value: Eval, from: TypeName, to: TypeName): Eval | null {
  const converted = numericConversion(value, from, to);
  if (converted) return converted;
  if (to === 'RTIME' && from === 'INTEGER') return (ctx) => intToNumber(value(ctx) as Int) * 1000;
  if (to === 'RTIME' && from === 'FLOAT') return (ctx) => (value(ctx) as number) * 1000; // `+=`/`-=` only: seconds
  // An RTIME (held in ms) assigned to a number gives its seconds: whole ones for an INTEGER.
  if (to === 'FLOAT' && from === 'RTIME') return (ctx) => (value(ctx) as number) / 1000;
  if (to === 'INTEGER' && from === 'RTIME') return (ctx) => intFromFloat((value(ctx) as number) / 1000);
  if (to === 'TIME' && from === 'STRING') {
    return (ctx) => {
      const text = value(ctx);
      return typeof text === 'string' ? (parseHttpTime(text) ?? 0) : 0;
    };
  }
  return null;
}

/**
 * Assignments between numbers and times, counted in seconds (falco's assign table; Fastly's pages are
 * silent): a FLOAT is cut to an INTEGER, a TIME gives its Unix seconds, a number is that many seconds
 * after the epoch. A STRING assigned to an IP is read as one, not set when it is none.
 */
function numericConversion(value: Eval, from: TypeName, to: TypeName): Eval | null {
  if (to === 'IP' && from === 'STRING') return (ctx) => parseIp(value(ctx) as string | null);
  if (to === 'INTEGER' && from === 'FLOAT') return (ctx) => intFromFloat(value(ctx) as number);
  if (to === 'INTEGER' && from === 'TIME') return (ctx) => intFromFloat(Math.floor((value(ctx) as number) / 1000));
  if (to === 'FLOAT' && from === 'TIME') return (ctx) => (value(ctx) as number) / 1000;
  if (to === 'FLOAT' && from === 'INTEGER') return (ctx) => intToNumber(value(ctx) as Int); // an int64 past 2^53: its nearest double
  if (to === 'TIME' && from === 'INTEGER') return (ctx) => intToNumber(value(ctx) as Int) * 1000;
  if (to === 'TIME' && from === 'FLOAT') return (ctx) => (value(ctx) as number) * 1000;
  return null;
}
