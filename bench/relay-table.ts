// The relay table: nginx, HAProxy, the simplest Node relay and vcl-edge, each measured by
// relay-bench.ts against the same `ws` echo origin direct (round trips, added p99, bulk, memory
// per idle tunnel), one target after the other in one run. Ratios are to the direct figures
// measured alongside that target (interleaved slices), so drift on a shared machine cancels.
import { fileURLToPath } from 'node:url';
import { startEdgeChild } from './edge-child.js';
import { startHaproxy } from './peers/haproxy.js';
import { startNginx } from './peers/nginx.js';
import { installMissingPeers, peerVersion } from './peers/spawn.js';
import { benchRelay, startProxy as startMinimalNodeRelay, type ProxyHandle, type StartProxy } from './relay-bench.js';
import { count, markdownTable, median } from './tables.js';

type Figures = Record<string, number>;

interface RelayTarget {
  name: string;
  start(originPort: number): Promise<ProxyHandle | undefined>;
}

function relayTargets(): RelayTarget[] {
  const vcl = fileURLToPath(new URL('../../bench/ws-bench.vcl', import.meta.url));
  return [
    { name: `${peerVersion('nginx') ?? 'nginx'} (1 worker)`, start: (port) => startNginx(port, 'relay') },
    { name: `${peerVersion('haproxy') ?? 'HAProxy'} (1 thread)`, start: (port) => startHaproxy(port, 'relay') },
    { name: 'simplest Node relay', start: startMinimalNodeRelay },
    { name: 'vcl-edge', start: (port) => startEdgeChild(vcl, { origin: `http://127.0.0.1:${port}` }) },
  ];
}

class NotInstalled extends Error {}

/** Every relay target through relay-bench.ts; a target that is missing or fails gets a note instead. */
export async function benchRelayTable(): Promise<Record<string, unknown>> {
  installMissingPeers();
  const results: Record<string, Figures> = {};
  const notes: Record<string, string> = {};
  for (const target of relayTargets()) {
    const start: StartProxy = async (port) => {
      const handle = await target.start(port);
      if (!handle) throw new NotInstalled();
      return handle;
    };
    try {
      results[target.name] = await benchRelay(start);
    } catch (err) {
      notes[target.name] = err instanceof NotInstalled ? 'not installed' : `failed: ${(err as Error).message.slice(0, 300)}`;
    }
  }
  return { targets: results, notes, markdown: relayMarkdown(results, notes) };
}

/** The relay table as Markdown, the direct row being the median of the direct runs beside each target. */
export function relayMarkdown(results: Record<string, Figures>, notes: Record<string, string>): string {
  const all = Object.values(results);
  const directRtt = median(all.map((r) => r.rtt_direct_per_s!));
  const directBulk = median(all.map((r) => r.bulk_direct_MBps!));
  const rows = [['direct', `${count(directRtt)} (1.00)`, '–', `${count(directBulk)} (1.00)`, '–']];
  for (const [name, r] of Object.entries(results)) {
    rows.push([
      name,
      `${count(r.rtt_proxy_per_s!)} (${r.rtt_ratio!.toFixed(2)})`,
      signedMicros(r.latency_added_p99_us!),
      `${count(r.bulk_proxy_MBps!)} (${r.bulk_ratio!.toFixed(2)})`,
      `${r.idle_rss_per_tunnel_KB!.toFixed(1)} KB`,
    ]);
  }
  for (const [name, why] of Object.entries(notes)) rows.push([name, why, '', '', '']);
  const tunnels = all[0]?.idle_tunnels ?? 0;
  const table = markdownTable(['target', 'round trips/s (× direct)', 'RTT p99 added', 'bulk MB/s (× direct)', `memory per idle tunnel (${count(tunnels)})`], rows);
  return `${table}\n\nEach ratio is to the direct run interleaved with that target; the direct row is the median of those runs.`;
}

/** An added latency with its sign: below the direct run's (noise on a busy machine) reads as −N µs. */
function signedMicros(us: number): string {
  const rounded = Math.round(us);
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)} µs`;
}
