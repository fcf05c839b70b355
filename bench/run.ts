// `npm run bench`: every benchmark, side by side in one run, printed as one JSON report.
// Nothing here is asserted: the numbers are for reading (and for the issues' notes).
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchParseAlone, benchParseCheck, benchRecv } from './core-bench.js';
import { startEdgeChild } from './edge-child.js';
import { benchHttp } from './http-bench.js';
import { benchRelay, startProxy as startMinimalNodeRelay } from './relay-bench.js';

const only = process.argv.slice(2); // e.g. `npm run bench -- core relay`
const wanted = (name: string) => only.length === 0 || only.includes(name);

const report: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
};

if (wanted('core')) {
  report.core = { ...benchParseAlone(), ...benchParseCheck(), ...benchRecv() }; // parse alone first, on a fresh heap
  // Parse and check are bound by garbage collection (the AST outlives V8's young generation): the same
  // benchmark with a larger young generation, for the record.
  const tuned = execFileSync(process.execPath, ['--max-semi-space-size=64', fileURLToPath(new URL('./core-bench.js', import.meta.url))], { encoding: 'utf8' });
  report.coreWithLargeYoungGeneration = JSON.parse(tuned) as unknown;
}
if (wanted('lint')) {
  // The linter's benchmark lives with the linter; load it only if present.
  try {
    const { benchLint } = (await import('./lint-bench.js')) as { benchLint: () => unknown };
    report.lint = await benchLint();
  } catch (e) {
    report.lint = { skipped: (e as Error).message };
  }
}
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
