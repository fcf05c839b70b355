// VCL values at run time, and the conversions between them.
// Representation (chosen so the hot path is plain JS values, no boxing):
//   STRING  string | null        null is VCL's "not set", distinct from ""
//   IP      string | null        canonical textual form; null = not set
//   BOOL    boolean
//   INTEGER number | bigint      int64: a number while safe, a bigint beyond (int64.ts)
//   FLOAT   number
//   TIME    number               milliseconds since the epoch (may have a fraction)
//   RTIME   number               milliseconds (may be negative or fractional)
//   BACKEND string               the backend's name
import type { TypeName } from '../ast/ast.js';
import { intToString, type Int } from './int64.js';

export const NOT_SET = null;
export type VclString = string | null;
export type Value = string | number | bigint | boolean | null;

/** How a not-set STRING renders when it meets a string context. */
export const NULL_TEXT = '(null)';

/** RTIME → STRING: seconds with three decimals (`3.5d` → `"302400.000"`). */
export function rtimeToString(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * TIME → STRING: RFC 1123 date (`Thu, 01 Jan 1970 00:00:00 GMT`), as Fastly renders `now`. A time before
 * the epoch reads "datetime out of bounds" (std.time's reference page: `std.integer2time(-1)` prints so).
 */
export function timeToString(ms: number): string {
  const date = new Date(ms);
  return ms < 0 || Number.isNaN(date.getTime()) ? 'datetime out of bounds' : date.toUTCString();
}

/** INTEGER → STRING, digit for digit (int64 values past 2^53 are bigints). */
export function integerToString(n: Int): string {
  return intToString(n);
}

/** FLOAT → STRING: Fastly prints three decimals. */
export function floatToString(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  return f.toFixed(3);
}

/**
 * Convert any typed value to STRING. A not-set STRING/IP stays null: the caller decides whether it
 * renders as "(null)" (headers, log) or "" (locals) — that is a property of the context in Fastly.
 */
export function toVclString(type: TypeName, v: Value): VclString {
  switch (type) {
    case 'STRING':
    case 'IP':
    case 'BACKEND':
    case 'ID':
      return v as string | null;
    case 'BOOL':
      return v ? '1' : '0';
    case 'INTEGER':
      return integerToString(v as Int);
    case 'FLOAT':
      return floatToString(v as number);
    case 'RTIME':
      return rtimeToString(v as number);
    case 'TIME':
      return timeToString(v as number);
    default:
      return v === null ? null : String(v);
  }
}

/** The zero value of a freshly declared local (Fastly: 0, false, not set). */
export function zeroValue(type: TypeName): Value {
  switch (type) {
    case 'STRING':
    case 'IP':
    case 'BACKEND':
      return null;
    case 'BOOL':
      return false;
    default:
      return 0;
  }
}

/** A condition's truth: a STRING is true iff it is set (Fastly's `if (req.http.X)`). */
export function truthy(type: TypeName, v: Value): boolean {
  switch (type) {
    case 'BOOL':
      return v === true;
    case 'STRING':
    case 'IP':
      return v !== null;
    case 'INTEGER':
    case 'FLOAT':
    case 'RTIME':
    case 'TIME':
      return v !== 0;
    default:
      return v !== null && v !== undefined;
  }
}
