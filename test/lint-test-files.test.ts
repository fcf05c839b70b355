// `vcl-edge lint` on *.test.vcl files: checked as `vcl-edge test` checks them, so the testing.* and
// assert.* functions are known, describe is allowed, test subs are not "unused", and a real mistake
// is still an error at its file:line:col.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allDiagnostics, lint } from '../src/lint/index.js';

const where = (d: { file: string; line: number; column: number; rule: string }) => `${d.file.split('/').slice(-2).join('/')}:${d.line}:${d.column} ${d.rule}`;

describe('lint of test files', () => {
  it('lints falco-style test files clean, joined with the main VCL beside them', () => {
    const result = lint(['fixtures/testing/falco/groups.test.vcl', 'fixtures/testing/falco/more.test.vcl', 'fixtures/testing/app/functions.test.vcl']);
    expect(allDiagnostics(result).map(where)).toEqual([]);
    expect(result.files.map((f) => f.file.split('/').pop())).toEqual(['functions.test.vcl', 'groups.test.vcl', 'more.test.vcl']);
  });

  it('reports a mistake in a test file at its place', () => {
    const result = lint(['fixtures/testing/broken/broken.test.vcl']);
    expect(allDiagnostics(result).map(where)).toEqual(['broken/broken.test.vcl:5:20 unknown-variable', 'broken/broken.test.vcl:6:8 unknown-subroutine']);
  });

  it('knows the testing functions in a test file with no main VCL beside it, and still catches typos', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-tests-'));
    try {
      const file = join(dir, 'alone.test.vcl');
      writeFileSync(file, '// @scope: recv\nsub test_alone {\n  set req.http.X = "1";\n  assert.equal(req.http.X, "1");\n  assert.equl(req.http.X, "1");\n}\n');
      expect(allDiagnostics(lint([file])).map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['5:3 unknown-function']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
