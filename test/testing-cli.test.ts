// `vcl-edge test` end to end: exit codes, the text summary line, json and junit output, --watch.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = 'dist/bin/vcl-edge.js';
const MAIN = 'fixtures/testing/app/main.vcl';
const FAILING = 'fixtures/testing/failing/failing.test.vcl';

/** The 1-based line of the failing fixture that contains `text`. */
const lineOf = (text: string) => readFileSync(FAILING, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'test', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}, 120_000);

describe('exit codes and the text report', () => {
  it('exits 0 when every test passes, and ends with the totals', () => {
    const { code, out } = cli(MAIN);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toBe('33 passed, 0 failed, 2 skipped');
    expect(out).toMatch(/^ {2}PASS {2}websocket_upgrades › a request with Upgrade: websocket to \/chat .* \[recv\] \(\d+\.\d+ ms\)$/m);
    expect(out).toContain('  SKIP  annotations › test_skipped [recv]');
  });

  it('exits 1 on a failure and shows where, what was expected and what was found', () => {
    const { code, out } = cli(MAIN, FAILING, '--filter', 'test_equal');
    expect(code).toBe(1);
    expect(out).toContain('  FAIL  test_equal [recv]');
    expect(out).toContain(`      at ${FAILING}:${lineOf('assert.equal(req.http.X, "b")')}:3 assert.equal: Assertion error: expect="b", actual="a"\n        expected: "b"\n        actual:   "a"\n`);
    expect(out.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('exits 2 on a VCL error, reported like lint with a code frame', () => {
    const { code, err, out } = cli(MAIN, 'fixtures/testing/broken/broken.test.vcl');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(
      'fixtures/testing/broken/broken.test.vcl\n  5:20     error   unknown variable "no.such.variable"  unknown-variable\n        |\n      5 |   set req.http.X = no.such.variable;\n        |                    ^^^^^^^^^^^^^^^^',
    );
  });

  it('exits 2 when --filter or --tag matches no test, so a typo cannot pass CI', () => {
    const byName = cli(MAIN, '--filter', 'no_such_test*');
    expect([byName.code, byName.out]).toEqual([2, '']);
    expect(byName.err).toContain('vcl-edge test: no test matches --filter no_such_test*');
    const byTag = cli(MAIN, '--tag', 'no-such-tag');
    expect(byTag.code).toBe(2);
    expect(byTag.err).toContain('no test is tagged "no-such-tag" (--tag)');
  });

  it('exits 2 on usage errors: no main, a missing test file, an unknown format', () => {
    expect(cli().code).toBe(2);
    expect(cli('nowhere.vcl').err).toContain('cannot read nowhere.vcl');
    expect(cli(MAIN, 'missing.test.vcl')).toMatchObject({ code: 2, err: expect.stringContaining('test file not found: missing.test.vcl') });
    // Worded as lint words it: one CLI style.
    expect(cli(MAIN, '--format', 'xml')).toMatchObject({ code: 2, err: expect.stringContaining('vcl-edge test: --format must be one of text, json, junit, got "xml"') });
  });

  it('takes globs and --tag', () => {
    const { code, out } = cli(MAIN, 'fixtures/testing/app/**/*.test.vcl', '--tag', 'slow');
    expect(code).toBe(0);
    expect(out).toContain('  PASS  annotations › test_tagged_slow [recv]');
    expect(out).toContain('  SKIP  annotations › test_not_when_slow [recv]');
  });
});

describe('json and junit', () => {
  it('json: the summary and every result with its failure', () => {
    const { code, out } = cli(MAIN, FAILING, '--format', 'json', '--filter', 'test_state');
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ passed: 0, failed: 1, skipped: 0 });
    expect(report.tests).toEqual([
      expect.objectContaining({ file: FAILING, group: null, name: 'test_state', scope: 'recv', status: 'failed', failure: expect.objectContaining({ line: lineOf('assert.state(upgrade)'), fn: 'assert.state', expected: 'UPGRADE', actual: 'LOOKUP' }) }),
    ]);
  });

  it('junit: testsuites / testsuite per file / testcase with failure and skipped', () => {
    const { code, out } = cli(MAIN, APP_GROUPS, FAILING, '--format', 'junit');
    expect(code).toBe(1);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const root = /<testsuites ([^>]*)>([\s\S]*)<\/testsuites>\s*$/.exec(out)!;
    expect(root[1]).toMatch(/tests="43" failures="34" errors="0" skipped="2"/);
    const suites = [...root[2]!.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"[^>]*>([\s\S]*?)<\/testsuite>/g)];
    expect(suites.map((s) => [s[1], s[2], s[3]])).toEqual([
      [APP_GROUPS, '9', '0'],
      [FAILING, '34', '34'],
    ]);
    const cases = (body: string) => [...body.matchAll(/<testcase [^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
    expect(cases(suites[0]![4]!)).toHaveLength(9);
    expect(cases(suites[0]![4]!).filter((c) => c[0].includes('<skipped/>'))).toHaveLength(2);
    const failures = cases(suites[1]![4]!);
    expect(failures.every((c) => /<failure message="[^"]*" type="[^"]*">[^<]*<\/failure>/.test(c[0]))).toBe(true);
    // Text is escaped: quotes in messages never break an attribute.
    expect(out).toContain('message="Assertion error: expect=&quot;b&quot;, actual=&quot;a&quot;"');
  });
});

const APP_GROUPS = 'fixtures/testing/app/groups.test.vcl';

describe('--watch', () => {
  it('runs again when a test file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-watch-'));
    copyFileSync(MAIN, join(dir, 'main.vcl'));
    const test = join(dir, 'w.test.vcl');
    writeFileSync(test, 'sub test_w { assert.true(true); }\n');
    const child = spawn(process.execPath, [CLI, 'test', join(dir, 'main.vcl'), '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 100 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    try {
      await waitFor('1 passed, 0 failed');
      writeFileSync(test, 'sub test_w { assert.true(false); }\n');
      await waitFor('0 passed, 1 failed');
      expect(readFileSync(test, 'utf8')).toContain('false');
    } finally {
      child.kill();
    }
  });
});
