// Deterministic hashes for the hash, client and chash directors: the same key always picks the
// same backend while the members' health stays the same.
import { avalanche32 } from '../../values/avalanche.js';

/** FNV-1a over the string's UTF-16 units, then murmur3's finaliser so nearby keys spread out. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return avalanche32(h);
}

/**
 * Weighted rendezvous hashing: each candidate scores -ln(u)/weight with u from hash(key, candidate);
 * the lowest score wins. A candidate's share follows its weight, and a key moves only when its
 * backend goes away.
 */
export function rendezvous<T extends { backend: string; weight: number }>(key: string, candidates: readonly T[]): T | null {
  let best: T | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.weight <= 0) continue;
    const u = (hash32(`${c.backend}\u0000${key}`) + 1) / 4_294_967_297; // in (0, 1)
    const score = -Math.log(u) / c.weight;
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** Most points a chash member gets locally, whatever `.vnodes_per_node` says (memory stays small). */
export const MAX_LOCAL_VNODES = 1_024;

/** A consistent-hash ring: each member at `vnodes` points; a key goes to the next point clockwise. */
export class HashRing<T extends { id: string }> {
  private readonly points: { at: number; member: T }[] = [];

  constructor(members: readonly T[], vnodes: number, private readonly seed: number) {
    const perMember = Math.max(1, Math.min(vnodes, MAX_LOCAL_VNODES));
    for (const member of members) {
      for (let v = 0; v < perMember; v++) this.points.push({ at: hash32(`${member.id}#${v}`, seed), member });
    }
    this.points.sort((a, b) => a.at - b.at);
  }

  /** The first member clockwise from the key's place that `usable` accepts, or null. */
  lookup(key: string, usable: (member: T) => boolean): T | null {
    const points = this.points;
    if (points.length === 0) return null;
    const at = hash32(key, this.seed);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    for (let i = 0; i < points.length; i++) {
      const point = points[(lo + i) % points.length]!;
      if (usable(point.member)) return point.member;
    }
    return null;
  }
}
