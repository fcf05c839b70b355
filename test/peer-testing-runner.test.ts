// How falco's tester finds and runs tests (ysugimoto/falco tester/tester.go, tester/metadata.go and
// their tests metadata_test.go), its docs (docs/testing.md) and the `falco test` flags
// (config/config.go: -I/--include_path, -f/--filter, -t/--tag, --json, --host, -o/--override, -w,
// --timeout), checked against `vcl-edge test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { outcomes, runInline } from './helpers/falco-inline.js';
import { takeTestInjections } from '../src/testing/injections.js';

const MAIN = 'sub vcl_recv { set req.http.Grouped = "1"; return(lookup); }\nsub vcl_fetch { return(deliver); }\n';

describe('annotations (metadata_test.go: TestGetMetadata)', () => {
  const results = runInline(
    MAIN,
    [
      '// @suite: basic metadata test',
      '// @scope: recv',
      'sub test_subroutine {}',
      '// @scope: recv',
      'sub test_named_by_sub {}',
      '// @suite: default scope',
      'sub test_default_scope {}',
      '// @suite: multiple scopes',
      '// @scope: fetch,pass,log',
      'sub test_many {}',
      '// @suite: skipped',
      '// @scope: recv',
      '// @skip',
      'sub test_skipped {}',
      '// @scope: RECV',
      'sub test_upper_case_scope {}',
      '// @fetch,deliver',
      'sub test_shorthand {}',
      'sub test_scope_from_name_deliver {}',
      '',
    ].join('\n'),
  );
  const byName = (name: string) => results.filter((r) => r.name === name).map((r) => `${r.scope}:${r.status}`);

  it('takes @suite as the name, else the sub name; @scope (any case, comma separated, or @scope-less shorthand); @skip', () => {
    expect(byName('basic metadata test')).toEqual(['recv:passed']);
    expect(byName('test_named_by_sub')).toEqual(['recv:passed']);
    expect(byName('default scope')).toEqual(['recv:passed']);
    expect(byName('multiple scopes')).toEqual(['fetch:passed', 'pass:passed', 'log:passed']);
    expect(byName('skipped')).toEqual(['recv:skipped']);
    expect(byName('test_upper_case_scope')).toEqual(['recv:passed']);
    expect(byName('test_shorthand')).toEqual(['fetch:passed', 'deliver:passed']);
    expect(byName('test_scope_from_name_deliver')).toEqual(['deliver:passed']);
  });
});

describe('tags (metadata_test.go: TestTagsMatch, for tests that carry tags)', () => {
  // [tags on the test, --tag values, runs]
  const table: [string, string[], boolean][] = [
    ['prod', ['prod'], true],
    ['!prod', ['prod'], false],
    ['!prod', ['dev'], true],
    ['prod,stg', ['stg'], true],
    ['!prod,stg', ['prod'], false],
    ['!prod,!stg', ['stg'], true],
    ['!prod,prod', ['prod'], true],
  ];
  it.each(table)('@tag: %s with --tag %j runs: %s', (tags, wanted, runs) => {
    // A second, untagged test carries the other tag names, so --tag never names a tag no test has.
    const source = `// @tag: ${tags}\nsub test_tagged {}\n// @tag: prod,stg,dev\nsub test_other {}\n`;
    const got = outcomes(runInline(MAIN, source, { tags: wanted }));
    expect(got['tagged']).toBe(runs ? 'passed' : 'skipped');
  });
});

