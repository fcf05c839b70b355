// What every lint check sees: the checked program, and one way to report a finding.
import type { Diagnostic } from '../diagnostics.js';
import type { Program, Range, SubDeclaration } from '../ast/ast.js';
import type { Scope } from '../values/context.js';
import type { CheckInfo } from '../check/info.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import { findRule } from './rules.js';
import type { LintRuleId } from '../rule-ids.js';

export interface LintContext {
  program: Program;
  info: CheckInfo;
  report(rule: LintRuleId, range: Range, message: string): void;
}

export function createContext(program: Program, info: CheckInfo, out: Diagnostic[]): LintContext {
  return {
    program,
    info,
    report(rule, range, message) {
      out.push(diagnosticAt(range, findRule(rule)?.severity ?? 'warning', rule, message));
    },
  };
}

/** The subroutine the walk is in. A built-in one may come in several parts, walked in order. */
export interface SubContext {
  sub: SubDeclaration;
  name: string;
  /** The built-in subroutines it runs in (from the checker's call graph). */
  scopes: ReadonlySet<Scope>;
  /** 0 for the first (or only) part of the subroutine. */
  part: number;
}

/** A range from the start of one node to the end of another (both in one file). */
export function spanning(first: { range: Range }, last: { range: Range }): Range {
  return { file: first.range.file, start: first.range.start, end: last.range.end };
}
