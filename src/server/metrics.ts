// What the edge counts for Prometheus (`serve --admin`): requests by the way they went and their
// status, the cache, tunnels, origin failures, VCL errors and reloads, plus prom-client's process and
// event-loop metrics. Each EdgeMetrics owns its Registry; the admin listener (admin.ts) serves it.
// Made only when --admin is on: the server calls it as `metrics?.…`, so without it nothing is counted.
// On the request path a count is one Map lookup of a number and an increment (tallies.ts): a label
// set is built once per combination, and prom-client reads the tallies only when scraped.
import { STATUS_CODES } from 'node:http';
import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import type { CacheStats } from '../engine/cache.js';
import { isOriginError } from './origin-error.js';
import { UnsendableHeader } from './unsendable.js';
import { counterReading, gaugeReading, TalliedCounter, type Tally } from './tallies.js';

const PREFIX = 'vcl_edge_';

/** The access log's `state`: how the request went (vcl_recv's decision, after restarts). */
const STATES = ['lookup', 'pass', 'pipe', 'error', 'upgrade', 'refused', 'other'] as const;
/** fastly_info.state as it ended (HIT, MISS, PASS, ERROR), lower case; `none` when there was no cache step. */
const CACHE_RESULTS = ['hit', 'miss', 'pass', 'error', 'none'] as const;
const STATE_INDEX = new Map<string, number>(STATES.map((s, i) => [s, i]));
const CACHE_INDEX = new Map<string, number>([
  ['HIT', 0],
  ['MISS', 1],
  ['PASS', 2],
  ['ERROR', 3],
  ['HIT-STALE', 0], // a stale object served (deliver_stale, stale-if-error)
  ['HIT-SYNTH', 0], // an answer made at the edge (vcl_error below 400): X-Cache says HIT too
]);

/**
 * The status label: a registered code as itself (about 60 of them), anything else VCL made up
 * (`error 799`) as its class, so the label's values stay bounded.
 */
