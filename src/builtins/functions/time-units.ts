// Times to and from numbers: time.units / time.runits (seconds to a chosen precision), time.hex_to_time,
// time.interval_elapsed_ratio and parse_time_delta. TIME is epoch milliseconds, RTIME milliseconds.
import type { FunctionContext } from '../../values/function-context.js';
import { int, text } from './args.js';
import { INT64_MAX, wrapInt, type Int } from '../../values/int64.js';
import type { FunctionSpec } from './types.js';
import { dictionary } from '../../dictionary.js';

/** Decimal places each unit of time.units / time.runits prints after the whole seconds. */
const UNIT_DECIMALS = dictionary<number>({ s: 0, ms: 3, us: 6, ns: 9 });
const DELTA_SECONDS = dictionary<number>({ '': 1, s: 1, m: 60, h: 3600, d: 86400 });

export const TIME_UNIT_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'time.units',
    returns: 'STRING',
    params: ['STRING', 'TIME'],
    paramNames: ['unit', 'time'],
    doc: 'Seconds since the epoch as text: whole for "s", with 3, 6 or 9 decimals for "ms", "us", "ns"; EINVAL for another unit.',
    impl: (ctx, unit: string | null, time: number) => inUnits(ctx, text(unit), time),
  },
  {
    name: 'time.runits',
    returns: 'STRING',
    params: ['STRING', 'RTIME'],
    paramNames: ['unit', 'rtime'],
    doc: 'A relative time in seconds as text: whole for "s", with 3, 6 or 9 decimals for "ms", "us", "ns"; EINVAL for another unit.',
    impl: (ctx, unit: string | null, rtime: number) => inUnits(ctx, text(unit), rtime),
  },
  {
    name: 'time.hex_to_time',
    returns: 'TIME',
    params: ['INTEGER', 'STRING'],
    paramNames: ['divisor', 'dividend'],
    doc: 'The hexadecimal dividend divided by divisor, as seconds since the epoch ("43b9a355" → 2006-01-02 22:04:05).',
    local: 'Fastly documents no error case; vcl-edge sets fastly.error to EINVAL and returns the epoch for bad hex or a divisor below 1.',
    impl: (ctx, divisor: number, dividend: string | null) => hexToTime(ctx, int(divisor), text(dividend)),
  },
  {
    name: 'time.interval_elapsed_ratio',
    returns: 'FLOAT',
    params: ['TIME', 'TIME', 'TIME'],
    paramNames: ['ref', 'start', 'end'],
    doc: 'How far ref is through [start, end], from 0 (at or before start) to 1 (at or after end).',
    impl: (_ctx, ref: number, start: number, end: number) => {
      if (ref <= start) return 0;
      if (ref >= end) return 1;
      return (ref - start) / (end - start);
    },
  },
  {
    name: 'parse_time_delta',
    returns: 'INTEGER',
    params: ['STRING'],
    paramNames: ['specifier'],
    doc: 'Seconds in one delta such as "30", "15s", "10m", "2h" or "7d" (either case): the leading number and the unit right after it, anything after ignored; -1 when there is no number, or it is negative or beyond INTEGER.',
    local: 'Fastly says combined deltas ("10d11h3m2s") are not supported but not what they give; as falco does, the first delta is read (strtoll: spaces and a sign first, a missing or unknown unit means seconds) and -1 is returned for nothing, a negative or an overflow.',
    impl: (_ctx, specifier: string | null) => parseTimeDelta(text(specifier)),
  },
];

/** Seconds with `decimals` places, cut (not rounded) toward zero, as Fastly prints them. */
function inUnits(ctx: FunctionContext, unit: string, ms: number): string | null {
  const decimals = UNIT_DECIMALS[unit];
  if (decimals === undefined || !Number.isFinite(ms)) {
    ctx.fastlyError = 'EINVAL';
    return null;
  }
  const magnitude = Math.abs(ms);
  const seconds = Math.floor(magnitude / 1000);
  const nanos = Math.min(999_999_999, Math.round((magnitude - seconds * 1000) * 1e6));
  const fraction = Math.floor(nanos / 10 ** (9 - decimals));
  const sign = ms < 0 && (seconds > 0 || fraction > 0) ? '-' : '';
  return decimals === 0 ? `${sign}${seconds}` : `${sign}${seconds}.${String(fraction).padStart(decimals, '0')}`;
}

function hexToTime(ctx: FunctionContext, divisor: number, dividend: string): number {
  const hex = /^(?:0[xX])?([0-9a-fA-F]{1,64})$/.exec(dividend);
  if (!hex || divisor < 1) {
    ctx.fastlyError = 'EINVAL';
    return 0;
  }
  // Exact integer division first, so a 64-bit nanosecond count keeps its precision.
  const value = BigInt(`0x${hex[1]}`);
  const d = BigInt(divisor);
  return Number(value / d) * 1000 + (Number(value % d) * 1000) / divisor;
}


function parseTimeDelta(specifier: string): Int {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)([dhmsDHMS]?)/.exec(specifier);
  if (!m) return -1;
  const seconds = BigInt(m[2]!) * BigInt(DELTA_SECONDS[m[3]!.toLowerCase()]!);
  if (seconds === 0n) return 0;
  return m[1] === '-' || seconds > INT64_MAX ? -1 : wrapInt(seconds);
}
