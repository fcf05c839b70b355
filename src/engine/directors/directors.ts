// Directors as Fastly documents them (declarations/director): which member a request goes to, and
// whether a director counts as healthy. random picks by weight, fallback the first healthy member,
// hash and client hash the cache key or client.identity, chash places both on a ring; members that
// are not healthy are skipped, and a director under its `.quorum` is unhealthy as a whole.
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

/** Directors of directors deeper than this are taken as a loop. */
const MAX_NESTING = 16;

export class Directors {
  private readonly rings = new Map<string, HashRing<DirectorMember>>();

  constructor(
    private readonly backends: ReadonlyMap<string, BackendConfig>,
    private readonly directors: ReadonlyMap<string, DirectorConfig>,
    readonly health: BackendHealth,
    /** Where a shield director leads locally when no fallback is given: the first declared backend. */
    private readonly shieldFallback: string | null,
  ) {
    for (const d of directors.values()) if (d.type === 'chash') this.rings.set(d.name, new HashRing(d.members, d.vnodesPerNode, d.seed));
  }

  isDirector(name: string): boolean {
    return this.directors.has(name);
  }

  /** backend.NAME.healthy: the probe's verdict (true without a probe). */
  backendHealthy(name: string): boolean {
    return this.health.healthy(name);
  }

  /** director.NAME.healthy and req.backend.healthy for a director. */
  directorHealthy(name: string, depth = 0): boolean {
    const d = this.directors.get(name);
    if (!d) return this.health.healthy(name);
    if (d.type === 'shield' || depth > MAX_NESTING) return true; // a shield POP is not reachable locally: see resolve
    let healthyWeight = 0;
    let totalWeight = 0;
    for (const m of d.members) {
      const weight = d.type === 'chash' || d.type === 'fallback' ? 1 : m.weight;
      totalWeight += weight;
      if (this.healthy(m.backend, depth + 1)) healthyWeight += weight;
    }
    if (healthyWeight === 0) return false;
    return d.type === 'fallback' || d.quorum === 0 || (healthyWeight * 100) / totalWeight >= d.quorum;
  }

  /** A backend's or a director's health (req.backend.healthy). */
  healthy(name: string, depth = 0): boolean {
    return this.directors.has(name) ? this.directorHealthy(name, depth) : this.health.healthy(name);
  }

  /** The backend a request for `name` goes to; null when no healthy backend can take it. */
  resolve(name: string, input: SelectionInput, depth = 0): string | null {
    const d = this.directors.get(name);
    if (!d) return this.backends.has(name) && !this.health.healthy(name) ? null : name;
    if (depth > MAX_NESTING) return null;
    if (d.type === 'shield') return this.shieldFallback === null ? null : this.resolve(this.shieldFallback, input, depth + 1);
    if (!this.directorHealthy(name, depth)) return null;
    const member = this.pick(d, input, depth);
    return member === null ? null : this.resolve(member.backend, input, depth + 1);
  }

  private pick(d: DirectorConfig, input: SelectionInput, depth: number): DirectorMember | null {
    const usable = (m: DirectorMember) => this.healthy(m.backend, depth + 1);
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
