// The state a running service keeps across requests: backend health (probes in serve, tests'
// testing.set_backend_health), the directors that read it, and the rate counters and penalty boxes.
// Each request sees it through a RequestFacts, which the variables (backend.NAME.healthy,
// ratecounter.NAME.rate.10s…) and the ratelimit.* functions read.
import type { CompiledProgram } from '../compile/program.js';
import type { BackendFacts, RequestContext } from '../values/context.js';
import type { RateLimits } from '../values/rate-limits.js';
import { BackendHealth } from './directors/health.js';
import { Directors, type SelectionInput } from './directors/directors.js';
import { PenaltyBox } from './rate-limit/penalty-box.js';
import { RateCounter } from './rate-limit/rate-counters.js';

export class EdgeRuntime {
  readonly health = new BackendHealth();
  readonly directors: Directors;
  readonly counters = new Map<string, RateCounter>();
  readonly penaltyBoxes = new Map<string, PenaltyBox>();
  /**
   * testing.fixed_access_rate (falco's): every ratecounter reads this many requests per second, and
   * ratelimit.check_rate finds an entry over its limit when the rate is at or above it; null: counted.
   */
  fixedAccessRate: number | null = null;

  constructor(program: CompiledProgram) {
    const firstOrigin = [...program.backends.values()].find((b) => !b.isShield)?.name ?? null;
    this.directors = new Directors(program.backends, program.directors, this.health, firstOrigin);
    for (const name of program.ratecounters) this.counters.set(name, new RateCounter());
    for (const name of program.penaltyboxes) this.penaltyBoxes.set(name, new PenaltyBox());
  }

  /** Give a new request its view of this state. */
  attach(ctx: RequestContext): void {
    const facts = new RequestFacts(this, ctx);
    ctx.backendFacts = facts;
    ctx.rateLimits = facts;
  }

  /**
   * The backend the request's req.backend leads to (a director picks a member); null: none healthy.
   * `tried`: backends the request failed to connect to, which a director's next pick avoids.
   */
  resolveBackend(ctx: RequestContext, tried?: ReadonlySet<string>): string | null {
    const name = ctx.req.backend;
    return name === null ? null : this.directors.resolve(name, selectionInput(ctx), tried);
  }

  /** How many more backends a request for req.backend may try after a failed connection (director `.retries`). */
  connectRetries(ctx: RequestContext): number {
    const name = ctx.req.backend;
    return name === null ? 0 : this.directors.retries(name);
  }

  counter(name: string): RateCounter {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new RateCounter())); // a test file's own ratecounter
    return c;
  }

  /** Forget every count, penalty and fixed rate: each test starts with fresh rate limits. */
  resetRateLimits(): void {
    this.counters.clear();
    this.penaltyBoxes.clear();
    this.fixedAccessRate = null;
  }

  penaltyBox(name: string): PenaltyBox {
    let b = this.penaltyBoxes.get(name);
    if (!b) this.penaltyBoxes.set(name, (b = new PenaltyBox()));
    return b;
  }
}

function selectionInput(ctx: RequestContext): SelectionInput {
  return {
    cacheKey: () => ctx.req.hash.join('') || `${ctx.req.url}${ctx.req.headers.get('host') ?? ''}`,
    clientIdentity: () => ctx.clientIdentity ?? ctx.clientIp, // client.identity as VCL left it
    random: () => ctx.random(),
  };
}

/** One request's view: health as the runtime knows it, and the entry each ratecounter last counted for it. */
class RequestFacts implements BackendFacts, RateLimits {
  /** ratecounter name → the entry this request last counted in it. */
  private lastEntries: Map<string, string> | null = null;

  constructor(
    private readonly runtime: EdgeRuntime,
    private readonly ctx: RequestContext,
  ) {}

  backendHealthy(backend: string): boolean {
    return this.runtime.directors.healthy(backend);
  }

  directorHealthy(director: string): boolean {
    return this.runtime.directors.healthy(director);
  }

  connectionsOpen(): number {
    return 0;
  }

  connectionsUsed(): number {
    return 0;
  }

  ratecounterRate(counter: string, seconds: number): number {
    const fixed = this.runtime.fixedAccessRate;
    if (fixed !== null) return fixed;
    const entry = this.lastEntries?.get(counter);
    return entry === undefined ? 0 : this.runtime.counter(counter).rate(entry, seconds, this.ctx.now());
  }

  ratecounterBucket(counter: string, seconds: number): number {
    const fixed = this.runtime.fixedAccessRate;
    if (fixed !== null) return Math.trunc(fixed * seconds);
    const entry = this.lastEntries?.get(counter);
    return entry === undefined ? 0 : this.runtime.counter(counter).count(entry, seconds, this.ctx.now());
  }

  increment(counter: string, entry: string, delta: number): number {
    (this.lastEntries ??= new Map()).set(counter, entry);
    const lastMinute = this.runtime.counter(counter).increment(entry, delta, this.ctx.now());
    const fixed = this.runtime.fixedAccessRate;
    return fixed === null ? lastMinute : Math.trunc(fixed * 60);
  }

  aboveLimit(counter: string, entry: string, windowSeconds: number, limit: number): boolean {
    const fixed = this.runtime.fixedAccessRate;
    if (fixed !== null) return fixed >= limit;
    return this.runtime.counter(counter).rate(entry, windowSeconds, this.ctx.now()) > limit; // Fastly: "goes above"
  }

  penalize(box: string, entry: string, ttlMs: number): void {
    this.runtime.penaltyBox(box).add(entry, ttlMs, this.ctx.now());
  }

  penalized(box: string, entry: string): boolean {
    return this.runtime.penaltyBox(box).has(entry, this.ctx.now());
  }
}
