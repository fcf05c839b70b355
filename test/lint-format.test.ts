// The four output formats, on fixtures/lint/problems.vcl (1 error, 2 warnings).
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../src/lint/format/github.js';
import { formatResult } from '../src/lint/format/index.js';
import { RULES, lint, type LintResult } from '../src/lint/index.js';

const cwd = resolve('.');
const problems = lint(['fixtures/lint/problems.vcl']);
const clean = lint(['fixtures/main.vcl']);
const options = { cwd, color: false, version: '1.2.3' };

describe('text', () => {
  const text = formatResult('text', problems, options);

  test('groups by file, with line:col severity message rule and a code frame', () => {
    expect(text.split('\n').slice(0, 5)).toEqual([
      'fixtures/lint/problems.vcl',
      '  4:23     error   unknown variable "req.nope"  unknown-variable',
      '        |',
      '      4 |   set req.http.X-Id = req.nope;',
      '        |                       ^^^^^^^^',
    ]);
  });

  test('ends with a summary line, and has no colour unless asked', () => {
    expect(text.trimEnd().split('\n').pop()).toBe('✖ 3 problems (1 error, 2 warnings)');
    expect(text).not.toContain('\x1b[');
    expect(formatResult('text', clean, options)).toBe('no problems\n');
  });

  test('colours severities when asked', () => {
    expect(formatResult('text', problems, { ...options, color: true })).toContain('\x1b[31merror  \x1b[0m');
  });
});

describe('json', () => {
  const rows = JSON.parse(formatResult('json', problems, options)) as Record<string, unknown>[];

  test('one array of diagnostics with relative paths', () => {
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ file: 'fixtures/lint/problems.vcl', line: 4, column: 23, endLine: 4, endColumn: 31, severity: 'error', rule: 'unknown-variable', message: 'unknown variable "req.nope"' });
    expect(rows.map((r) => r.severity)).toEqual(['error', 'warning', 'warning']);
  });

  test('a clean run is an empty array', () => {
    expect(JSON.parse(formatResult('json', clean, options))).toEqual([]);
  });
});

describe('sarif', () => {
  type Sarif = {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string }; help: { text: string } }[] } };
      results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[];
    }[];
  };
  const log = JSON.parse(formatResult('sarif', problems, options)) as Sarif;
  const run = log.runs[0]!;

  test('is SARIF 2.1.0 from vcl-edge, describing every rule', () => {
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'vcl-edge', version: '1.2.3', informationUri: expect.stringMatching(/^https:\/\//) });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of run.tool.driver.rules) {
      expect(r.shortDescription.text && r.fullDescription.text && r.help.text, r.id).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
    }
  });

  test('results point at their rule and location', () => {
    expect(run.results).toHaveLength(3);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.results[0]).toMatchObject({
      ruleId: 'unknown-variable',
      level: 'error',
      message: { text: 'unknown variable "req.nope"' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'fixtures/lint/problems.vcl' }, region: { startLine: 4, startColumn: 23, endLine: 4, endColumn: 31 } } }],
    });
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning', 'warning']);
  });

  test('info maps to note', () => {
    const infoOnly = lint(['fixtures/lint/problems.vcl'], { rules: { 'unknown-variable': 'info' } });
    const sarif = JSON.parse(formatResult('sarif', infoOnly, options)) as Sarif;
    expect(sarif.runs[0]!.results[0]!.level).toBe('note');
  });
});

describe('github', () => {
  test('one workflow command per problem', () => {
    expect(formatResult('github', problems, options).trimEnd().split('\n')).toEqual([
      '::error file=fixtures/lint/problems.vcl,line=4,col=23,endLine=4,endColumn=31,title=unknown-variable::unknown variable "req.nope"',
      '::warning file=fixtures/lint/problems.vcl,line=5,col=7,endLine=5,endColumn=11,title=constant-condition::the condition is a constant: this branch always runs',
      expect.stringMatching(/^::warning file=fixtures\/lint\/problems\.vcl,line=8,col=3,endLine=8,endColumn=20,title=upgrade-unguarded::return\(upgrade\)/),
    ]);
  });

  test('escapes %, CR and LF in messages, and : and , in properties too', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('dir,a:b/x.vcl')).toBe('dir%2Ca%3Ab/x.vcl');
    const result: LintResult = {
      files: [{ file: resolve('odd,name.vcl'), diagnostics: [{ file: 'odd,name.vcl', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'info', rule: 'parse', message: '100%\nsure' }] }],
      sources: new Map(),
    };
    expect(formatGithub(result, cwd)).toBe('::notice file=odd%2Cname.vcl,line=1,col=1,endLine=1,endColumn=2,title=parse::100%25%0Asure\n');
  });
});
