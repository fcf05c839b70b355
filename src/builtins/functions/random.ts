// Randomness: randombool, randomint and randomstr (uuid.* live in uuid.ts). All draw from ctx.random()
// so tests can seed them; none is cryptographically secure (neither are Fastly's).
// randombool_seeded and randomint_seeded draw from their seed alone: one seed, one answer.
import { byteLength } from '../../values/bytes.js';
import { int, int32, text } from './args.js';
import { toBigInt, wrapInt, type Int } from '../../values/int64.js';
import { outOfWorkspace, WORKSPACE_BYTES } from '../workspace.js';
import type { FunctionSpec } from './types.js';
import type { FunctionContext } from '../../values/function-context.js';

/** randomstr's default alphabet: the 64 characters a-z A-Z 0-9 - _. */
const DEFAULT_CHARSET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

export const RANDOM_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'randombool',
    returns: 'BOOL',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['numerator', 'denominator'],
    doc: 'True numerator/denominator of the time (for a draw r in [0, RAND_MAX]: RAND_MAX × numerator > r × denominator).',
    impl: (ctx, numerator: Int, denominator: Int) => drawIsTrue(ctx.random(), numerator, denominator),
  },
  {
    name: 'randomint',
    returns: 'INTEGER',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['from', 'to'],
    doc: 'A random integer between from and to, inclusive.',
    impl: (ctx, from: Int, to: Int) => randomInt(ctx, from, to),
  },
  {
    name: 'randombool_seeded',
    returns: 'BOOL',
    params: ['INTEGER', 'INTEGER', 'INTEGER'],
    paramNames: ['numerator', 'denominator', 'seed'],
    doc: 'As randombool, decided by the seed alone: the same seed always gives the same answer.',
    local: 'Deterministic per seed as on Fastly, but which seeds give true differs (Fastly does not document its generator).',
    impl: (_ctx, numerator: Int, denominator: Int, seed: Int) => drawIsTrue(seededUnit(seed), numerator, denominator),
  },
  {
    name: 'randomint_seeded',
    returns: 'INTEGER',
    params: ['INTEGER', 'INTEGER', 'INTEGER'],
    paramNames: ['from', 'to', 'seed'],
    doc: 'As randomint, decided by the seed alone; from, to and seed are 32-bit signed integers.',
    local: 'Deterministic per seed as on Fastly, but the number a seed gives differs (Fastly does not document its generator).',
    // Fastly takes these as C 32-bit ints: a wider INTEGER keeps its low 32 bits, as a C conversion does.
    impl: (_ctx, from: Int, to: Int, seed: Int) => pickInRange(int32(from), int32(to), seededUnit(seed)),
  },
  {
    name: 'randomstr',
    returns: 'STRING',
    params: ['INTEGER', 'STRING'],
    paramNames: ['len', 'characters'],
    optional: 1,
    doc: 'A random string of len characters drawn from characters (default a-zA-Z0-9-_); not set and ESESOOM past the workspace.',
    impl: (ctx, length: Int, characters: string | null = DEFAULT_CHARSET) => {
      const alphabet = Array.from(text(characters) || DEFAULT_CHARSET);
      const count = int(length);
      // Measured before it is built (len may come from a header): the widest character bounds each one.
      if (count > WORKSPACE_BYTES / 4 && count * alphabet.reduce((widest, c) => Math.max(widest, byteLength(c)), 1) > WORKSPACE_BYTES) {
        return outOfWorkspace(ctx);
      }
      let out = '';
      for (let i = 0; i < count; i++) out += alphabet[Math.floor(ctx.random() * alphabet.length)];
      return out;
    },
  },
];

function randomInt(ctx: FunctionContext, from: Int, to: Int): Int {
  if (typeof from === 'number' && typeof to === 'number' && Number.isSafeInteger(Math.abs(to - from) + 1)) return pickInRange(from, to, ctx.random());
  // A range past 2^53 (up to the whole int64): the draw's 53 bits scaled over it in exact arithmetic.
  const [low, high] = from <= to ? [toBigInt(from), toBigInt(to)] : [toBigInt(to), toBigInt(from)];
  return wrapInt(low + (BigInt(Math.floor(ctx.random() * 2 ** 53)) * (high - low + 1n)) / 2n ** 53n);
}

const RAND_MAX = 2 ** 31 - 1;
const SMALL = 2 ** 21; // below this, RAND_MAX × n and r × d stay exact doubles

/**
 * Fastly's randombool page, formally: draw r in [0, RAND_MAX] and answer RAND_MAX × numerator >
 * r × denominator. So a zero denominator gives true for any positive numerator (falco's table agrees).
 */
function drawIsTrue(unit: number, numerator: Int, denominator: Int): boolean {
  const r = Math.floor(unit * (RAND_MAX + 1));
  if (typeof numerator === 'number' && typeof denominator === 'number' && Math.abs(numerator) < SMALL && Math.abs(denominator) < SMALL) {
    return RAND_MAX * numerator > r * denominator;
  }
  return BigInt(RAND_MAX) * toBigInt(numerator) > BigInt(r) * toBigInt(denominator);
}

/** The integer `unit` (in [0, 1)) of the way through [from, to], either way round. */
function pickInRange(from: number, to: number, unit: number): number {
  const [low, high] = from <= to ? [from, to] : [to, from];
  return low + Math.floor(unit * (high - low + 1));
}

/**
 * A value in [0, 1) that depends only on the seed's low 32 bits, spread by murmur3's 32-bit
 * finalizer so neighbouring seeds land far apart.
 */
function seededUnit(seed: Int): number {
  let h = (int32(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
