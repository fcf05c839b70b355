// `vcl-edge lint` end to end: the built command line, its exit codes and flags.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve('.');
const CLI = resolve(ROOT, 'dist/bin/vcl-edge.js');
const PROJECT = resolve(ROOT, 'fixtures/lint/project');

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` may find no build yet.
  if (!existsSync(resolve(ROOT, 'dist/src/lint/command.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

function run(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('exit codes', () => {
  test('0 for clean files', () => {
    const r = run(['fixtures/main.vcl', 'fixtures/boilerplate.vcl']);
    expect(r).toMatchObject({ code: 0, stdout: 'no problems\n' });
  });

  test('1 when there is an error', () => {
    const r = run(['fixtures/lint/problems.vcl']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ 3 problems (1 error, 2 warnings)');
  });

  test('warnings alone pass, unless there are more than --max-warnings', () => {
    expect(run(['fixtures/lint/warnings.vcl']).code).toBe(0);
    expect(run(['fixtures/lint/warnings.vcl', '--max-warnings', '2']).code).toBe(0);
    const over = run(['fixtures/lint/warnings.vcl', '--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings (2, --max-warnings is 1)');
  });

  test('--rule changes a severity, and can turn a rule off', () => {
    expect(run(['fixtures/lint/warnings.vcl', '--rule', 'unused-acl=error']).code).toBe(1);
    const off = run(['fixtures/lint/warnings.vcl', '--rule', 'unused-acl=off', '--rule', 'constant-condition=off']);
    expect(off).toMatchObject({ code: 0, stdout: 'no problems\n' });
  });

  test('2 for an unknown rule, an unreadable file, a bad flag value or an unknown option', () => {
    expect(run(['fixtures/main.vcl', '--rule', 'no-such-rule=off'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown rule "no-such-rule"') });
    expect(run(['fixtures/does-not-exist.vcl'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read fixtures/does-not-exist.vcl') });
    expect(run(['fixtures/main.vcl', '--format', 'xml']).code).toBe(2);
    expect(run(['fixtures/main.vcl', '--max-warnings', 'many']).code).toBe(2);
    expect(run(['fixtures/main.vcl', '--no-such-flag']).code).toBe(2);
    expect(run(['--explain', 'no-such-rule']).code).toBe(2);
  });
});

describe('config and discovery', () => {
  test('with no argument, lints the working folder with the config found there', () => {
    const r = run([], PROJECT);
    expect(r.code).toBe(1);
    // generated/ is ignored, unit.test.vcl skipped, backends.vcl only linted through main.vcl, unused-acl off.
    expect(r.stdout).toBe(
      [
        'shared/headers.vcl',
        '  3:26     error   unknown variable "req.tracing_id"  unknown-variable',
        '        |',
        '      3 |   set req.http.X-Trace = req.tracing_id;',
        '        |                          ^^^^^^^^^^^^^^',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '',
      ].join('\n'),
    );
  });

  test('the config is found upward from a nested folder, and --rule overrides it', () => {
    const nested = resolve(PROJECT, 'nested/deeper');
    expect(run([], nested)).toMatchObject({ code: 0, stdout: 'no problems\n' });
    expect(run(['--rule', 'unused-acl=error'], nested).code).toBe(1);
  });

  test('--config names another file; -I adds an include path', () => {
    const noConfig = resolve(ROOT, 'fixtures/lint/none.json');
    const missing = run(['main.vcl', '--config', noConfig], PROJECT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read config');
    const withI = run(['main.vcl', '--config', 'nested/../.vcl-edge.json', '-I', 'shared', '--format', 'json'], PROJECT);
    expect(JSON.parse(withI.stdout)).toEqual([expect.objectContaining({ file: 'shared/headers.vcl', line: 3 })]);
  });
});

describe('formats and explain', () => {
  test('json, sarif and github are machine-readable, even with FORCE_COLOR set', () => {
    const json = run(['fixtures/lint/problems.vcl', '--format', 'json'], ROOT, { FORCE_COLOR: '1' });
    expect(JSON.parse(json.stdout)).toHaveLength(3);
    const sarif = JSON.parse(run(['fixtures/lint/problems.vcl', '--format', 'sarif']).stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(3);
    expect(run(['fixtures/lint/problems.vcl', '--format', 'github']).stdout).toMatch(/^::error file=fixtures\/lint\/problems\.vcl,line=4,col=23,/);
  });

  test('text output is plain when stdout is not a terminal', () => {
    expect(run(['fixtures/lint/problems.vcl']).stdout).not.toContain('\x1b[');
  });

  test('--explain prints a rule\'s explanation', () => {
    const r = run(['--explain', 'upgrade-backend-settings']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^upgrade-backend-settings \(websockets, default warning\)/);
    expect(r.stdout).toContain('max_connections');
  });
});
