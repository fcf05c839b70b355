// What a test run produces: one result per test and scope, and the totals. Reporters read only this.

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestFailure {
  /** Where the failing assertion (or testing.* call) is. */
  file: string;
  line: number;
  column: number;
  /** The function that failed: `assert.equal`, `testing.call_subroutine`, ... */
  fn: string;
  message: string;
  /** Set for assertion failures (not for a testing.* call that could not run). */
  expected?: string;
  actual?: string;
}

export interface TestResult {
  file: string;
  /** The describe group, or null for a top-level test. */
  group: string | null;
  /** The @suite name, else the sub's name. */
  name: string;
  scope: string;
  status: TestStatus;
  durationMs: number;
  failure?: TestFailure;
}

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}

export interface TestReport {
  results: TestResult[];
  summary: TestSummary;
  /** Every file the run read (main.vcl, its includes, the test files): what --watch watches. */
  files: string[];
}

export function summarize(results: readonly TestResult[], durationMs: number): TestSummary {
  const count = (s: TestStatus) => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), durationMs };
}
