// Lint throughput: lines per second for the whole `lint` (parse, check, every lint rule, suppressions)
// on a generated 10,000-line VCL and on the fixtures, plus the share of lint's own rules alone.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from '../src/check/checker.js';
import { loadSource } from '../src/parser/loader.js';
import { lint, lintSource, runLintChecks } from '../src/lint/lint.js';
import { generateVcl } from './parse-bench.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));


/**
 * Mean milliseconds of `runs` calls after `warmup` calls. A mean, not a median: the garbage collector's
 * work falls on some runs and not on others, and throughput must count its share.
 */
function time(run: () => void, runs = 30, warmup = 5): number {
  for (let i = 0; i < warmup; i++) run();
  const started = performance.now();
  for (let i = 0; i < runs; i++) run();
  return (performance.now() - started) / runs;
}

const perSecond = (lines: number, ms: number) => Math.round(lines / (ms / 1000));

export interface LintBench {
  lines: number;
  /** The whole lint of the generated file: parse, check, lint rules, suppressions, severities. */
  linesPerSecond: number;
  /** Lint's own rules alone (one walk), on the already checked generated file. */
  rulesLinesPerSecond: number;
  fixtureLines: number;
  /** The whole lint of fixtures/*.vcl, read from disk. */
  fixturesLinesPerSecond: number;
}

export function benchLint(): LintBench {
  const source = generateVcl(10_000);
  const lines = source.split('\n').length;
  const whole = time(() => lintSource(source, 'gen.vcl'));
  const load = loadSource(source, 'gen.vcl');
  const { info } = check(load.program);
  const rules = time(() => runLintChecks(load.program, info), 31);

  const files = readdirSync(fixtures)
    .filter((f) => f.endsWith('.vcl'))
    .map((f) => `${fixtures}${f}`);
  const loaded = lint(files);
  const fixtureLines = [...loaded.sources.values()].reduce((n, text) => n + text.split('\n').length, 0);
  // A lint of the fixtures takes about a millisecond: enough runs that the JIT has settled, as it has
  // for the generated file after a few of its 30 runs.
  const onFixtures = time(() => lint(files), 500, 100);

  return {
    lines,
    linesPerSecond: perSecond(lines, whole),
    rulesLinesPerSecond: perSecond(lines, rules),
    fixtureLines,
    fixturesLinesPerSecond: perSecond(fixtureLines, onFixtures),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(benchLint(), null, 2));
}
