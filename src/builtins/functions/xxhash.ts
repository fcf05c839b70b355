// XXH32 and XXH64 (seed 0), written from the xxHash specification (doc/xxhash_spec.md in Cyan4973/xxHash):
// digest.hash_xxh32 and digest.hash_xxh64. XXH32 runs in 32-bit integer arithmetic (Math.imul);
// XXH64 needs 64-bit products, so it runs on BigInt, wrapped to 64 bits after every step.

const P32_1 = 0x9e3779b1;
const P32_2 = 0x85ebca77;
const P32_3 = 0xc2b2ae3d;
const P32_4 = 0x27d4eb2f;
const P32_5 = 0x165667b1;

const rotl32 = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const round32 = (acc: number, lane: number) => Math.imul(rotl32((acc + Math.imul(lane, P32_2)) | 0, 13), P32_1);

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** XXH32 of the bytes, as an unsigned 32-bit number. */
export function xxh32(bytes: Uint8Array, seed = 0): number {
  const length = bytes.length;
  let at = 0;
  let acc: number;
  if (length >= 16) {
    let v1 = (seed + P32_1 + P32_2) | 0;
    let v2 = (seed + P32_2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P32_1) | 0;
    for (; at + 16 <= length; at += 16) {
      v1 = round32(v1, readU32(bytes, at));
      v2 = round32(v2, readU32(bytes, at + 4));
      v3 = round32(v3, readU32(bytes, at + 8));
      v4 = round32(v4, readU32(bytes, at + 12));
    }
    acc = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) | 0;
  } else {
    acc = (seed + P32_5) | 0;
  }
  acc = (acc + length) | 0;
  for (; at + 4 <= length; at += 4) acc = Math.imul(rotl32((acc + Math.imul(readU32(bytes, at), P32_3)) | 0, 17), P32_4);
  for (; at < length; at++) acc = Math.imul(rotl32((acc + Math.imul(bytes[at]!, P32_5)) | 0, 11), P32_1);
  acc ^= acc >>> 15;
  acc = Math.imul(acc, P32_2);
  acc ^= acc >>> 13;
  acc = Math.imul(acc, P32_3);
  acc ^= acc >>> 16;
  return acc >>> 0;
}

const P64_1 = 0x9e3779b185ebca87n;
const P64_2 = 0xc2b2ae3d27d4eb4fn;
const P64_3 = 0x165667b19e3779f9n;
const P64_4 = 0x85ebca77c2b2ae63n;
const P64_5 = 0x27d4eb2f165667c5n;

const u64 = (x: bigint) => BigInt.asUintN(64, x);
const rotl64 = (x: bigint, r: bigint) => u64((x << r) | (x >> (64n - r)));
const round64 = (acc: bigint, lane: bigint) => u64(rotl64(u64(acc + lane * P64_2), 31n) * P64_1);
const merge64 = (acc: bigint, v: bigint) => u64((acc ^ round64(0n, v)) * P64_1 + P64_4);

/** XXH64 of the bytes, as an unsigned 64-bit BigInt. */
export function xxh64(bytes: Uint8Array, seed = 0n): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.length;
  let at = 0;
  let acc: bigint;
  if (length >= 32) {
    let v1 = u64(seed + P64_1 + P64_2);
    let v2 = u64(seed + P64_2);
    let v3 = seed;
    let v4 = u64(seed - P64_1);
    for (; at + 32 <= length; at += 32) {
      v1 = round64(v1, view.getBigUint64(at, true));
      v2 = round64(v2, view.getBigUint64(at + 8, true));
      v3 = round64(v3, view.getBigUint64(at + 16, true));
      v4 = round64(v4, view.getBigUint64(at + 24, true));
    }
    acc = u64(rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n));
    for (const v of [v1, v2, v3, v4]) acc = merge64(acc, v);
  } else {
    acc = u64(seed + P64_5);
  }
  acc = u64(acc + BigInt(length));
  for (; at + 8 <= length; at += 8) acc = u64(rotl64(acc ^ round64(0n, view.getBigUint64(at, true)), 27n) * P64_1 + P64_4);
  if (at + 4 <= length) {
    acc = u64(rotl64(acc ^ u64(BigInt(view.getUint32(at, true)) * P64_1), 23n) * P64_2 + P64_3);
    at += 4;
  }
  for (; at < length; at++) acc = u64(rotl64(acc ^ u64(BigInt(bytes[at]!) * P64_5), 11n) * P64_1);
  acc = u64((acc ^ (acc >> 33n)) * P64_2);
  acc = u64((acc ^ (acc >> 29n)) * P64_3);
  return acc ^ (acc >> 32n);
}