describe('which subs are tests, and how they run (tester.go)', () => {
  it('runs every sub of the file as written, names falco allows included: the vcl_ prefix, and one name used twice', () => {
    const source = ['sub vcl_recv_test { testing.call_subroutine("vcl_recv"); assert.state(lookup); }', 'sub test_recv { assert.true(true); }', 'sub test_recv { assert.true(false); }', ''].join('\n');
    const results = runInline(MAIN, source);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['vcl_recv_test', 'passed'],
      ['test_recv', 'passed'],
      ['test_recv', 'failed'],
    ]);
    expect(results[2]!.failure!.line).toBe(3);
  });

  it('starts each top-level test afresh, and shares one request through a describe group, with before_/after_ hooks per scope', () => {
    const source = [
      'sub test_first { set req.http.Leak = "1"; }',
      'sub test_second { assert.is_notset(req.http.Leak); }',
      'describe group {',
      '  before_recv { set req.http.Before = "1"; }',
      '  before_fetch { set req.http.Before = "2"; }',
      '  after_recv { set req.http.After = "recv"; }',
      '  // @scope: recv',
      '  sub test_recv { assert.equal(req.http.Before, "1"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Grouped, "1"); }',
      '  // @scope: fetch',
      '  sub test_fetch { assert.equal(req.http.Before, "2"); assert.equal(req.http.After, "recv"); assert.equal(req.http.Grouped, "1"); }',
      '}',
      '',
    ].join('\n');
    expect(outcomes(runInline(MAIN, source))).toEqual({ first: 'passed', second: 'passed', recv: 'passed', fetch: 'passed' });
  });

  it('knows a before_ and after_ hook for every scope (tester/syntax/hooks.go), each run around the tests of its scope only', () => {
    const scopes = ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log'];
    const hooks = scopes.map((s) => `  before_${s} { set req.http.Before = "${s}"; }\n  after_${s} { set req.http.After = "${s}"; }`);
    const tests = scopes.map((s) => `  // @scope: ${s}\n  sub test_${s} { assert.equal(req.http.Before, "${s}"); }`);
    const last = '  // @scope: recv\n  sub test_after_log_ran { assert.equal(req.http.After, "log"); }';
    const results = runInline(MAIN, `describe every_scope {\n${hooks.join('\n')}\n${tests.join('\n')}\n${last}\n}\n`);
    expect(results.filter((r) => r.status !== 'passed').map((r) => [r.name, r.failure?.message])).toEqual([]);
    expect(results.map((r) => r.scope)).toEqual([...scopes, 'recv']);
  });

  it('lets hooks and tests name subs of the test file (testing.mock): those are helpers, not tests', () => {
    const main = 'sub original { set req.http.Original = "1"; }\nsub vcl_recv { call original; }\n';
    const source = [
      'sub mocked { set req.http.Mocked = "1"; }',
      'describe group {',
      '  before_recv { testing.mock("original", "mocked"); }',
      '  after_recv { testing.restore_all_mocks(); }',
      '  sub test_recv { testing.call_subroutine("vcl_recv"); assert.equal(req.http.Mocked, "1"); assert.is_notset(req.http.Original); }',
      '}',
      '',
    ].join('\n');
    const results = runInline(main, source);
    expect(results.map((r) => [r.group, r.name, r.status])).toEqual([['group', 'test_recv', 'passed']]);
  });
});

