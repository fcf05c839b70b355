// Counts kept as plain numbers, one per label combination, and handed to prom-client only when
// scraped. prom-client's own inc() (a labelled child's too) hashes and validates the label set on
// every call, about a microsecond: too much for every request. Here a count is a Map lookup and `++`.
import { Counter, Gauge, type Aggregator, type Registry } from 'prom-client';

export class Tally {
  value = 0;
  constructor(readonly labels: Record<string, string>) {}
}

interface MetricConfig {
  name: string;
  help: string;
  registers: Registry[];
  /** How a cluster's primary combines the workers' values (prom-client's AggregatorRegistry; default: sum). */
  aggregator?: Aggregator;
}

/** A Prometheus counter whose values live in Tallies, keyed by something cheap to look up. */
export class TalliedCounter<K> {
  private readonly tallies = new Map<K, Tally>();

  constructor(config: MetricConfig & { labelNames: string[] }) {
    const tallies = this.tallies;
    new Counter({
      ...config,
      collect: function (this: Counter) {
        this.reset();
        for (const tally of tallies.values()) this.inc(tally.labels, tally.value);
      },
    });
  }

  /** The tally for `key`; `labels` makes its label set the first time the key is seen. */
  get(key: K, labels: () => Record<string, string>): Tally {
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = new Tally(labels());
      this.tallies.set(key, tally);
    }
    return tally;
  }
}

/** A Prometheus gauge (no labels) read from `read` at scrape time. */
export function gaugeReading(config: MetricConfig, read: () => number): Gauge {
  return new Gauge({
    ...config,
    collect: function (this: Gauge) {
      this.set(read());
    },
  });
}

/**
 * A Prometheus counter mirroring a running total kept elsewhere (the cache's hits), read at scrape
 * time; a total that went back (the cache was replaced) counts on from its new value.
 */
export function counterReading(config: MetricConfig, read: () => number | undefined): Counter {
  let last = 0;
  return new Counter({
    ...config,
    collect: function (this: Counter) {
      const value = read();
      if (value === undefined) return;
      if (value < last) last = 0;
      this.inc(value - last);
      last = value;
    },
  });
}
