// `npm run bench`: every benchmark, side by side in one run, printed as one JSON report on stdout,
// then the relay and HTTP tables as Markdown on stderr (vcl-edge beside nginx, HAProxy, Varnish and
// the simplest Node proxies; ratios are to the origin direct, measured in the same run).
// Nothing here is asserted: the numbers are for reading (and for the issues' notes).
//
// Parts: `npm run bench -- core lint regex relay http` (default: all). A full run takes 6–8 minutes
// on 2 cores (core, lint, regex ≈ 40 s; relay ≈ 2–3 min; http ≈ 3–4 min; plus tsc). Knobs (bench/knobs.ts):
//   BENCH_ROUNDS=3      interleaved HTTP rounds, medians over them
//   BENCH_SECONDS=5     seconds of wrk load per target, path and round
//   BENCH_TUNNELS=5000  idle tunnels for the relay's memory figure
// Quick look: BENCH_ROUNDS=1 BENCH_SECONDS=2 BENCH_TUNNELS=1000 npm run bench -- http relay
// Peers come from Debian (nginx-light, haproxy, varnish, wrk): bench/install-peers.sh installs the
// missing ones when run as root; otherwise their rows say "not installed". The benchmark starts its
// own instances on 127.0.0.1 with temporary configs and stops them at the end.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchHttp } from './http-bench.js';
import { knobs } from './knobs.js';
import { peerVersion, type PeerName } from './peers/spawn.js';
import { benchRelayTable } from './relay-table.js';

const started = performance.now();
const only = process.argv.slice(2); // e.g. `npm run bench -- core relay`
const wanted = (name: string) => only.length === 0 || only.includes(name);

const report: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    peers: (['nginx', 'haproxy', 'varnish', 'wrk'] as PeerName[]).map((name) => peerVersion(name) ?? `${name}: not installed`),
  },
  knobs,
};

/**
 * Run a benchmark script in a fresh Node process and read its JSON. The parse, check and lint figures
 * depend on the state of the garbage-collected heap (a heap grown by an earlier benchmark roughly
 * doubles them), so each gets a process of its own and the report does not depend on their order.
 */
function inFreshProcess(script: string, args: string[] = [], nodeFlags: string[] = []): Record<string, unknown> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [...nodeFlags, path, ...args], { encoding: 'utf8' })) as Record<string, unknown>;
}

/**
 * The full load in several fresh processes: the median, and the least and most. V8 settles each process
 * into one of two collection patterns (whether it pretenures the syntax tree's allocation sites), which
 * moves a process's figure by a fifth; one process would report whichever it happened to get.
 */
const LOAD_PROCESSES = 5;
function loadInProcesses(count: number): { loadLinesPerSecond: number; loadLinesPerSecondRange: [number, number] } {
  const figures = Array.from({ length: count }, () => inFreshProcess('./core-bench.js', ['load']).loadLinesPerSecond as number).sort((a, b) => a - b);
  return { loadLinesPerSecond: figures[Math.floor(count / 2)]!, loadLinesPerSecondRange: [figures[0]!, figures[count - 1]!] };
}

/** Runs a part when it is wanted, putting its result in the report and its duration in `seconds`. */
const seconds: Record<string, number> = {};
async function part(name: string, run: () => unknown): Promise<void> {
  if (!wanted(name)) return;
  const partStarted = performance.now();
  report[name] = await run();
  seconds[name] = Math.round((performance.now() - partStarted) / 1000);
}

// Each core part in a process of its own: the heap one leaves behind slows the next (the trees the
// parse-alone runs promoted cost parse+check about a tenth; vcl_recv more).
// The heap figure collects garbage around a load, which only --expose-gc allows.
await part('core', () =>
  Object.assign(
    {},
    ...['parse-alone', 'parse', 'heap', 'recv'].map((which) => inFreshProcess('./core-bench.js', [which], which === 'heap' ? ['--expose-gc'] : [])),
    loadInProcesses(LOAD_PROCESSES),
  ),
);
await part('lint', () => inFreshProcess('./lint-bench.js'));
await part('regex', () => inFreshProcess('./regex-bench.js'));
await part('relay', benchRelayTable);
await part('http', benchHttp);
report.seconds = { ...seconds, total: Math.round((performance.now() - started) / 1000) };
console.log(JSON.stringify(report, null, 2));
printTables();

/** The tables as Markdown on stderr, to paste into a note (stdout stays one JSON document). */
function printTables(): void {
  const tables = [
    ['Relay', report.relay],
    ['HTTP', report.http],
  ].filter(([, part]) => typeof (part as { markdown?: unknown } | undefined)?.markdown === 'string');
  if (tables.length === 0) return;
  const machine = report.machine as { cpu?: string; cpus: number; node: string; peers: string[] };
  console.error(`\nMachine: ${machine.cpu} × ${machine.cpus}, Node ${machine.node}, ${machine.peers.join(', ')}.`);
  console.error('nginx runs 1 worker process and HAProxy 1 thread (fair on 2 cores: the load generator needs one);');
  console.error('Varnish runs its default thread pools; vcl-edge as each row says. Ratios are to the origin direct, same run.');
  for (const [title, part] of tables) console.error(`\n${title}\n\n${(part as { markdown: string }).markdown}`);
}
process.exit(0);
