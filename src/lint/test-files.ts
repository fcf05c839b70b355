// Linting a *.test.vcl file: it is checked as `vcl-edge test` checks it (testing.* and assert.* known,
// describe allowed, each test against its @scope), joined with its main VCL when one stands beside it,
// so its calls to main's subroutines and tables resolve. Only the test file's own findings are kept:
// main.vcl is linted on its own, and a test sub is never "unused" (the runner calls it).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { CheckOptions } from '../check/checker.js';
import { loadSource, type LoadResult } from '../parser/loader.js';
import { prepareTestFile } from '../testing/test-file-check.js';

export const isTestFile = (path: string) => path.endsWith('.test.vcl');

const HAS_RECV = /\bsub\s+vcl_recv\b/;

/** The main VCL beside a test file, falco's convention: the first non-test .vcl there with a vcl_recv. */
function findMain(testFile: string, read: (path: string) => string): string | null {
  const dir = dirname(testFile);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return null;
  }
  for (const name of names) {
    if (!name.endsWith('.vcl') || isTestFile(name)) continue;
    const path = join(dir, name);
    try {
      if (HAS_RECV.test(read(path))) return path;
    } catch {
      // unreadable: not a candidate
    }
  }
  return null;
}

export interface TestFileLint {
  load: LoadResult;
  options: CheckOptions;
  /** Whether a finding belongs to the test file's own lint. */
  keep(d: Diagnostic): boolean;
  /** The test file and its includes: main.vcl is reported when it is linted itself. */
  files: readonly string[];
}

export function prepareTestFileLint(testFile: string, text: string, includePaths: readonly string[] | undefined, read: (path: string) => string): TestFileLint {
  const test = loadSource(text, testFile, { includePaths, readFile: read });
  const mainFile = findMain(testFile, read);
  const main = mainFile ? loadSource(read(mainFile), mainFile, { includePaths, readFile: read }) : null;
  const { load, options } = prepareTestFile(main, test);
  const own = new Set(test.files);
  // Tests and hooks are called by the runner, helpers by tests: no sub of a test file is "unused".
  return { load, options, keep: (d) => own.has(d.file) && d.rule !== 'unused-subroutine', files: test.files };
}