describe('falco test flags (config/config.go TestConfig)', () => {
  const CLI = 'dist/bin/vcl-edge.js';
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'vcl-edge-flags-'));
    writeFileSync(join(dir, 'main.vcl'), 'sub vcl_recv { set req.http.Country = client.geo.country_code; }\n');
    const tests = [
      '// @tag: prod',
      'sub test_prod { assert.true(true); }',
      'sub test_host_and_country { testing.call_subroutine("vcl_recv"); assert.equal(req.http.Host, "example.com"); assert.equal(req.http.Country, "JP"); }',
      '',
    ];
    writeFileSync(join(dir, 'main.test.vcl'), tests.join('\n'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(process.cwd(), CLI), 'test', 'main.vcl', ...args], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('-t, --json, --host, -o, -f, --include_path and --timeout as falco spells them', () => {
    const r = cli('-t', 'prod', '--json', '--host', 'example.com', '-o', 'client.geo.country_code=JP', '-f', 'main.test.vcl', '--include_path', '.', '--timeout', '10');
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    expect(report.summary).toMatchObject({ passed: 2, failed: 0, skipped: 0 });
    expect(r.code).toBe(0);
  });

  it('without --host and -o the request is falco\'s: Host localhost, the default country', () => {
    const r = cli('-t', 'prod');
    expect(r.code).toBe(1);
    expect(r.out).toContain('assert.equal: Assertion error: expect="example.com", actual="localhost"');
  });

  it(".falco.yml testing.overrides may name a variable vcl-edge does not override for a service: it is injected in every test", () => {
    const project = mkdtempSync(join(tmpdir(), 'vcl-edge-falco-yml-'));
    try {
      writeFileSync(join(project, '.falco.yml'), 'testing:\n  overrides:\n    req.digest.ratio: 0.8\n    tls.client.certificate.is_cert_missing: true\n    client.as.name: Foobar\n');
      writeFileSync(join(project, 'main.vcl'), 'sub vcl_recv { set req.http.Ratio = req.digest.ratio; }\n');
      const body = 'testing.call_subroutine("vcl_recv"); assert.equal(req.http.Ratio, "0.800"); assert.true(tls.client.certificate.is_cert_missing); assert.equal(client.as.name, "Foobar");';
      writeFileSync(join(project, 'main.test.vcl'), `// @scope: deliver\nsub test_overrides {\n  ${body}\n}\n`);
      const r = spawnSync(process.execPath, [join(process.cwd(), CLI), 'test', 'main.vcl'], { cwd: project, encoding: 'utf8' });
      expect([r.status, r.stderr, r.stdout.trimEnd().split('\n').at(-1)]).toEqual([0, '', '1 passed, 0 failed']);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('an injected INTEGER is an exact int64: YAML\'s number past 2^53 is refused, not kept inexact', () => {
    const inject = (value: string | number | boolean) => takeTestInjections(new Map([['req.restarts', value]])).get('req.restarts');
    expect([inject(3), inject('-2'), inject('9223372036854775807')]).toEqual([3, -2, 9223372036854775807n]);
    expect(() => inject(1e20)).toThrow('testing override req.restarts is INTEGER, got 100000000000000000000');
    expect(() => inject(1.5)).toThrow('testing override req.restarts is INTEGER, got 1.5');
    expect(takeTestInjections(new Map([['tls.client.certificate.is_cert_missing', 1]])).get('tls.client.certificate.is_cert_missing')).toBe(true);
  });

  it('--request FILE (JSON or YAML: remote_ip, path, user_agent, headers) changes every test request, as falco config/request.go does', () => {
    writeFileSync(join(dir, 'request.yml'), 'remote_ip: 10.0.0.7\npath: /from-config\nuser_agent: falco-test\nheaders:\n  X-Custom: yes-it-is\n');
    const body = 'assert.equal(req.url, "/from-config"); assert.equal(req.http.User-Agent, "falco-test"); assert.equal(req.http.X-Custom, "yes-it-is"); assert(client.ip == "10.0.0.7");';
    writeFileSync(join(dir, 'request.test.vcl'), `sub test_request {\n  ${body}\n}\n`);
    const r = cli('request.test.vcl', '--request', 'request.yml');
    expect([r.code, r.err, r.out.trimEnd().split('\n').at(-1)]).toEqual([0, '', '1 passed, 0 failed']);
    expect(cli('request.test.vcl', '--request', 'nowhere.yml')).toMatchObject({ code: 2, err: expect.stringContaining('cannot read nowhere.yml') });
  });

  it('-f with a glob ending in .vcl picks the test files, as falco\'s --filter does (tester/finder.go: go-glob on the path)', () => {
    const project = mkdtempSync(join(tmpdir(), 'vcl-edge-file-glob-'));
    try {
      writeFileSync(join(project, 'main.vcl'), 'sub vcl_recv { }\n');
      writeFileSync(join(project, 'a_api.test.vcl'), 'sub test_api { assert.true(true); }\n');
      writeFileSync(join(project, 'b_web.test.vcl'), 'sub test_web { assert.true(true); }\n');
      writeFileSync(join(project, 'c.spec.vcl'), 'sub test_spec { assert.true(true); }\n');
      const run = (glob: string) => {
        const r = spawnSync(process.execPath, [join(process.cwd(), CLI), 'test', 'main.vcl', '-f', glob, '--json'], { cwd: project, encoding: 'utf8' });
        return r.status === 0 ? (JSON.parse(r.stdout).tests as { name: string }[]).map((t) => t.name) : r.stderr;
      };
      expect(run('*_api.test.vcl')).toEqual(['test_api']);
      expect(run('*.spec.vcl')).toEqual(['test_spec']);
      expect(run(`${project}/*.test.vcl`)).toEqual(['test_api', 'test_web']);
      expect(run('*.nothing.vcl')).toMatch(/no test files found/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--coverage is accepted, and a note says no coverage is collected', () => {
    const r = cli('-t', 'prod', '--host', 'example.com', '-o', 'client.geo.country_code=JP', '-f', 'main.test.vcl', '--coverage');
    expect([r.code, r.err]).toEqual([0, 'vcl-edge test: note: --coverage: vcl-edge does not collect code coverage; the tests run as without it\n']);
  });

  it('a misspelt override is a usage error (exit 2)', () => {
    const r = cli('-o', 'client.geo.nope=JP');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vcl-edge test: --override: "client\.geo\.nope" is not a predefined variable/);
  });
});
