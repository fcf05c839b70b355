// Penalty boxes: entries penalized until a time, in memory, bounded like the rate counters.

export const MAX_ENTRIES_PER_BOX = 10_000;

/**
 * Fastly's rule for a penalty's length: between 1 minute and 1 hour, rounded to the nearest minute
 * (ratelimit.check_rate's page).
 */
export function penaltyTtlMs(ttlMs: number): number {
  const minutes = Math.min(60, Math.max(1, Math.round(ttlMs / 60_000)));
  return minutes * 60_000;
}

export class PenaltyBox {
  /** Entry → when its penalty ends (ms since the epoch), oldest penalty first. */
  private readonly until = new Map<string, number>();

  constructor(readonly maxEntries = MAX_ENTRIES_PER_BOX) {}

  add(entry: string, ttlMs: number, nowMs: number): void {
    this.until.delete(entry);
    if (this.until.size >= this.maxEntries) this.until.delete(this.until.keys().next().value!);
    this.until.set(entry, nowMs + penaltyTtlMs(ttlMs));
  }

  has(entry: string, nowMs: number): boolean {
    const end = this.until.get(entry);
    if (end === undefined) return false;
    if (end > nowMs) return true;
    this.until.delete(entry);
    return false;
  }

  get size(): number {
    return this.until.size;
  }
}
