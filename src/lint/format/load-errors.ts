// Diagnostics that stop `serve` or `test` from loading a service, printed as lint prints its findings
// (grouped by file, `line:col severity message rule`, a code frame under each), so one format serves all.
import type { Diagnostic } from '../../diagnostics.js';
import type { LintResult } from '../lint.js';
import { formatText } from './text.js';

export function formatLoadErrors(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: { cwd: string; color: boolean }): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const result: LintResult = {
    files: [...byFile.keys()].sort().map((file) => ({ file, diagnostics: byFile.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column) })),
    sources: new Map(sources),
  };
  return formatText(result, options);
}
