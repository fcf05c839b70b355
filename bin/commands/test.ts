// `vcl-edge test <main.vcl> [tests...]`: run falco-style *.test.vcl unit tests against a service.
// Exit codes: 0 all passed, 1 a test failed, 2 a usage or VCL error (reported like lint).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { parseOverride } from '../../src/builtins/variables.js';
import type { Value } from '../../src/values/values.js';
import { findTestFiles } from '../../src/testing/discover.js';
import { UsageError, cannotRead } from '../../src/usage-error.js';
import { hasGlob } from '../../src/files/glob.js';
import { assembleService, hasMain, loadProject, type ProjectConfig } from '../../src/project/index.js';
import { addFastlyMacrosOption, addProjectOptions, collect, exitTwoOnUsageErrors, projectOptions, type ProjectFlags } from './project-options.js';
import { compileService, loadErrorText } from './project-service.js';
import { formatJson } from '../../src/testing/report-json.js';
import { formatJunit } from '../../src/testing/report-junit.js';
import { formatText } from '../../src/testing/report-text.js';
import type { TestReport } from '../../src/testing/results.js';
import { runTests } from '../../src/testing/runner.js';
import { watchAndRun } from '../../src/testing/watch.js';
import { takeTestInjections } from '../../src/testing/injections.js';
import { readRequestConfig } from '../../src/testing/request-config.js';

const FORMATS = { text: formatText, json: formatJson, junit: formatJunit } as const;
type Format = keyof typeof FORMATS;

interface TestOptions extends ProjectFlags {
  filter?: string;
  tag: string[];
  format: string;
  json?: boolean;
  watch?: boolean;
  host?: string;
  request?: string;
  override: string[];
  /** falco's --include_path. */
  include_path: string[];
  coverage?: boolean;
  coverageOut?: string;
}

