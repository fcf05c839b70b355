// falco's testing features beyond the basics, as falco's own examples use them: a subroutine called
// with arguments and its return value typed (testing.call_subroutine), tables changed by a test,
// describe groups (and files) whose tests share names, and testing.state as falco spells it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../src/testing/runner.js';

const DIR = 'fixtures/testing/falco';

describe('falco test format', () => {
  const report = runTests(`${DIR}/main.vcl`, [`${DIR}/groups.test.vcl`, `${DIR}/more.test.vcl`]);

  it('runs every test, each passing', () => {
    const failures = report.results.filter((r) => r.status !== 'passed').map((r) => ({ name: r.name, failure: r.failure }));
    expect(failures).toEqual([]);
    expect(report.results.map((r) => `${r.file.split('/').pop()} ${r.group ?? '-'} ${r.name}`).sort()).toEqual([
      'groups.test.vcl - test_arguments_and_return_values',
      'groups.test.vcl - test_tables_changed_by_the_test',
      'groups.test.vcl private_paths test_route',
      'groups.test.vcl public_paths test_route',
      'more.test.vcl public_paths test_route',
    ]);
  });

  it('checks such a call against the subroutine: argument types and the result type, at load, with file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-'));
    const file = join(dir, 'bad.test.vcl');
    const body = ['sub test_bad {', '  declare local var.n INTEGER;', '  set var.n = testing.call_subroutine("path_label");', '  testing.call_subroutine("url_is_either", "/a");', '}', ''];
    writeFileSync(file, body.join('\n'));
    try {
      expect(() => runTests(`${DIR}/main.vcl`, [file])).toThrow(`${file}:3:`);
      expect(() => runTests(`${DIR}/main.vcl`, [file])).toThrow(/STRING/);
      expect(() => runTests(`${DIR}/main.vcl`, [file])).toThrow(`${file}:4:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
