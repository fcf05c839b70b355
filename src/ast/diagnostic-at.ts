// Turning an AST range into a Diagnostic.
import type { Range } from './ast.js';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { RuleId } from '../rule-ids.js';

export function diagnosticAt(range: Range, severity: Severity, rule: RuleId, message: string): Diagnostic {
  const { start, end } = range; // each is worked out when read (SourceRange)
  return {
    file: range.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity,
    rule,
    message,
  };
}