export function statusLabel(status: number): string {
  if (STATUS_CODES[status] !== undefined) return String(status);
  return status >= 100 && status <= 999 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** How an origin exchange failed, as the `kind` label of vcl_edge_origin_errors_total. */
export function originFailureKind(err: unknown): string | null {
  if (!isOriginError(err)) return null;
  // The connect timer's error is the one connect failure with no Node error underneath.
  if (err.kind === 'connect') return err.cause === undefined && /timed out/.test(err.message) ? 'connect_timeout' : 'connect';
  return err.kind.replace(/-/g, '_');
}

/** Where the cache figures come from, read on each scrape (the server may replace its cache). */
export type CacheSource = () => { stats(): CacheStats; readonly maxBytes: number } | null;

/**
 * prom-client's process and event-loop metrics, made once per process: each collectDefaultMetrics
 * call starts an event-loop-delay monitor and a GC observer that nothing can stop, so one per edge
 * would leak both for every edge a process (a test run) starts and closes.
 */
let processMetrics: Registry | null = null;

function processRegistry(): Registry {
  if (processMetrics === null) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export class EdgeMetrics {
  /** This edge's metrics and the process's, as scraped. */
  readonly registry: Registry;
  private readonly requests: TalliedCounter<number>;
  private readonly tunnels: TalliedCounter<string>;
  private readonly fromClient: Tally;
  private readonly toClient: Tally;
  private readonly originErrors: TalliedCounter<string>;
  private readonly vclErrors: TalliedCounter<string>;
  private readonly reloads: TalliedCounter<string>;
  private openTunnels = 0;
  private lastReloadAt = Date.now() / 1000;
  private cacheSource: CacheSource = () => null;

  constructor() {
    const own = new Registry();
    const registers = [own];
    this.requests = new TalliedCounter({
      name: `${PREFIX}requests_total`,
      help: 'Requests answered, by how they went (state: lookup, pass, pipe, error, upgrade, refused), how the cache step ended (cache: hit, miss, pass, error, none) and the status sent.',
      labelNames: ['state', 'cache', 'status'],
      registers,
    });
    gaugeReading({ name: `${PREFIX}tunnels_open`, help: 'WebSocket tunnels handed to the relay and not yet closed.', registers }, () => this.openTunnels);
    this.tunnels = new TalliedCounter({
      name: `${PREFIX}tunnels_total`,
      help: 'Upgrade handshakes the origin answered, by outcome: upgraded (101), refused (the origin said no), failed (no answer from the origin).',
      labelNames: ['outcome'],
      registers,
    });
    const tunnelBytes = new TalliedCounter<string>({
      name: `${PREFIX}tunnel_bytes_total`,
      help: 'Bytes relayed through tunnels, by direction (from_client, to_client); added when a tunnel closes.',
      labelNames: ['direction'],
      registers,
    });
    this.fromClient = tunnelBytes.get('from_client', () => ({ direction: 'from_client' }));
    this.toClient = tunnelBytes.get('to_client', () => ({ direction: 'to_client' }));
    this.originErrors = new TalliedCounter({
      name: `${PREFIX}origin_errors_total`,
      help: 'Failed origin fetches, by backend and kind (connect, connect_timeout, tls, first_byte_timeout, between_bytes_timeout, protocol).',
      labelNames: ['backend', 'kind'],
      registers,
    });
    this.vclErrors = new TalliedCounter({
      name: `${PREFIX}vcl_errors_total`,
      help: 'Requests whose VCL failed at run time and were answered 503 by the edge, by kind (unsendable_header: VCL built a header HTTP cannot carry; exception: anything else).',
      labelNames: ['kind'],
      registers,
    });
    // In a cluster every worker reloads, once per reload: the primary reports the most any worker saw,
    // and the oldest worker's load time (a worker still on an older VCL shows).
    this.reloads = new TalliedCounter({
      name: `${PREFIX}reloads_total`,
      help: 'VCL reloads, by result (ok, refused: the new VCL had errors and the old one kept serving).',
      labelNames: ['result'],
      registers,
      aggregator: 'max',
    });
    gaugeReading(
      { name: `${PREFIX}last_reload_success_timestamp_seconds`, help: 'When the VCL serving now was loaded (Unix time).', registers, aggregator: 'min' },
      () => this.lastReloadAt,
    );
    this.cacheMetrics(registers);
    this.registry = Registry.merge([own, processRegistry()]);
  }

  /** Read the cache figures from here on each scrape. */
  watchCache(source: CacheSource): void {
    this.cacheSource = source;
  }

  /** One answered request (`cacheState`: fastly_info.state as it ended, null when no cache step ran). */
  request(state: string, cacheState: string | null, status: number): void {
    const stateIndex = STATE_INDEX.get(state) ?? STATES.length - 1;
    const cacheIndex = (cacheState === null ? undefined : CACHE_INDEX.get(cacheState)) ?? CACHE_RESULTS.length - 1;
    const code = status >= 0 && status <= 999 ? status : 1000;
    const key = (stateIndex * CACHE_RESULTS.length + cacheIndex) * 1001 + code;
    this.requests.get(key, () => ({ state: STATES[stateIndex]!, cache: CACHE_RESULTS[cacheIndex]!, status: statusLabel(status) })).value++;
  }

  tunnelOpened(): void {
    this.openTunnels++;
  }

  /** The origin answered the upgrade (101), refused it, or never answered (`failed`). */
  tunnelAccepted(status: number, failed: boolean): void {
    const outcome = status === 101 ? 'upgraded' : failed ? 'failed' : 'refused';
    this.tunnels.get(outcome, () => ({ outcome })).value++;
  }

  /** A tunnel ended: both sides closed (the relay's TunnelClosed figures). */
  tunnelClosed(stats: { bytesFromClient: number; bytesToClient: number }): void {
    this.openTunnels--;
    this.fromClient.value += stats.bytesFromClient;
    this.toClient.value += stats.bytesToClient;
  }

  /** An origin fetch for `backend` failed (only origin failures count; a client leaving mid-upload does not). */
  originFailed(backend: string, err: unknown): void {
    const kind = originFailureKind(err);
    if (kind !== null) this.originErrors.get(`${backend}\n${kind}`, () => ({ backend, kind })).value++;
  }

  /** Running the VCL for a request threw (the edge answered 503, or closed the connection). */
  vclFailed(err: unknown): void {
    const kind = err instanceof UnsendableHeader ? 'unsendable_header' : 'exception';
    this.vclErrors.get(kind, () => ({ kind })).value++;
  }

  /** For the reload: call once per attempt; `ok` false when the new VCL was refused. */
  reloaded(ok: boolean): void {
    const result = ok ? 'ok' : 'refused';
    this.reloads.get(result, () => ({ result })).value++;
    if (ok) this.lastReloadAt = Date.now() / 1000;
  }

  /** The exposition text for a scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Gauges and counters of the cache, read from it at scrape time: nothing is counted per request. */
  private cacheMetrics(registers: Registry[]): void {
    const cache = () => this.cacheSource();
    const stats = () => cache()?.stats();
    gaugeReading({ name: `${PREFIX}cache_objects`, help: 'Objects in the cache.', registers }, () => stats()?.entries ?? 0);
    gaugeReading({ name: `${PREFIX}cache_bytes`, help: 'Bytes the cached objects take (bodies and headers).', registers }, () => stats()?.bytes ?? 0);
    gaugeReading({ name: `${PREFIX}cache_capacity_bytes`, help: 'The cache budget (--cache-size).', registers }, () => cache()?.maxBytes ?? 0);
    counterReading({ name: `${PREFIX}cache_hits_total`, help: 'Cache lookups that found a fresh object.', registers }, () => stats()?.hits);
    counterReading({ name: `${PREFIX}cache_misses_total`, help: 'Cache lookups that found nothing fresh.', registers }, () => stats()?.misses);
    counterReading({ name: `${PREFIX}cache_evictions_total`, help: 'Objects dropped to keep the cache within its budget.', registers }, () => stats()?.evictions);
  }
}

/**
 * The metrics of a cluster worker: counted as in a single process, and sent to the primary when its
 * AggregatorRegistry asks (prom-client's cluster messages; startClusterAdmin in admin.ts sums them).
 */
export function clusterWorkerMetrics(): EdgeMetrics {
  const metrics = new EdgeMetrics();
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructing one installs the worker's listener for the primary's requests (prom-client's cluster.js).
  new AggregatorRegistry();
  return metrics;
}
