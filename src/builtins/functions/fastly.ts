// fastly.*: a seeded hash onto a range, and service chaining, which a request served by vcl-edge never
// takes part in. (fastly.try_select_shield lives with the shield directors, in shield.ts.)
import { avalanche32 } from '../../values/avalanche.js';
import { toBytes } from '../../values/bytes.js';
import { toBigInt, wrapInt, type Int } from '../../values/int64.js';
import { text } from './args.js';
import type { FunctionSpec } from './types.js';

export const FASTLY_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'fastly.hash',
    returns: 'INTEGER',
    params: ['STRING', 'INTEGER', 'INTEGER', 'INTEGER'],
    paramNames: ['key', 'seed', 'from', 'to'],
    doc: 'A hash of the key with the seed, as a number from `from` to `to` inclusive (not cryptographic).',
    local: 'Fastly does not document its hash function, so the numbers differ from the edge (the same key, seed and range always give the same number here); with `to` below `from` the result is `from`.',
    impl: (_ctx, key: string | null, seed: Int, from: Int, to: Int) => hashInRange(text(key), seed, from, to),
  },
  {
    name: 'fastly.ff.last_hop_was_serviceid',
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['service_id'],
    doc: 'True when the previous hop of a Fastly-to-Fastly request chain was the given service.',
    local: 'A request reaching vcl-edge never comes from another Fastly service: always false.',
    impl: () => false,
  },
];

/** from + hash mod (to - from + 1), exact across the whole 64-bit range. */
export function hashInRange(key: string, seed: Int, from: Int, to: Int): Int {
  if (!(to >= from)) return from;
  const [high, low] = hash64(toBytes(key), seed);
  if (typeof from === 'number' && typeof to === 'number' && to - from + 1 <= 2 ** 32) return from + (low % (to - from + 1));
  const big = ((BigInt(high) << 32n) | BigInt(low)) % (toBigInt(to) - toBigInt(from) + 1n);
  return wrapInt(toBigInt(from) + big);
}

/** Two FNV-1a lanes over the bytes, seeded, each finished with MurmurHash3's avalanche: [high, low] words. */
function hash64(bytes: Uint8Array, seed: Int): [number, number] {
  const seed64 = BigInt.asUintN(64, toBigInt(seed));
  let a = (0x811c9dc5 ^ Number(seed64 & 0xffffffffn)) >>> 0;
  let b = (0x9e3779b9 ^ Number(seed64 >> 32n)) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
  }
  const low = avalanche32(a ^ bytes.length);
  const high = avalanche32(b ^ low);
  return [high, low];
}
