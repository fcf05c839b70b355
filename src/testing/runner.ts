// Running *.test.vcl files against a main VCL: each test file is checked and compiled together with
// main.vcl (so tests can call vcl_recv and use its backends and tables), then every test sub runs
// once per @scope, with its describe group's hooks around it.
import { basename, relative } from 'node:path';
import type { Scope } from '../values/context.js';
import { loadFile, type LoadResult } from '../parser/loader.js';
import { Service } from '../engine/service.js';
import type { CheckOptions } from '../check/checker.js';
import { tagsAllow } from './annotations.js';
import { AssertionFailure, TestingError } from './errors.js';
import { globToRegExp } from '../files/glob.js';
import type { PlannedTest, TestGroup } from './plan.js';
import { summarize, type TestFailure, type TestReport, type TestResult } from './results.js';
import { prepareScope } from './scope-objects.js';
import type { Harness, Session } from './session.js';
import { prepareTestFile } from './test-file-check.js';
import { UsageError } from '../usage-error.js';
import type { Value } from '../values/values.js';
import { applyTestRequest, type TestRequest } from './request-config.js';

export interface RunOptions {
  /** Folders searched for included files (`-I`). */
  includePaths?: readonly string[];
  /** Run only tests whose name, group or file matches this glob. */
  filter?: string;
  /** `--tag` values, matched against `@tag` annotations as falco does. */
  tags?: readonly string[];
  /** How every test's request differs from falco's `GET /` to localhost (falco's --request file, --host). */
  request?: TestRequest;
  /** Values every test starts with injected (falco's testing.overrides of non-environment variables), by lower-case name. */
  inject?: ReadonlyMap<string, Value>;
  /** The main VCL as loaded (a project's assembled service); default: `main` read from disk with its includes. */
  loadMain?: () => LoadResult;
  /** How a program is compiled (with a project's overrides); default: `new Service(load, options)`. */
  compile?: (load: LoadResult, options: CheckOptions) => Service;
}

const defaultCompile = (load: LoadResult, options: CheckOptions) => new Service(load, options);
const mainOf = (main: string, options: RunOptions) => options.loadMain?.() ?? loadFile(main, { includePaths: options.includePaths ?? [] });

/** Run every test file against main. Throws VclError when main.vcl or a test file does not compile. */
export function runTests(main: string, testFiles: readonly string[], options: RunOptions = {}): TestReport {
  const started = performance.now();
  // Compile main.vcl alone first, so its own mistakes are reported once, not once per test file.
  const files = new Set((options.compile ?? defaultCompile)(mainOf(main, options), {}).files);
  const results: TestResult[] = [];
  const tagsSeen = new Set<string>();
  for (const file of testFiles) {
    const run = runTestFile(main, file, options);
    results.push(...run.results);
    for (const f of run.files) files.add(f);
    for (const t of run.tags) tagsSeen.add(t);
  }
  // falco runs untagged tests whatever --tag says, so a misspelt tag would silently run them all.
  const unknownTags = (options.tags ?? []).filter((t) => !tagsSeen.has(t));
  if (unknownTags.length) throw new UsageError(`no test is tagged ${unknownTags.map((t) => `"${t}"`).join(', ')} (--tag)`);
  return { results, summary: summarize(results, performance.now() - started), files: [...files] };
}

/** Check and compile one test file with main.vcl, then run its tests. */
export function runTestFile(main: string, testFile: string, options: RunOptions = {}): { results: TestResult[]; files: string[]; tags: string[] } {
  const includePaths = options.includePaths ?? [];
  const mainLoad = mainOf(main, options);
  const testLoad = loadFile(testFile, { includePaths });
  const { load, plan, harness, options: checkOptions } = prepareTestFile(mainLoad, testLoad, options.inject);
  const service = (options.compile ?? defaultCompile)(load, checkOptions);
  harness.attach(service);
  const results: TestResult[] = [];
  for (const group of plan.groups) results.push(...runGroup(harness, group, testFile, options));
  const tags = plan.groups.flatMap((g) => g.tests.flatMap((t) => t.tags.map((tag) => tag.name)));
  return { results, files: service.files.slice(), tags };
}

function selected(test: PlannedTest, group: TestGroup, file: string, filter: string | undefined): boolean {
  if (!filter) return true;
  const re = globToRegExp(filter);
  const names = [test.name, test.declaredName, `${group.name ?? ''}.${test.declaredName}`, basename(file), relative('.', file), file];
  return names.some((n) => re.test(n));
}

/** A describe group shares one session across its tests, as falco shares one interpreter. */
function runGroup(harness: Harness, group: TestGroup, file: string, options: RunOptions): TestResult[] {
  const tests = group.tests.filter((t) => selected(t, group, file, options.filter));
  if (tests.length === 0) return [];
  const results: TestResult[] = [];
  const session = harness.open();
  if (options.request) applyTestRequest(session.ctx, options.request);
  try {
    for (const test of tests) {
      for (const scope of test.scopes) {
        const base = { file, group: group.name, name: test.name, scope };
        if (test.skip || !tagsAllow(test.tags, options.tags ?? [])) results.push({ ...base, status: 'skipped', durationMs: 0 });
        else results.push({ ...base, ...runOne(harness, session, group, test, scope) });
      }
    }
  } finally {
    harness.close();
  }
  return results;
}

function runOne(harness: Harness, session: Session, group: TestGroup, test: PlannedTest, scope: Scope): Pick<TestResult, 'status' | 'durationMs' | 'failure'> {
  const { program } = harness;
  const { ctx } = session;
  const run = (sub: string | undefined) => {
    if (!sub) return;
    ctx.scope = scope;
    program.runSub(sub, ctx);
  };
  const failures: TestFailure[] = [];
  const step = (sub: string | undefined): boolean => {
    try {
      run(sub);
      return true;
    } catch (e) {
      failures.push(describeFailure(e));
      return false;
    }
  };
  const started = performance.now();
  prepareScope(ctx, scope);
  session.testStart = ctx.called.length;
  // A failing before-hook stops the test; after-hooks always run, so later tests in the group start tidy.
  for (const sub of [group.hooks.get('before_each'), group.hooks.get(`before_${scope}`), test.sub]) if (!step(sub)) break;
  for (const sub of [group.hooks.get(`after_${scope}`), group.hooks.get('after_each')]) step(sub);
  const failure = failures[0];
  const durationMs = performance.now() - started;
  return failure ? { status: 'failed', durationMs, failure } : { status: 'passed', durationMs };
}

function describeFailure(e: unknown): TestFailure {
  if (e instanceof AssertionFailure || e instanceof TestingError) {
    const { file, start } = e.site;
    const where = { file, line: start.line, column: start.column };
    if (e instanceof AssertionFailure) return { ...where, fn: e.assertion, message: e.message, expected: e.expected, actual: e.actual };
    return { ...where, fn: e.fn, message: e.message };
  }
  // A bug in the runtime rather than in the test: report it without hiding it.
  const err = e instanceof Error ? e : new Error(String(e));
  return { file: '', line: 0, column: 0, fn: 'runtime', message: err.stack ?? err.message };
}
