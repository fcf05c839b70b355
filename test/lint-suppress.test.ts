// Inline suppression comments.
import { expect, test } from 'vitest';
import { allDiagnostics, lintSource } from '../src/lint/index.js';

const recv = (body: string) => `sub vcl_recv {\n#FASTLY recv\n${body}\n}\n`;
const rules = (source: string) => allDiagnostics(lintSource(source, 's.vcl')).map((d) => `${d.line}:${d.rule}`);

test('without comments, both findings are reported', () => {
  expect(rules(recv('set req.http.A = re.group.1;\nset req.http.B = req.nope;'))).toEqual(['3:uncaptured-regex-group', '4:unknown-variable']);
});

test('disable-next-line silences the named rule on the next line only', () => {
  const source = recv('# vcl-edge-disable-next-line uncaptured-regex-group\nset req.http.A = re.group.1;\nset req.http.B = re.group.1;');
  expect(rules(source)).toEqual(['5:uncaptured-regex-group']);
});

test('disable-next-line does not silence other rules; a list and a reason are allowed', () => {
  expect(rules(recv('# vcl-edge-disable-next-line constant-condition\nset req.http.B = req.nope;'))).toEqual(['4:unknown-variable']);
  expect(rules(recv('// vcl-edge-disable-next-line constant-condition, unknown-variable -- legacy name\nset req.http.B = req.nope;'))).toEqual([]);
});

test('disable-next-line without a rule silences every rule on that line', () => {
  expect(rules(recv('# vcl-edge-disable-next-line\nset req.http.B = req.nope + re.group.1;'))).toEqual([]);
});

test('disable ... enable silences a region; enable ends it', () => {
  const source = recv(['# vcl-edge-disable unknown-variable', 'set req.http.A = req.one;', 'set req.http.B = req.two;', '# vcl-edge-enable unknown-variable', 'set req.http.C = req.three;'].join('\n'));
  expect(rules(source)).toEqual(['7:unknown-variable']);
});

test('a disable without enable lasts to the end of the file; a bare enable ends every rule', () => {
  expect(rules(`# vcl-edge-disable unknown-variable\n${recv('set req.http.A = req.one;')}`)).toEqual([]);
  const source = recv(['/* vcl-edge-disable unknown-variable, uncaptured-regex-group */', 'set req.http.A = req.one + re.group.1;', '# vcl-edge-enable', 'set req.http.B = req.two + re.group.1;'].join('\n'));
  expect(rules(source)).toEqual(['6:unknown-variable', '6:uncaptured-regex-group']);
});

test('a suppression in an included file applies to that file', () => {
  const fragment = 'sub helper {\n  # vcl-edge-disable-next-line unknown-variable\n  set req.http.A = req.one;\n  set req.http.B = req.two;\n}\n';
  const result = lintSource(`include "frag";\n${recv('call helper;')}`, 'main.vcl', { sources: new Map([['frag', fragment]]) });
  expect(allDiagnostics(result).map((d) => `${d.file}:${d.line}:${d.rule}`)).toEqual(['frag:4:unknown-variable']);
});
