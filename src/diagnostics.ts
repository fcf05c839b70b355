// Diagnostics: the one shape every layer (lexer, parser, checker, lint, test runner) reports problems in,
// and VclError, the one error type the library throws for a user's VCL mistake.
// This module imports nothing from the project, so every layer may use it.
import type { RuleId } from './rule-ids.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  endLine: number;
  endColumn: number; // exclusive
  severity: Severity;
  rule: RuleId; // e.g. 'parse', 'unknown-variable', 'return-state'
  message: string;
}

export class VclError extends Error {
  readonly diagnostics: Diagnostic[];
  /** The text of the files the diagnostics point into, for code frames (when the thrower had them). */
  readonly sources: ReadonlyMap<string, string>;

  constructor(diagnostics: Diagnostic[], sources?: ReadonlyMap<string, string>) {
    super(formatDiagnostics(diagnostics, sources));
    this.name = 'VclError';
    this.diagnostics = diagnostics;
    this.sources = sources ?? new Map();
  }
}

/** `main.vcl:12:5: error: expected ";" after set statement [parse]` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/**
 * A code frame under the message: the offending line with its number and a caret run under the range.
 * Returns '' when the source is not available.
 */
export function codeFrame(source: string | undefined, d: Diagnostic): string {
  if (source === undefined) return '';
  const lines = source.split(/\r?\n/);
  const text = lines[d.line - 1];
  if (text === undefined) return '';
  const gutter = String(d.line).length;
  const width = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : Math.max(1, text.length - d.column + 1);
  const pad = text.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
  return `${' '.repeat(gutter)} |\n${d.line} | ${text}\n${' '.repeat(gutter)} | ${pad}${'^'.repeat(width)}`;
}

export function formatDiagnostics(diagnostics: Diagnostic[], sources?: ReadonlyMap<string, string>): string {
  return diagnostics
    .map((d) => {
      const frame = codeFrame(sources?.get(d.file), d);
      return frame ? `${formatDiagnostic(d)}\n${frame}` : formatDiagnostic(d);
    })
    .join('\n');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Whether `error` is the call stack running out. The passes over the AST recurse once per level of it,
 * and a text can nest deeper than any stack (an expression of thousands of terms): that is the text's
 * problem, reported as a diagnostic, not a crash.
 */
export function isCallStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The diagnostic for a text nested too deeply for `what` (parse, check, lint) to walk it. */
export function tooDeeplyNested(file: string, what: string): Diagnostic {
  const message = `the text is too deeply nested to ${what} (blocks, parentheses or calls inside each other, or an expression of thousands of terms)`;
  return { file, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', rule: 'parse', message };
}
