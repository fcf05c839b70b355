// Runs a falco-style test file given as text against a main VCL given as text, the way
// `vcl-edge test main.vcl main.test.vcl` runs them (files in a temporary folder, removed after).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTests, type RunOptions } from '../../src/testing/runner.js';
import type { TestResult } from '../../src/testing/results.js';
import { projectDir } from './project-dirs.js';

export function runInline(main: string, tests: string, options: RunOptions = {}): TestResult[] {
  const dir = projectDir({ 'main.vcl': main, 'main.test.vcl': tests });
  try {
    return runTests(join(dir, 'main.vcl'), [join(dir, 'main.test.vcl')], options).results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each test's outcome by its name (less a `test_` prefix): `passed`, `skipped`, or the failure's message. */
export function outcomes(results: readonly TestResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.name.replace(/^test_/, ''), r.status === 'failed' ? r.failure!.message : r.status]));
}

/** One test sub per case: `sub test_<name> { <body> }` (the prefix keeps a case named `restart` a name). */
export function testSubs(cases: Record<string, string>): string {
  return Object.entries(cases)
    .map(([name, body]) => `sub test_${name} {\n  ${body}\n}\n`)
    .join('\n');
}
