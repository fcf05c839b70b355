// Directors as Fastly documents them (declarations/director): which member a request goes to, and
// whether a director counts as healthy. random picks by weight, fallback the first healthy member,
// hash and client hash the cache key or client.identity, chash places both on a ring; members that
// are not healthy are skipped, and a director under its `.quorum` is unhealthy as a whole.
// Locally a member is chosen once: a connection that fails is not retried on another member (Fastly's
// `.retries`, and fallback's next member on a failed connect), so such a request gets a 503.
import type { BackendConfig, DirectorConfig, DirectorMember } from '../../compile/declarations.js';
import type { BackendHealth } from './health.js';
import { HashRing, rendezvous } from './hashing.js';

/** What a director may hash or draw from for one request. */
export interface SelectionInput {
  /** The cache key (req.hash) — the hash director and chash `.key = object`. */
  cacheKey(): string;
  /** client.identity — the client director and chash `.key = client`. */
  clientIdentity(): string;
  /** Uniform in [0, 1) — the random director. */
  random(): number;
}

/**
 * One walk over nested directors: each director's health, worked out once. A director reached again
 * while its own health is being worked out leads back to itself (the checker rejects such a loop): it
 * counts as unhealthy, so a walk is linear in the members, whatever the declarations.
 */
type HealthMemo = Map<string, boolean>;

export class Directors {
  private readonly rings = new Map<string, HashRing<DirectorMember>>();

  constructor(
    private readonly backends: ReadonlyMap<string, BackendConfig>,
    private readonly directors: ReadonlyMap<string, DirectorConfig>,
    readonly health: BackendHealth,
    /** Where a shield (director, or `.is_shield` backend) leads locally: the first declared origin backend. */
    private readonly shieldFallback: string | null,
  ) {
    for (const d of directors.values()) if (d.type === 'chash') this.rings.set(d.name, new HashRing(d.members, d.vnodesPerNode, d.seed));
  }

  /** A backend's health (its probe's verdict, true without one) or a director's (director.NAME.healthy, req.backend.healthy). */
  healthy(name: string, memo: HealthMemo = new Map()): boolean {
    const d = this.directors.get(name);
    if (!d) return this.health.healthy(name);
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, false); // until worked out: a loop back to this director leads nowhere
    const healthy = this.membersHealthy(d, memo);
    memo.set(name, healthy);
    return healthy;
  }

  /** Enough healthy members: one for fallback, else `.quorum` percent of the members' weight. */
  private membersHealthy(d: DirectorConfig, memo: HealthMemo): boolean {
    if (d.type === 'shield') return true; // a shield POP is not reachable locally: see resolve
    let healthyWeight = 0;
    let totalWeight = 0;
    for (const m of d.members) {
      const weight = d.type === 'chash' || d.type === 'fallback' ? 1 : m.weight;
      totalWeight += weight;
      if (this.healthy(m.backend, memo)) healthyWeight += weight;
    }
    if (healthyWeight === 0) return false;
    return d.type === 'fallback' || d.quorum === 0 || (healthyWeight * 100) / totalWeight >= d.quorum;
  }

  /** The backend a request for `name` goes to; null when no healthy backend can take it. */
  resolve(name: string, input: SelectionInput): string | null {
    const memo: HealthMemo = new Map();
    let current = name;
    // Each step goes one director deeper (or from a shield to its origin): a longer chain went round a loop.
    for (let step = 0; step <= this.directors.size + 1; step++) {
      const d = this.directors.get(current);
      if (d?.type === 'shield' || this.backends.get(current)?.isShield) {
        // A shield POP is not reachable locally: the request goes where a shield would send it.
        if (this.shieldFallback === null || this.shieldFallback === current) return null;
        current = this.shieldFallback;
        continue;
      }
      if (!d) return this.backends.has(current) && !this.health.healthy(current) ? null : current;
      if (!this.healthy(current, memo)) return null;
      const member = this.pick(d, input, memo);
      if (member === null) return null;
      current = member.backend;
    }
    return null;
  }

  private pick(d: DirectorConfig, input: SelectionInput, memo: HealthMemo): DirectorMember | null {
    const usable = (m: DirectorMember) => this.healthy(m.backend, memo);
    switch (d.type) {
      case 'fallback':
        return d.members.find(usable) ?? null;
      case 'hash':
        return rendezvous(input.cacheKey(), d.members.filter(usable));
      case 'client':
        return rendezvous(input.clientIdentity(), d.members.filter(usable));
      case 'chash':
        return this.rings.get(d.name)!.lookup(d.key === 'object' ? input.cacheKey() : input.clientIdentity(), usable);
      default:
        return weightedDraw(d.members.filter(usable), input.random());
    }
  }
}

/** The random director: each healthy member with a chance in proportion to its `.weight`. */
function weightedDraw(members: readonly DirectorMember[], r: number): DirectorMember | null {
  const total = members.reduce((sum, m) => sum + Math.max(0, m.weight), 0);
  if (total <= 0) return null;
  let left = r * total;
  for (const m of members) if ((left -= Math.max(0, m.weight)) < 0) return m;
  return members[members.length - 1]!;
}
