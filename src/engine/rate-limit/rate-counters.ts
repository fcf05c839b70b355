// Ratecounters: per entry, requests counted in one-second slots over the last minute (a sliding
// window), in memory. Bounded: each counter keeps its most recently counted entries only.

/** Seconds of history an entry keeps: the longest window Fastly reads (rate.60s, bucket.60s). */
const HISTORY_SECONDS = 60;
/** Entries one counter keeps; the least recently counted one goes first. */
export const MAX_ENTRIES_PER_COUNTER = 10_000;

/** One entry's counts: slot `second % 60` holds the count of that second. */
class EntryHistory {
  readonly slots = new Float64Array(HISTORY_SECONDS);
  /** The last second (since the epoch) a slot was written for. */
  second = 0;

  /** Clear the slots of the seconds between the last write and `now` (they saw nothing). */
  advance(now: number): void {
    if (now <= this.second) return;
    const gap = Math.min(now - this.second, HISTORY_SECONDS);
    for (let i = 1; i <= gap; i++) this.slots[(this.second + i) % HISTORY_SECONDS] = 0;
    this.second = now;
  }

  /** The count over the last `seconds` seconds, this one included. */
  sum(now: number, seconds: number): number {
    this.advance(now);
    let total = 0;
    for (let i = 0; i < Math.min(seconds, HISTORY_SECONDS); i++) total += this.slots[(now - i + HISTORY_SECONDS * 2) % HISTORY_SECONDS]!;
    return total;
  }
}

export class RateCounter {
  private readonly entries = new Map<string, EntryHistory>();

  constructor(readonly maxEntries = MAX_ENTRIES_PER_COUNTER) {}

  /** Count `delta` for `entry` at `nowMs`; returns the entry's count over the last minute. */
  increment(entry: string, delta: number, nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    let history = this.entries.get(entry);
    if (history) this.entries.delete(entry); // re-inserted below: the Map's order is recency
    else {
      history = new EntryHistory();
      history.second = now;
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(entry, history);
    history.advance(now);
    history.slots[now % HISTORY_SECONDS]! += delta;
    return history.sum(now, HISTORY_SECONDS);
  }

  /** What `entry` counted over the last `seconds` seconds. */
  count(entry: string, seconds: number, nowMs: number): number {
    return this.entries.get(entry)?.sum(Math.floor(nowMs / 1000), seconds) ?? 0;
  }

  /** Requests per second of `entry` averaged over the last `seconds` seconds. */
  rate(entry: string, seconds: number, nowMs: number): number {
    return this.count(entry, seconds, nowMs) / seconds;
  }

  get size(): number {
    return this.entries.size;
  }
}
