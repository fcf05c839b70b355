// The text report: a line per test (file once as a heading), the failure's place, expected and
// actual under a failing test, and last the totals: `N passed, N failed[, N skipped]`.
import type { TestReport, TestResult, TestSummary } from './results.js';

const LABEL = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;

export function testTitle(r: TestResult): string {
  return `${r.group ? `${r.group} › ` : ''}${r.name} [${r.scope}]`;
}

export function formatDuration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}

export function summaryLine(s: TestSummary): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
}

function failureLines(r: TestResult): string[] {
  const f = r.failure;
  if (!f) return [];
  const at = f.file ? `${f.file}:${f.line}:${f.column}` : '(no location)';
  const lines = [`      at ${at} ${f.fn}: ${f.message}`];
  if (f.expected !== undefined) lines.push(`        expected: ${f.expected}`);
  if (f.actual !== undefined) lines.push(`        actual:   ${f.actual}`);
  return lines;
}

export function formatText(report: TestReport): string {
  const lines: string[] = [];
  let file: string | null = null;
  for (const r of report.results) {
    if (r.file !== file) {
      if (file !== null) lines.push('');
      lines.push(r.file);
      file = r.file;
    }
    const time = r.status === 'skipped' ? '' : ` (${formatDuration(r.durationMs)})`;
    lines.push(`  ${LABEL[r.status]}  ${testTitle(r)}${time}`, ...failureLines(r));
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report.summary));
  return lines.join('\n') + '\n';
}
