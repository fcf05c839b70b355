// Which files get linted: globs, folders, ignores, test files, includes, and the config file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { emptyConfig, findConfigFile, loadConfig, parseRuleFlag } from '../src/lint/config.js';
import { collectFiles, isIgnored } from '../src/lint/files.js';
import { globBase, globToRegExp } from '../src/files/glob.js';
import { UsageError, allDiagnostics, lint } from '../src/lint/index.js';

const PROJECT = resolve('fixtures/lint/project');
const rel = (files: string[]) => files.map((f) => f.slice(PROJECT.length + 1));

describe('glob matching', () => {
  test.each([
    ['*.vcl', 'main.vcl', true],
    ['*.vcl', 'a/main.vcl', false],
    ['**/*.vcl', 'main.vcl', true],
    ['**/*.vcl', 'a/b/main.vcl', true],
    ['a/**', 'a/b/c.vcl', true],
    ['a/**/c.vcl', 'a/c.vcl', true],
    ['ma?n.vcl', 'main.vcl', true],
    ['ma?n.vcl', 'maain.vcl', false],
    ['v1.vcl', 'v1xvcl', false],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  test('the base folder is the part before the first wildcard', () => {
    expect(globBase('fixtures/**/*.vcl')).toBe('fixtures');
    expect(globBase('*.vcl')).toBe('.');
  });
});

describe('collectFiles', () => {
  test('a folder gives its *.vcl files, without *.test.vcl, minus ignored ones', () => {
    const files = collectFiles([PROJECT], { cwd: PROJECT, ignore: { dir: PROJECT, globs: ['generated/'] } });
    expect(rel(files)).toEqual(['backends.vcl', 'main.vcl', 'nested/deeper/office.vcl', 'shared/headers.vcl']);
  });

  test('no argument means every *.vcl under the working folder', () => {
    expect(rel(collectFiles([], { cwd: PROJECT }))).toContain('generated/skip.vcl');
  });

  test('a glob is matched against paths from the working folder', () => {
    expect(rel(collectFiles(['**/h*.vcl'], { cwd: PROJECT }))).toEqual(['shared/headers.vcl']);
    expect(rel(collectFiles(['*.vcl'], { cwd: PROJECT }))).toEqual(['backends.vcl', 'main.vcl']);
  });

  test('a file named outright is linted even if it is a test file', () => {
    expect(rel(collectFiles(['unit.test.vcl'], { cwd: PROJECT }))).toEqual(['unit.test.vcl']);
  });

  test('a missing path or a glob matching nothing is a usage error', () => {
    expect(() => collectFiles(['nope.vcl'], { cwd: PROJECT })).toThrow(UsageError);
    expect(() => collectFiles(['**/*.nothing.vcl'], { cwd: PROJECT })).toThrow(/no VCL files match/);
  });

  test('an ignore pattern without a slash matches a name at any depth', () => {
    expect(isIgnored(join(PROJECT, 'nested/deeper/office.vcl'), { dir: PROJECT, globs: ['deeper'] })).toBe(true);
    expect(isIgnored(join(PROJECT, 'main.vcl'), { dir: PROJECT, globs: ['deeper', 'shared/*.vcl'] })).toBe(false);
  });
});

describe('includes', () => {
  const files = ['main.vcl', 'backends.vcl', 'shared/headers.vcl'].map((f) => join(PROJECT, f));

  test('an error in an included file is reported under its own path and line', () => {
    const result = lint(files, { includePaths: [join(PROJECT, 'shared')] });
    expect(allDiagnostics(result)).toEqual([expect.objectContaining({ file: join(PROJECT, 'shared/headers.vcl'), line: 3, column: 26, rule: 'unknown-variable' })]);
  });

  test('an included file is linted with its includer, not on its own (F_ws is used by main.vcl)', () => {
    const result = lint(files, { includePaths: [join(PROJECT, 'shared')] });
    expect(result.files.map((f) => f.file)).toEqual(files.slice().sort());
    expect(allDiagnostics(result).filter((d) => d.rule === 'unused-backend')).toEqual([]);
  });

  test('without the include path, the include is reported in the including file', () => {
    const result = lint([join(PROJECT, 'main.vcl')]);
    expect(allDiagnostics(result).filter((d) => d.rule === 'include')).toEqual([expect.objectContaining({ file: join(PROJECT, 'main.vcl'), line: 3 })]);
  });

  test('an unreadable file is a usage error', () => {
    expect(() => lint([join(PROJECT, 'missing.vcl')])).toThrow(/cannot read/);
  });
});

describe('config', () => {
  test('is found upward from the working folder', () => {
    expect(findConfigFile(join(PROJECT, 'nested/deeper'))).toBe(join(PROJECT, '.vcl-edge.json'));
  });

  test('paths in it are relative to its folder', () => {
    const config = loadConfig(join(PROJECT, '.vcl-edge.json'));
    expect(config).toMatchObject({ dir: PROJECT, rules: { 'unused-acl': 'off' }, include: [join(PROJECT, 'shared')], ignore: ['generated/'] });
  });

  test('severities from it are applied, off drops the rule', () => {
    const file = join(PROJECT, 'nested/deeper/office.vcl');
    expect(allDiagnostics(lint([file])).map((d) => `${d.rule}:${d.severity}`)).toEqual(['unused-acl:warning']);
    expect(allDiagnostics(lint([file], { rules: { 'unused-acl': 'error' } })).map((d) => `${d.rule}:${d.severity}`)).toEqual(['unused-acl:error']);
    expect(allDiagnostics(lint([file], { rules: { 'unused-acl': 'off' } }))).toEqual([]);
  });

  test('an unknown rule, a bad severity or a bad shape is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-config-'));
    const write = (text: string) => {
      writeFileSync(join(dir, '.vcl-edge.json'), text);
      return join(dir, '.vcl-edge.json');
    };
    expect(() => loadConfig(write('{ "rules": { "no-such-rule": "off" } }'))).toThrow(/unknown rule "no-such-rule"/);
    expect(() => loadConfig(write('{ "rules": { "unused-acl": "loud" } }'))).toThrow(/must be one of off, info, warning, error/);
    expect(() => loadConfig(write('{ "include": "shared" }'))).toThrow(/"include" must be an array/);
    expect(() => loadConfig(write('{ "rulez": {} }'))).toThrow(/unknown key "rulez"/);
    expect(() => loadConfig(write('{ not json'))).toThrow(UsageError);
    expect(emptyConfig(dir)).toEqual({ path: null, dir, rules: {}, include: [], ignore: [] });
  });

  test('--rule flags are RULE=SEVERITY with a known rule', () => {
    expect(parseRuleFlag('unused-acl=off')).toEqual(['unused-acl', 'off']);
    expect(() => parseRuleFlag('unused-acl')).toThrow(UsageError);
    expect(() => parseRuleFlag('nope=off')).toThrow(/unknown rule/);
    expect(() => parseRuleFlag('unused-acl=loud')).toThrow(/severity/);
  });
});
