// The language core's speed: parse+check lines per second on a generated 10,000-line VCL, and
// the cost of one vcl_recv run of the realistic fixture (median of many runs, in µs).
//
// Lines per second are throughput: all the lines of the timed runs over their total time. The garbage
// collector's work falls on some runs and not on others, often every other one, so a median would
// count it fully or not at all depending on luck; a total counts its share.

import { fileURLToPath } from 'node:url';
import { check } from '../src/check/checker.js';
import { parse } from '../src/parser/index.js';
import { loadVcl } from '../src/engine/service.js';
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

/** One vcl_recv of fixtures/main.vcl for a typical page request (new context each run). */
export function benchRecv(runs = 20_000): { recvMedianMicros: number; recvMeanMicros: number } {
  const service = loadVcl(fixture);
  const request = { url: '/articles/42?utm_source=news&b=2&a=1', headers: { Host: 'example.com', 'User-Agent': 'bench', Cookie: 'user=ada' } };
  for (let i = 0; i < 5_000; i++) service.recv(request);
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

// `node core-bench.js [parse-alone] [parse] [recv]`: the parts to run (all when none is named).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  const wanted = (part: string) => parts.length === 0 || parts.includes(part);
  console.log(
    JSON.stringify({ ...(wanted('parse-alone') ? benchParseAlone() : {}), ...(wanted('parse') ? benchParseCheck() : {}), ...(wanted('recv') ? benchRecv() : {}) }, null, 2),
  );
}
