// The *.test.vcl runner as a library: every testing.* function and assertion passing (app fixtures)
// and failing at the right line (failing fixture), describe groups and hooks, tags, skip, filters.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VclError } from '../src/diagnostics.js';
import { findTestFiles } from '../src/testing/discover.js';
import type { TestResult } from '../src/testing/results.js';
import { runTestFile, runTests } from '../src/testing/runner.js';

const MAIN = 'fixtures/testing/app/main.vcl';
const APP = (name: string) => `fixtures/testing/app/${name}.test.vcl`;
const FAILING = 'fixtures/testing/failing/failing.test.vcl';

const byName = (results: TestResult[]) => new Map(results.map((r) => [`${r.name}@${r.scope}`, r]));

describe('passing fixtures', () => {
  it.each(['functions', 'assertions'])('every test in %s.test.vcl passes', (name) => {
    const { results } = runTestFile(MAIN, APP(name));
    expect(results.length).toBeGreaterThan(5);
    expect(results.filter((r) => r.status !== 'passed').map((r) => [r.name, r.failure?.message])).toEqual([]);
  });

  it('covers every testing.* function and every assertion', () => {
    const text = ['functions', 'assertions', 'groups'].map((n) => readFileSync(APP(n), 'utf8')).join('\n') + readFileSync(FAILING, 'utf8');
    const functions = ['call_subroutine', 'override_host', 'inject_variable', 'inspect', 'table_set', 'table_merge', 'mock', 'restore_mock', 'restore_all_mocks', 'set_backend_health', 'fixed_time', 'get_env'];
    const variables = ['state', 'synthetic_body', 'origin_host_header'];
    const asserts = ['true', 'false', 'is_notset', 'is_json', 'equal', 'not_equal', 'strict_equal', 'not_strict_equal', 'equal_fold', 'match', 'not_match', 'contains', 'not_contains', 'starts_with', 'ends_with', 'subroutine_called', 'not_subroutine_called', 'restart', 'not_restart', 'state', 'not_state', 'error', 'not_error'];
    for (const f of functions) expect(text).toContain(`testing.${f}(`);
    for (const v of variables) expect(text).toMatch(new RegExp(`testing\\.${v}\\b(?!\\()`));
    for (const a of asserts) expect(text).toContain(`assert.${a}(`);
    expect(text).toContain('assert(');
  });

  it('finds test files below main.vcl, nested folders included', () => {
    const files = findTestFiles(MAIN, []);
    expect(files).toEqual([APP('assertions'), APP('functions'), APP('groups'), APP('keyword-states'), 'fixtures/testing/app/nested/nested.test.vcl']);
    expect(runTests(MAIN, files).summary).toMatchObject({ passed: 33, failed: 0, skipped: 2 });
  });
});

