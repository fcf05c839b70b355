// ratelimit.*: Fastly's edge rate limiting over `ratecounter` and `penaltybox` declarations
// (reference/vcl/functions/rate-limiting). The counts live in the engine (engine/rate-limit/): real
// sliding windows in memory, shared by the requests of one service; a request reaches them through
// ctx.rateLimits.
import type { FunctionContext } from '../../values/function-context.js';
import { byteLength } from '../../values/bytes.js';
import type { ArgumentFacts, FunctionSpec } from './types.js';

/** Fastly's windows for a rate: the last 1, 10 or 60 seconds. */
const WINDOWS = new Set([1, 10, 60]);
/** Fastly: "An entry can be, at maximum, 256 bytes long." */
const MAX_ENTRY_BYTES = 256;

/** What each numeric argument must be, from the functions' reference pages ("Must be …"). */
const RANGES = {
  delta: { ok: (n: number) => n >= 0 && n <= 100_000, says: 'the delta is from 0 to 100000' },
  window: { ok: (n: number) => WINDOWS.has(n), says: 'the window is 1, 10 or 60 seconds' },
  limit: { ok: (n: number) => n >= 10 && n <= 70_000_000, says: 'the limit is from 10 to 70000000 requests per second' },
} as const;
type Checked = keyof typeof RANGES;

const LOCAL = 'Counts are kept in this process only (one POP of one machine), exact rather than estimated.';

/** Load-time check: each numeric argument at `at[kind]`, when a literal, is in its range. */
function rangesAt(at: Partial<Record<Checked, readonly number[]>>): (args: readonly ArgumentFacts[]) => { index: number; message: string } | null {
  return (args) => {
    for (const [kind, indexes] of Object.entries(at) as [Checked, readonly number[]][]) {
      for (const i of indexes) {
        const n = args[i]?.literal;
        if (typeof n === 'number' && !RANGES[kind].ok(n)) return { index: i, message: `${RANGES[kind].says}, got ${n}` };
      }
    }
    return null;
  };
}

/** The entry as Fastly takes it, or null (fastly.error = EINVAL) when it or a number is out of range. */
function validEntry(ctx: FunctionContext, entry: string | null, numbers: Partial<Record<Checked, readonly number[]>> = {}): string | null {
  const e = entry ?? '';
  const outOfRange = (Object.entries(numbers) as [Checked, readonly number[]][]).some(([kind, ns]) => ns.some((n) => !RANGES[kind].ok(n)));
  if (byteLength(e) > MAX_ENTRY_BYTES || outOfRange) {
    ctx.fastlyError = 'EINVAL';
    return null;
  }
  return e;
}

/** Count the entry in one counter; whether its rate over the window went above the limit. */
function countAndCompare(ctx: FunctionContext, entry: string, rc: string, delta: number, window: number, limit: number): boolean {
  const limits = ctx.rateLimits;
  if (!limits) return false;
  limits.increment(rc, entry, delta);
  return limits.aboveLimit(rc, entry, window, limit);
}

export const RATELIMIT_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'ratelimit.check_rate',
    returns: 'BOOL',
    params: ['STRING', 'RATECOUNTER', 'INTEGER', 'INTEGER', 'INTEGER', 'PENALTYBOX', 'RTIME'],
    paramNames: ['entry', 'rc', 'delta', 'window', 'limit', 'pb', 'ttl'],
    doc: 'Count the entry in rc; true when it is penalized in pb, or goes above limit requests per second over the window (and is then penalized for ttl).',
    local: LOCAL,
    checkArgs: rangesAt({ delta: [2], window: [3], limit: [4] }),
    impl: (ctx, entry: string | null, rc: string, delta: number, window: number, limit: number, pb: string, ttl: number) => {
      const e = validEntry(ctx, entry, { delta: [delta], window: [window], limit: [limit] });
      if (e === null || !ctx.rateLimits) return false;
      const over = countAndCompare(ctx, e, rc, delta, window, limit);
      if (over) ctx.rateLimits.penalize(pb, e, ttl);
      return over || ctx.rateLimits.penalized(pb, e);
    },
  },
  {
    name: 'ratelimit.check_rates',
    returns: 'BOOL',
    params: ['STRING', 'RATECOUNTER', 'INTEGER', 'INTEGER', 'INTEGER', 'RATECOUNTER', 'INTEGER', 'INTEGER', 'INTEGER', 'PENALTYBOX', 'RTIME'],
    paramNames: ['entry', 'rc1', 'delta1', 'window1', 'limit1', 'rc2', 'delta2', 'window2', 'limit2', 'pb', 'ttl'],
    doc: 'ratelimit.check_rate with two counters: true when either goes above its limit (the entry is then penalized for ttl) or it is already penalized.',
    local: LOCAL,
    checkArgs: rangesAt({ delta: [2, 6], window: [3, 7], limit: [4, 8] }),
    impl: (ctx, entry: string | null, rc1: string, d1: number, w1: number, l1: number, rc2: string, d2: number, w2: number, l2: number, pb: string, ttl: number) => {
      const e = validEntry(ctx, entry, { delta: [d1, d2], window: [w1, w2], limit: [l1, l2] });
      if (e === null || !ctx.rateLimits) return false;
      const over1 = countAndCompare(ctx, e, rc1, d1, w1, l1);
      const over2 = countAndCompare(ctx, e, rc2, d2, w2, l2);
      if (over1 || over2) ctx.rateLimits.penalize(pb, e, ttl);
      return over1 || over2 || ctx.rateLimits.penalized(pb, e);
    },
  },
  {
    name: 'ratelimit.ratecounter_increment',
    returns: 'INTEGER',
    params: ['RATECOUNTER', 'STRING', 'INTEGER'],
    paramNames: ['rc', 'entry', 'delta'],
    doc: "Add delta to the entry's count in rc; the entry's count over the last minute.",
    local: LOCAL,
    checkArgs: rangesAt({ delta: [2] }),
    impl: (ctx, rc: string, entry: string | null, delta: number) => {
      const e = validEntry(ctx, entry, { delta: [delta] });
      if (e === null || !ctx.rateLimits) return 0;
      return ctx.rateLimits.increment(rc, e, delta);
    },
  },
  {
    name: 'ratelimit.penaltybox_add',
    returns: 'VOID',
    params: ['PENALTYBOX', 'STRING', 'RTIME'],
    paramNames: ['pb', 'entry', 'ttl'],
    doc: 'Penalize the entry in pb for ttl (1 to 60 minutes, rounded to the minute).',
    local: LOCAL,
    impl: (ctx, pb: string, entry: string | null, ttl: number) => {
      const e = validEntry(ctx, entry);
      if (e !== null) ctx.rateLimits?.penalize(pb, e, ttl);
      return null;
    },
  },
  {
    name: 'ratelimit.penaltybox_has',
    returns: 'BOOL',
    params: ['PENALTYBOX', 'STRING'],
    paramNames: ['pb', 'entry'],
    doc: 'Whether the entry is penalized in pb now.',
    local: LOCAL,
    impl: (ctx, pb: string, entry: string | null) => {
      const e = validEntry(ctx, entry);
      return e !== null && (ctx.rateLimits?.penalized(pb, e) ?? false);
    },
  },
];
