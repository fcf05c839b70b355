// The language core's speed and memory: parse, parse+check and full load (parse, check and compile into a
// Service) lines per second on a generated 10,000-line VCL, the heap a loaded Service keeps, and the cost
// of one vcl_recv run of the realistic fixture (median of many runs, in µs).
//
// Lines per second are throughput: all the lines of the timed runs over their total time. The garbage
// collector's work falls on some runs and not on others, often every other one, so a median would
// count it fully or not at all depending on luck; a total counts its share.

import { fileURLToPath } from 'node:url';
import { check } from '../src/check/checker.js';
import { parse } from '../src/parser/index.js';
import { compile, loadVcl, type Service } from '../src/engine/service.js';
import { generateVcl } from './parse-bench.js';

const fixture = fileURLToPath(new URL('../../fixtures/main.vcl', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const RUNS = 30;

/** Lines per second over `runs` timed runs (milliseconds each). */
function throughput(lines: number, runs: number[]): number {
  return Math.round((lines * runs.length) / (runs.reduce((a, b) => a + b, 0) / 1000));
}

/**
 * Parse alone, run after run with nothing else between, on a fresh heap (a process of its own): the
 * parser's own speed. In the parse+check loop below each AST lives on through its check, so the garbage
 * collector copies what of it is alive when it runs; the gap between the two parse figures is that work.
 */
export function benchParseAlone(lines = 10_000): { parseAloneLinesPerSecond: number } {
  const source = generateVcl(lines);
  const actual = source.split('\n').length;
  for (let i = 0; i < 5; i++) parse(source, 'gen.vcl');
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    parse(source, 'gen.vcl');
    runs.push(performance.now() - t);
  }
  return { parseAloneLinesPerSecond: throughput(actual, runs) };
}

/**
 * One timed parse and check: milliseconds to parse, and to parse and check. A function of its own so the
 * tree is unreachable once it returns. Written inline in the loop, the loop's frame kept the last tree
 * alive through the next run (an interpreted frame keeps a dead variable's value until it is written
 * again), so every run parsed while the previous tree was still alive, and the collector copied both.
 * A caller that parses a file once has no such second tree.
 */
function parseAndCheck(source: string): { parseMs: number; totalMs: number } {
  const started = performance.now();
  const program = parse(source, 'gen.vcl');
  const parsed = performance.now();
  check(program);
  return { parseMs: parsed - started, totalMs: performance.now() - started };
}

export function benchParseCheck(lines = 10_000): { lines: number; parseLinesPerSecond: number; parseCheckLinesPerSecond: number } {
  const source = generateVcl(lines);
  const actual = source.split('\n').length;
  for (let i = 0; i < 5; i++) parseAndCheck(source); // warm up
  const parseRuns: number[] = [];
  const fullRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = parseAndCheck(source);
    parseRuns.push(run.parseMs);
    fullRuns.push(run.totalMs);
  }
  return {
    lines: actual,
    parseLinesPerSecond: throughput(actual, parseRuns),
    parseCheckLinesPerSecond: throughput(actual, fullRuns),
  };
}

/**
 * One timed full load (parse, check, compile into a Service, as `loadVcl` and `serve` do): milliseconds.
 * A function of its own, so the service is unreachable once it returns (see parseAndCheck).
 */
function loadOnce(source: string): number {
  const started = performance.now();
  compile(source, { file: 'gen.vcl' });
  return performance.now() - started;
}

export function benchLoad(lines = 10_000): { loadLinesPerSecond: number } {
  const source = generateVcl(lines);
  const actual = source.split('\n').length;
  for (let i = 0; i < 5; i++) loadOnce(source); // warm up
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(loadOnce(source));
  return { loadLinesPerSecond: throughput(actual, runs) };
}

/**
 * The heap in use after full collections (needs `node --expose-gc`): the least of a few, each after the
 * event loop turned. Now and then a collection right after a load still finds the load's tree alive (the
 * JIT's background work holds it a little longer); a later one does not.
 */
async function settledHeap(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('the heap figures need node --expose-gc');
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

/**
 * The heap a loaded Service keeps (MiB), with a collection before and after its load. The first load of a
 * process also builds what every later one shares (the function and variable tables' lazy parts, compiled
 * regexes, the JIT's code): `firstLoadHeapMiB` counts it, `serviceHeapMiB` is a second service alone.
 */
export async function benchHeap(lines = 10_000): Promise<{ firstLoadHeapMiB: number; serviceHeapMiB: number }> {
  const source = generateVcl(lines);
  const loaded: Service[] = []; // each service stays alive while the next is measured
  const kept = async (): Promise<number> => {
    const before = await settledHeap();
    loaded.push(compile(source, { file: 'gen.vcl' }));
    return (await settledHeap()) - before;
  };
  const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(2));
  const first = mib(await kept());
  return { firstLoadHeapMiB: first, serviceHeapMiB: mib(await kept()) };
}

/**
 * One vcl_recv of fixtures/main.vcl for a typical page request (new context each run): the median of
 * batches of 100, after a warm-up long enough for the JIT to have optimized the path. (With 5,000 calls of
 * warm-up and 20,000 measured, a busy machine still ran much of the measurement in code V8 had not yet
 * optimized, and the median moved by a third from run to run.)
 */
export function benchRecv(runs = 200_000, warmup = 50_000): { recvMedianMicros: number; recvMeanMicros: number } {
  const service = loadVcl(fixture);
  const request = { url: '/articles/42?utm_source=news&b=2&a=1', headers: { Host: 'example.com', 'User-Agent': 'bench', Cookie: 'user=ada' } };
  for (let i = 0; i < warmup; i++) service.recv(request);
  const samples: number[] = [];
  const batch = 100;
  const started = performance.now();
  for (let i = 0; i < runs / batch; i++) {
    const t = performance.now();
    for (let j = 0; j < batch; j++) service.recv(request);
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  const total = performance.now() - started;
  return { recvMedianMicros: Number(median(samples).toFixed(2)), recvMeanMicros: Number(((total * 1000) / runs).toFixed(2)) };
}

// `node [--expose-gc] core-bench.js [parse-alone] [parse] [load] [heap] [recv]`: the parts to run (all when
// none is named; `heap` needs --expose-gc).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  const wanted = (part: string) => parts.length === 0 || parts.includes(part);
  console.log(
    JSON.stringify(
      {
        ...(wanted('parse-alone') ? benchParseAlone() : {}),
        ...(wanted('parse') ? benchParseCheck() : {}),
        ...(wanted('load') ? benchLoad() : {}),
        ...(wanted('heap') ? await benchHeap() : {}),
        ...(wanted('recv') ? benchRecv() : {}),
      },
      null,
      2,
    ),
  );
}
