// What the ratelimit.* functions reach of the rate counters and penalty boxes a service declares.
// The engine keeps them (engine/rate-limit/); a request sees them through this view, which also
// remembers the entry each counter last counted for it (ratecounter.NAME.* read that entry).

export interface RateLimits {
  /** Add `delta` to `entry` in the ratecounter `counter`; the entry's count over the last 60 s after it. */
  increment(counter: string, entry: string, delta: number): number;
  /** Whether the requests per second of `entry` over the last `windowSeconds` (1, 10 or 60) are above `limit`. */
  aboveLimit(counter: string, entry: string, windowSeconds: number, limit: number): boolean;
  /** Put `entry` in the penalty box `box` for `ttlMs`. */
  penalize(box: string, entry: string, ttlMs: number): void;
  /** Whether `entry` is in the penalty box `box` now. */
  penalized(box: string, entry: string): boolean;
}
