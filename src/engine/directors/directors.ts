// Directors as Fastly documents them (declarations/director): which member a request goes to, and
// whether a director counts as healthy. random picks by weight, fallback the first healthy member,
// hash and client hash the cache key or client.identity, chash places both on a ring; members that
// are not healthy are skipped, and a director under its `.quorum` is unhealthy as a whole.
// When the connection to the chosen backend fails, the request goes to the director's next pick
// (engine/lifecycle asks again with the backends already tried): random draws again among the
// members not yet tried, up to `.retries` times; fallback takes the next healthy member; hash, client
// and chash the key's next choice (see retryBudget).
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

/** On a retry: the backends already tried, and which names still lead to one that was not (worked out once each). */
interface Reachable {
  tried: ReadonlySet<string>;
  memo: Map<string, boolean>;
}

export class Directors {
  private readonly rings = new Map<string, HashRing<DirectorMember>>();
  /** Director name → its retry budget, worked out once. */
  private readonly budgets = new Map<string, number>();

  constructor(
    private readonly backends: ReadonlyMap<string, BackendConfig>,
    private readonly directors: ReadonlyMap<string, DirectorConfig>,
    readonly health: BackendHealth,
    /** Where a shield (director, or `.is_shield` backend) leads locally: the first declared origin backend. */
    private readonly shieldFallback: string | null,
  ) {
    for (const d of directors.values()) if (d.type === 'chash') this.rings.set(d.name, new HashRing(d.members, d.vnodesPerNode, d.seed));
    for (const d of directors.values()) this.budgets.set(d.name, retryBudget(d, countBackends(d.name, directors)));
  }

  /** How many more picks a request for `name` gets after a failed connection (0 for a plain backend). */
  retries(name: string): number {
    return this.budgets.get(name) ?? 0;
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

  /**
   * The backend a request for `name` goes to; null when no healthy backend can take it. `tried`: the
   * backends this request already failed to connect to, which no director picks again.
   */
  resolve(name: string, input: SelectionInput, tried?: ReadonlySet<string>): string | null {
    const memo: HealthMemo = new Map();
    const untried: Reachable | null = tried && tried.size > 0 ? { tried, memo: new Map() } : null;
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
      if (!d) return (this.backends.has(current) && !this.health.healthy(current)) || untried?.tried.has(current) ? null : current;
      if (!this.healthy(current, memo)) return null;
      const member = this.pick(d, input, memo, untried);
      if (member === null) return null;
      current = member.backend;
    }
    return null;
  }

  /** Whether `name` can still lead to a healthy backend this request has not tried. */
  private leadsToUntried(name: string, untried: Reachable, memo: HealthMemo): boolean {
    const d = this.directors.get(name);
    if (d?.type === 'shield' || this.backends.get(name)?.isShield) return this.shieldFallback !== null && !untried.tried.has(this.shieldFallback);
    if (!d) return !untried.tried.has(name);
    const known = untried.memo.get(name);
    if (known !== undefined) return known;
    untried.memo.set(name, false); // a loop back to this director leads nowhere new
    const leads = d.members.some((m) => this.healthy(m.backend, memo) && this.leadsToUntried(m.backend, untried, memo));
    untried.memo.set(name, leads);
    return leads;
  }

  private pick(d: DirectorConfig, input: SelectionInput, memo: HealthMemo, untried: Reachable | null): DirectorMember | null {
    const usable = untried
      ? (m: DirectorMember) => this.healthy(m.backend, memo) && this.leadsToUntried(m.backend, untried, memo)
      : (m: DirectorMember) => this.healthy(m.backend, memo);
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

/**
 * How many more picks a director makes after a failed connection. random: `.retries`, else as many
 * as it has members (Fastly's director page). fallback moves to its next healthy member (the same
 * page), so it may try every backend it leads to; Fastly says nothing of hash, client and chash:
 * locally they do the same, each retry going to the key's next choice (rendezvous' runner-up, the
 * next member on the ring), so a key keeps one backend while that backend answers.
 */
function retryBudget(d: DirectorConfig, backends: number): number {
  if (d.type === 'shield') return 0;
  if (d.type === 'random') return Math.max(0, d.retries ?? d.members.length);
  return Math.max(0, backends - 1);
}

/** How many distinct backends a director can lead to, through nested directors (a loop adds nothing). */
function countBackends(name: string, directors: ReadonlyMap<string, DirectorConfig>): number {
  const seen = new Set<string>([name]);
  const backends = new Set<string>();
  const pending = [name];
  while (pending.length > 0) {
    for (const m of directors.get(pending.pop()!)?.members ?? []) {
      if (!directors.has(m.backend)) backends.add(m.backend);
      else if (!seen.has(m.backend)) {
        seen.add(m.backend);
        pending.push(m.backend);
      }
    }
  }
  return backends.size;
}
