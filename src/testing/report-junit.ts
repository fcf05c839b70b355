// The JUnit XML report CI dashboards read: <testsuites> with one <testsuite> per test file, a
// <testcase> per test and scope, <failure> and <skipped> inside the ones that did not pass.
import type { TestReport, TestResult } from './results.js';
import { testTitle } from './report-text.js';

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: TestResult): string {
  const open = `    <testcase classname="${xml(r.group ? `${r.file} › ${r.group}` : r.file)}" name="${xml(testTitle(r))}" time="${seconds(r.durationMs)}"`;
  if (r.status === 'skipped') return `${open}>\n      <skipped/>\n    </testcase>`;
  const f = r.failure;
  if (!f) return `${open}/>`;
  const detail = [`${f.file}:${f.line}:${f.column} ${f.fn}: ${f.message}`];
  if (f.expected !== undefined) detail.push(`expected: ${f.expected}`, `actual:   ${f.actual}`);
  return `${open}>\n      <failure message="${xml(f.message)}" type="${xml(f.fn)}">${xml(detail.join('\n'))}</failure>\n    </testcase>`;
}

export function formatJunit(report: TestReport): string {
  const byFile = new Map<string, TestResult[]>();
  for (const r of report.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const { summary } = report;
  const total = summary.passed + summary.failed + summary.skipped;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vcl-edge test" tests="${total}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${seconds(summary.durationMs)}">`,
  ];
  for (const [file, results] of byFile) {
    const count = (s: TestResult['status']) => results.filter((r) => r.status === s).length;
    const time = results.reduce((t, r) => t + r.durationMs, 0);
    lines.push(`  <testsuite name="${xml(file)}" tests="${results.length}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}" time="${seconds(time)}">`);
    lines.push(...results.map(testcase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