describe('failing fixture', () => {
  const source = readFileSync(FAILING, 'utf8').split('\n');
  const { results } = runTestFile(MAIN, FAILING);

  it('fails every test, at the line marked `# fails`, with expected and actual', () => {
    expect(results.length).toBe(source.filter((l) => l.endsWith('# fails')).length);
    for (const r of results) {
      expect(r.status, r.name).toBe('failed');
      expect(r.failure!.file).toBe(FAILING);
      expect(source[r.failure!.line - 1], `${r.name} failed at line ${r.failure!.line}`).toMatch(/# fails$/);
    }
  });

  it('reports expected and actual values', () => {
    const tests = byName(results);
    expect(tests.get('test_equal@recv')!.failure).toMatchObject({ fn: 'assert.equal', expected: '"b"', actual: '"a"', column: 3 });
    expect(tests.get('test_equal_type@recv')!.failure).toMatchObject({ message: 'Type Mismatch: expect=STRING but actual=INTEGER', expected: 'STRING "0"', actual: 'INTEGER 0' });
    expect(tests.get('test_state@recv')!.failure).toMatchObject({ fn: 'assert.state', message: 'state should be moved to UPGRADE, got LOOKUP', expected: 'UPGRADE', actual: 'LOOKUP' });
    expect(tests.get('test_error_status@recv')!.failure).toMatchObject({ expected: '404', actual: '403' });
    expect(tests.get('test_subroutine_called_times@recv')!.failure).toMatchObject({ expected: '2 call(s)', actual: '1 call(s)' });
    expect(tests.get('test_custom_message@recv')!.failure!.message).toBe('the URL should be /nope');
    expect(tests.get('test_not_restart@recv')!.failure).toMatchObject({ message: 'restart should not be called in subroutine', actual: 'RESTART' });
  });

  it('reports a testing.* call that cannot run, and a failing hook, at their lines', () => {
    const tests = byName(results);
    expect(tests.get('test_call_unknown_subroutine@recv')!.failure).toMatchObject({ fn: 'testing.call_subroutine', message: 'subroutine "no_such_sub" is not declared' });
    expect(tests.get('test_mock_builtin@recv')!.failure!.message).toContain('cannot mock the Fastly subroutine vcl_recv');
    expect(tests.get('test_after_a_failing_hook@recv')!.failure).toMatchObject({ column: 5, expected: '"/hook"' });
  });

  it('reads the environment of the machine running the tests', () => {
    process.env.VCL_EDGE_TEST_ENV = 'from-the-runner';
    try {
      const again = byName(runTestFile(MAIN, FAILING, { filter: 'test_get_env' }).results);
      expect(again.get('test_get_env@recv')!.failure!.actual).toBe('"from-the-runner"');
    } finally {
      delete process.env.VCL_EDGE_TEST_ENV;
    }
  });
});

describe('groups, annotations, tags and filters', () => {
  const run = (options = {}) => byName(runTestFile(MAIN, APP('groups'), options).results);

  it('runs describe hooks around each test and shares the request across the group', () => {
    const tests = run();
    expect(tests.get('a request with Upgrade: websocket to /chat is upgraded to the ws backend with X-User set@recv')).toMatchObject({ status: 'passed', group: 'websocket_upgrades' });
    expect(tests.get('test_hooks_ran_around_the_previous_test@recv')!.status).toBe('passed');
  });

  it('reads @scope (one or several), the scope in the name, @suite in block comments, @skip', () => {
    const tests = run();
    expect(tests.get('test_scope_from_name_deliver@deliver')!.status).toBe('passed');
    expect(tests.get('test_runs_in_two_scopes@recv')!.status).toBe('passed');
    expect(tests.get('test_runs_in_two_scopes@deliver')!.status).toBe('passed');
    expect(tests.get('block comments carry annotations too@recv')).toMatchObject({ status: 'passed', group: null });
    expect(tests.get('test_skipped@recv')!.status).toBe('skipped');
  });

  it('follows falco tag rules: a tagged test runs only with its tag, a !tag test runs without it', () => {
    expect(run().get('test_tagged_slow@recv')!.status).toBe('skipped');
    expect(run().get('test_not_when_slow@recv')!.status).toBe('passed');
    expect(run({ tags: ['slow'] }).get('test_tagged_slow@recv')!.status).toBe('passed');
    expect(run({ tags: ['slow'] }).get('test_not_when_slow@recv')!.status).toBe('skipped');
  });

  it('--filter keeps tests whose name, group or file matches the glob', () => {
    expect([...run({ filter: 'test_runs_*' }).keys()]).toEqual(['test_runs_in_two_scopes@recv', 'test_runs_in_two_scopes@deliver']);
    expect(run({ filter: 'websocket_upgrades.*' }).size).toBe(2); // group.sub
    expect(run({ filter: 'nothing*' }).size).toBe(0);
    expect(run({ filter: 'groups.test.vcl' }).size).toBe(9);
  });

  it('runs every test of a name declared twice, as falco does (falco examples/testing/objective_header declares test_recv nine times)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-dup-'));
    const file = join(dir, 'dup.test.vcl');
    const body = ['describe grp {', '  sub test_a { assert.true(true); }', '  sub test_a { assert.true(false); }', '}', 'sub test_b { assert.true(true); }', 'sub test_b { assert.true(false); }', ''];
    writeFileSync(file, body.join('\n'));
    try {
      const { results } = runTestFile(MAIN, file);
      expect(results.map((r) => [r.group, r.name, r.status, r.failure?.line])).toEqual([
        ['grp', 'test_a', 'passed', undefined],
        ['grp', 'test_a', 'failed', 3],
        [null, 'test_b', 'passed', undefined],
        [null, 'test_b', 'failed', 6],
      ]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('throws VclError, with every diagnostic, when a test file does not compile', () => {
    expect(() => runTestFile(MAIN, 'fixtures/testing/broken/broken.test.vcl')).toThrowError(VclError);
    try {
      runTestFile(MAIN, 'fixtures/testing/broken/broken.test.vcl');
    } catch (e) {
      expect((e as VclError).diagnostics.map((d) => `${d.line}:${d.rule}`)).toEqual(['5:unknown-variable', '6:unknown-subroutine']);
    }
  });
});
