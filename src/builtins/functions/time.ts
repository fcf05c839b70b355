// Date and time: strftime, time.add / time.sub / time.is_after, std.time, std.integer2time, and the
// unit conversions of time-units.ts.
// TIME values are epoch milliseconds and RTIME values milliseconds (values.ts).
import { text } from './args.js';
import { intToNumber, type Int } from '../../values/int64.js';
import { strftime } from './strftime.js';
import { TIME_UNIT_FUNCTIONS } from './time-units.js';
import type { FunctionSpec } from './types.js';
import { dictionary } from '../../dictionary.js';

export const TIME_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'strftime',
    returns: 'STRING',
    params: ['STRING', 'TIME'],
    paramNames: ['format', 'time'],
    doc: 'Format a time (UTC) with POSIX strftime directives such as %Y-%m-%d %H:%M:%S.',
    impl: (_ctx, format: string | null, time: number) => strftime(text(format), time),
  },
  {
    name: 'time.add',
    returns: 'TIME',
    params: ['TIME', 'RTIME'],
    paramNames: ['t', 'offset'],
    doc: 'The time moved forward by a relative time.',
    impl: (_ctx, t: number, offset: number) => t + offset,
  },
  {
    name: 'time.sub',
    returns: 'TIME',
    params: ['TIME', 'RTIME'],
    paramNames: ['t', 'offset'],
    doc: 'The time moved back by a relative time.',
    impl: (_ctx, t: number, offset: number) => t - offset,
  },
  {
    name: 'time.is_after',
    returns: 'BOOL',
    params: ['TIME', 'TIME'],
    paramNames: ['t1', 't2'],
    doc: 'True if t1 is later than t2.',
    impl: (_ctx, t1: number, t2: number) => t1 > t2,
  },
  {
    name: 'std.integer2time',
    returns: 'TIME',
    params: ['INTEGER'],
    paramNames: ['seconds'],
    doc: 'The time that many seconds after the epoch.',
    impl: (_ctx, seconds: Int) => intToNumber(seconds) * 1000,
  },
  {
    name: 'std.time',
    returns: 'TIME',
    params: ['STRING', 'TIME'],
    paramNames: ['s', 'fallback'],
    doc: 'Parse RFC 1123/850, asctime, "YYYY-MM-DD hh:mm:ss" or epoch seconds (GMT only); else the fallback.',
    impl: (_ctx, s: string | null, fallback: number) => parseHttpTime(text(s)) ?? fallback,
  },
  ...TIME_UNIT_FUNCTIONS,
];

const MONTH_INDEX = dictionary<number>({
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
});

type Parts = [year: number, month: number, day: number, hour: number, minute: number, second: number];

/** The formats std.time documents, each as a pattern and how to read its fields. */
const FORMATS: { pattern: RegExp; read: (m: RegExpExecArray) => Parts }[] = [
  {
    // RFC 1123 / 822: Mon, 02 Jan 2006 22:04:05 GMT
    pattern: /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/,
    read: (m) => [Number(m[3]), month(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])],
  },
  {
    // RFC 850: Monday, 02-Jan-06 22:04:05 GMT (two-digit years: 70-99 → 19xx, else 20xx)
    pattern: /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/,
    read: (m) => [twoDigitYear(Number(m[3])), month(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])],
  },
  {
    // asctime: Mon Jan  2 22:04:05 2006
    pattern: /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/,
    read: (m) => [Number(m[6]), month(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])],
  },
  {
    // ISO 8601 subset: 2006-01-02 22:04:05
    pattern: /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/,
    read: (m) => [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])],
  },
];

function month(name: string): number {
  return MONTH_INDEX[name.toLowerCase()] ?? -1;
}

function twoDigitYear(y: number): number {
  return y >= 70 ? 1900 + y : 2000 + y;
}

/** Epoch ms for a string in one of std.time's formats, or null. */
export function parseHttpTime(s: string): number | null {
  const epoch = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (epoch) return Number(epoch[1]) * 1000 + Math.round(Number(`0.${epoch[2] ?? '0'}`) * 1000);
  for (const { pattern, read } of FORMATS) {
    const m = pattern.exec(s);
    if (m) return validDate(read(m));
  }
  return null;
}

/** Reject out-of-range fields instead of letting Date roll them over (Feb 30 → Mar 2). */
function validDate([year, monthIndex, day, hour, minute, second]: Parts): number | null {
  if (monthIndex < 0 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, monthIndex, day, hour, minute, second);
  const d = new Date(ms);
  if (d.getUTCMonth() !== monthIndex || d.getUTCDate() !== day) return null;
  return ms;
}
