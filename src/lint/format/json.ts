// The JSON format: one array of diagnostics, file paths relative to the working folder.
import type { LintResult } from '../lint.js';
import { displayPath } from './paths.js';

export function formatJson(result: LintResult, cwd: string): string {
  const rows = result.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      file: displayPath(f.file, cwd),
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      rule: d.rule,
      message: d.message,
    })),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}
