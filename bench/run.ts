// `npm run bench`: every benchmark, side by side in one run, printed as one JSON report.
// Nothing here is asserted: the numbers are for reading (and for the issues' notes).
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEdgeChild } from './edge-child.js';
import { benchHttp } from './http-bench.js';
import { benchRelay, startProxy as startMinimalNodeRelay } from './relay-bench.js';

const only = process.argv.slice(2); // e.g. `npm run bench -- core relay`
const wanted = (name: string) => only.length === 0 || only.includes(name);

const report: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
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

if (wanted('core')) {
  // Each part in a process of its own: the heap one leaves behind slows the next (the trees the
  // parse-alone runs promoted cost parse+check about a tenth; vcl_recv more).
  // The heap figure collects garbage around a load, which only --expose-gc allows.
  report.core = Object.assign(
    {},
    ...['parse-alone', 'parse', 'load', 'heap', 'recv'].map((part) => inFreshProcess('./core-bench.js', [part], part === 'heap' ? ['--expose-gc'] : [])),
  );
}
if (wanted('lint')) report.lint = inFreshProcess('./lint-bench.js');
if (wanted('regex')) report.regex = inFreshProcess('./regex-bench.js');
if (wanted('http')) report.http = await benchHttp();
if (wanted('relay')) {
  const vcl = fileURLToPath(new URL('../../bench/ws-bench.vcl', import.meta.url));
  report.relay = {
    vclEdge: await benchRelay((originPort) => startEdgeChild(vcl, { origin: `http://127.0.0.1:${originPort}` })),
    minimalNodeRelay: await benchRelay(startMinimalNodeRelay),
  };
}
console.log(JSON.stringify(report, null, 2));
process.exit(0);