/** `--override NAME=VALUE`, read as the variable's type; a bad one is a usage error. */
function overrideFlag(text: string): [string, Value] {
  try {
    return parseOverride(text);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** `test [main] [tests...]`: the first argument is the main VCL unless the project has one and it names tests. */
function splitArguments(args: readonly string[], project: ProjectConfig): { main: string | null; patterns: string[] } {
  const [first, ...rest] = args;
  const namesTests = first === undefined || first.endsWith('.test.vcl') || hasGlob(first);
  if (hasMain(project) && namesTests) return { main: null, patterns: [...args] };
  if (first === undefined) throw new UsageError('no main VCL: name one (vcl-edge test main.vcl), set "main" in .vcl-edge.json, or give --terraform plan.json');
  return { main: first, patterns: rest };
}

/** One run: the report's text and the exit code it deserves, plus the files to watch. */
function runOnce(args: string[], opts: TestOptions, format: Format): { out: string; err: string; code: number; files: string[] } {
  let testFiles: string[] = [];
  let watched: string[] = args.filter((f) => existsSync(f));
  try {
    const project = loadProject(projectOptions({ ...opts, includePath: [...opts.includePath, ...opts.include_path] }, process.cwd()));
    for (const [name, value] of opts.override.map(overrideFlag)) project.overrides.set(name, value as string | number | boolean);
    watched = [...watched, ...project.sources.keys()];
    const coverage = opts.coverage || opts.coverageOut ? ['--coverage: vcl-edge does not collect code coverage; the tests run as without it'] : [];
    const notes = [...project.notes, ...coverage].map((n) => `vcl-edge test: note: ${n}\n`).join('');
    const { main, patterns } = splitArguments(args, project);
    if (main !== null && !existsSync(main)) throw cannotRead(main, { code: 'ENOENT' });
    // falco's testing.overrides may name any variable; those vcl-edge cannot override are injected per test.
    const inject = takeTestInjections(project.overrides);
    const assembled = assembleService(project, { main: main === null ? undefined : resolve(main) });
    const mainFile = main ?? assembled.load.files[0]!;
    // falco's -f names test files (`-f '*_api.test.vcl'`): a glob ending in .vcl picks files, not tests.
    const fileGlob = opts.filter?.endsWith('.vcl') ? opts.filter : undefined;
    testFiles = findTestFiles(mainFile, patterns, project.includePaths, fileGlob);
    if (testFiles.length === 0) throw new UsageError(`no test files found${patterns.length ? ` for ${patterns.join(' ')}` : ` (*.test.vcl beside ${mainFile} or below it)`}`);
    const report: TestReport = runTests(mainFile, testFiles, {
      includePaths: project.includePaths,
      filter: fileGlob ? undefined : opts.filter,
      tags: opts.tag,
      request: { ...(opts.request ? readRequestConfig(opts.request) : {}), ...(opts.host ? { host: opts.host } : {}) },
      inject,
      loadMain: () => assembled.load,
      compile: (load, options) => compileService(load, project, options),
    });
    // A typo in --filter or --tag must not pass CI by running nothing.
    if (opts.filter && !report.results.some((r) => r.status !== 'skipped')) throw new UsageError(`no test matches --filter ${opts.filter}`);
    return { out: FORMATS[format](report), err: notes, code: report.summary.failed > 0 ? 1 : 0, files: [...report.files, ...testFiles, ...watched] };
  } catch (e) {
    const err = loadErrorText(e, 'test');
    if (err === null) throw e;
    return { out: '', err, code: 2, files: [...watched, ...testFiles] };
  }
}

export function registerTest(program: Command): void {
  const command = program
    .command('test')
    .description('Run falco-style unit tests (*.test.vcl) against a VCL service')
    .argument('[main]', "the main VCL file (default: the project's, from .vcl-edge.json or --terraform)")
    .argument('[tests...]', 'test files or globs (default: every *.test.vcl beside the main VCL and below it, and in the include paths)');
  exitTwoOnUsageErrors(addFastlyMacrosOption(addProjectOptions(command)))
    .option('-f, --filter <glob>', 'run only tests whose name, describe group or file matches the glob')
    .option('-t, --tag <tag>', 'run tests tagged @tag: <tag> (see falco tag rules); repeatable', collect, [])
    .option('--format <format>', 'text, json or junit', 'text')
    .option('--json', 'the same as --format json (falco\'s flag)')
    .option('--host <host>', 'the Host header every test request starts with (default: localhost)')
    .option('--request <file>', 'a JSON or YAML file changing every test request: remote_ip, path, user_agent, headers (falco)')
    .option('-o, --override <name=value>', 'give an environment variable this value in every test (client.geo.country_code=DE…); repeatable', collect, [])
    .option('-w, --watch', 'run again when main.vcl, an include or a test file changes')
    // falco's spellings, so a `falco test` command line runs unchanged. VCL has no loops, so a test run
    // always ends: falco's --timeout has nothing to bound here.
    .addOption(new Option('--include_path <dir>', "falco's name for --include-path").argParser(collect).default([]).hideHelp())
    .addOption(new Option('--timeout <minutes>', "falco's test timeout (a vcl-edge test run always ends)").hideHelp())
    .addOption(new Option('--coverage', "falco's coverage report (not collected: a note says so)").hideHelp())
    .addOption(new Option('--coverage-out <file>', "falco's coverage file (not written: a note says so)").hideHelp())
    .action((main: string | undefined, patterns: string[], opts: TestOptions) => {
      const args = main === undefined ? patterns : [main, ...patterns];
      if (opts.json) opts.format = 'json';
      if (!(opts.format in FORMATS)) {
        process.stderr.write(`vcl-edge test: --format must be one of ${Object.keys(FORMATS).join(', ')}, got "${opts.format}"\n`);
        process.exit(2);
      }
      const format = opts.format as Format;
      if (!opts.watch) {
        const result = runOnce(args, opts, format);
        process.stdout.write(result.out);
        process.stderr.write(result.err);
        process.exitCode = result.code;
        return;
      }
      watchAndRun(() => {
        const result = runOnce(args, opts, format);
        process.stdout.write(`\n--- ${new Date().toLocaleTimeString()} ---\n${result.out}`);
        process.stderr.write(result.err);
        return result.files;
      });
    });
}
