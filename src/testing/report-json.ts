// The JSON report: every result and the totals, for scripts.
import type { TestReport } from './results.js';

export function formatJson(report: TestReport): string {
  const { results, summary } = report;
  return JSON.stringify({ summary, tests: results }, null, 2) + '\n';
}
