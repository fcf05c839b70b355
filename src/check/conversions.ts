// Fastly's implicit conversions: where a value of one type may stand for another.
import type { TypeName } from '../ast/ast.js';

const SCALAR_TO_STRING = new Set<TypeName>(['STRING', 'BOOL', 'INTEGER', 'FLOAT', 'RTIME', 'TIME', 'IP', 'BACKEND', 'ID']);

/** May a value of type `from` be used where `to` is expected (Fastly's implicit conversions)? */
export function assignable(from: TypeName, to: TypeName): boolean {
  if (from === to) return true;
  if (to === 'STRING') return SCALAR_TO_STRING.has(from);
  if (to === 'FLOAT') return from === 'INTEGER';
  if (to === 'IP') return from === 'STRING';
  return false;
}

/**
 * Conversions Fastly makes into a typed slot beyond `assignable`. Assigning: an INTEGER to an RTIME
 * counts seconds (Fastly's parse_time_delta example sets beresp.ttl from an INTEGER) and an RTIME to a
 * TIME (falco#226, checked on Fastly Fiddle). Passing an argument also: TIME and RTIME for each other
 * (both are 64-bit nanosecond counts; Fastly's own signature of ratelimit.check_rate takes `TIME ttl`
 * and its examples pass `2m`), and a STRING to a TIME, read as a date (falco#5: std.time's fallback).
 * Assigning an RTIME to a FLOAT or an INTEGER gives its seconds (falco's assignment matrix, taken from
 * Fastly; Fastly's Altitude video workshop sets a FLOAT local from time.to_first_byte).
 */
export function convertible(from: TypeName, to: TypeName, slot: 'set' | 'argument'): boolean {
  if (assignable(from, to)) return true;
  if ((to === 'FLOAT' || to === 'INTEGER') && from === 'RTIME') return slot === 'set';
  // Also assigned through seconds (falco's assign table): a FLOAT cut to an INTEGER, a TIME as its Unix
  // seconds, an INTEGER or a FLOAT as that many seconds after the epoch.
  if (slot === 'set' && ((to === 'INTEGER' && (from === 'FLOAT' || from === 'TIME')) || (to === 'FLOAT' && from === 'TIME'))) return true;
  if (slot === 'set' && to === 'TIME' && (from === 'INTEGER' || from === 'FLOAT')) return true;
  if (to === 'RTIME') return from === 'INTEGER' || (slot === 'argument' && from === 'TIME');
  if (to === 'TIME') return from === 'RTIME' || (slot === 'argument' && from === 'STRING');
  return false;
}

/**
 * `set var.ttl -= var.n;`: a time and a number added or subtracted in seconds (an INTEGER or a FLOAT into
 * an RTIME or a TIME, an RTIME or a TIME into an INTEGER or a FLOAT), as falco's addition and subtraction
 * tables have it and Fastly's Magento 2 VCL does (`set req.grace -= std.atoi(…)`). A literal operand is
 * not mixed so: the caller refuses those.
 */
export function secondsOperand(operator: string, to: TypeName, from: TypeName): boolean {
  if (operator !== '+=' && operator !== '-=') return false;
  const time = (t: TypeName) => t === 'RTIME' || t === 'TIME';
  const number = (t: TypeName) => t === 'INTEGER' || t === 'FLOAT';
  return (time(to) && number(from)) || (number(to) && time(from));
}
