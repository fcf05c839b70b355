// Turning an AST range into a Diagnostic.
import type { Range } from '../../parser/ast.js';
import type { Diagnostic, Severity } from '../../diagnostics.js';

export function diagnosticAt(range: Range, severity: Severity, rule: string, message: string): Diagnostic {
  return {
    file: range.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    severity,
    rule,
    message,
  };
}
