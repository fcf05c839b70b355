// `vcl-edge test <main.vcl> [tests...]`: run falco-style *.test.vcl unit tests against a service.
// Exit codes: 0 all passed, 1 a test failed, 2 a usage or VCL error (reported like lint).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { VclError } from '../../src/diagnostics.js';
import { findTestFiles } from '../../src/testing/discover.js';
import { UsageError } from '../../src/usage-error.js';
import { formatJson } from '../../src/testing/report-json.js';
import { formatJunit } from '../../src/testing/report-junit.js';
import { formatText } from '../../src/testing/report-text.js';
import type { TestReport } from '../../src/testing/results.js';
import { runTests } from '../../src/testing/runner.js';
import { watchAndRun } from '../../src/testing/watch.js';

const FORMATS = { text: formatText, json: formatJson, junit: formatJunit } as const;
type Format = keyof typeof FORMATS;

interface TestOptions {
  include: string[];
  filter?: string;
  tag: string[];
  format: string;
  watch?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** One run: the report's text and the exit code it deserves, plus the files to watch. */
function runOnce(main: string, patterns: string[], opts: TestOptions, format: Format): { out: string; err: string; code: number; files: string[] } {
  let testFiles: string[] = [];
  try {
    if (!existsSync(main)) throw new UsageError(`cannot read ${main}`);
    testFiles = findTestFiles(main, patterns, opts.include);
    if (testFiles.length === 0) throw new UsageError(`no test files found${patterns.length ? ` for ${patterns.join(' ')}` : ` (*.test.vcl beside ${main} or below it)`}`);
    const report: TestReport = runTests(main, testFiles, { includePaths: opts.include, filter: opts.filter, tags: opts.tag });
    // A typo in --filter or --tag must not pass CI by running nothing.
    if (opts.filter && !report.results.some((r) => r.status !== 'skipped')) throw new UsageError(`no test matches --filter ${opts.filter}`);
    return { out: FORMATS[format](report), err: '', code: report.summary.failed > 0 ? 1 : 0, files: [...report.files, ...testFiles] };
  } catch (e) {
    if (e instanceof VclError || e instanceof UsageError) {
      // VclError's message is the diagnostics with their code frames, as lint prints them.
      return { out: '', err: `${e instanceof UsageError ? `vcl-edge test: ${e.message}` : e.message}\n`, code: 2, files: [main, ...testFiles].filter((f) => existsSync(f)) };
    }
    throw e;
  }
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('Run falco-style unit tests (*.test.vcl) against a VCL service')
    .argument('<main>', 'the main VCL file')
    .argument('[tests...]', 'test files or globs (default: every *.test.vcl beside <main> and below it)')
    .option('-I, --include <path>', 'a folder to look for included files (and test files) in; repeatable', collect, [])
    .option('--filter <glob>', 'run only tests whose name, describe group or file matches the glob')
    .option('--tag <tag>', 'run tests tagged @tag: <tag> (see falco tag rules); repeatable', collect, [])
    .option('--format <format>', 'text, json or junit', 'text')
    .option('--watch', 'run again when main.vcl, an include or a test file changes')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action((main: string, patterns: string[], opts: TestOptions) => {
      if (!(opts.format in FORMATS)) {
        process.stderr.write(`vcl-edge test: unknown format "${opts.format}" (use text, json or junit)\n`);
        process.exit(2);
      }
      const format = opts.format as Format;
      if (!opts.watch) {
        const result = runOnce(main, patterns, opts, format);
        process.stdout.write(result.out);
        process.stderr.write(result.err);
        process.exitCode = result.code;
        return;
      }
      watchAndRun(() => {
        const result = runOnce(main, patterns, opts, format);
        process.stdout.write(`\n--- ${new Date().toLocaleTimeString()} ---\n${result.out}`);
        process.stderr.write(result.err);
        return result.files;
      });
    });
}
