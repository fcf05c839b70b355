// unreachable-code: statements after a return, error, restart (or goto, break, fallthrough) in one block.
import type { Statement } from '../../ast/ast.js';
import { spanning, type LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

const JUMPS = new Set<Statement['kind']>(['Return', 'Error', 'Restart', 'Goto', 'Break', 'Fallthrough']);

const JUMP_WORDS: Partial<Record<Statement['kind'], string>> = {
  Return: 'return',
  Error: 'error',
  Restart: 'restart',
  Goto: 'goto',
  Break: 'break',
  Fallthrough: 'fallthrough',
};

/** Does control never go past this statement? */
export function endsFlow(s: Statement): boolean {
  if (JUMPS.has(s.kind)) return true;
  if (s.kind === 'Block') return s.statements.some(endsFlow);
  if (s.kind === 'If') {
    return s.otherwise !== null && s.otherwise.statements.some(endsFlow) && s.branches.every((b) => b.body.statements.some(endsFlow));
  }
  return false;
}

export function unreachableCode(ctx: LintContext): Visitor {
  return {
    statementList(statements) {
      const end = statements.findIndex(endsFlow);
      if (end < 0 || end === statements.length - 1) return;
      const next = statements[end + 1]!;
      if (next.kind === 'Label') return; // a goto target: reachable
      const labelAt = statements.findIndex((s, i) => i > end && s.kind === 'Label');
      const last = statements[labelAt < 0 ? statements.length - 1 : labelAt - 1]!;
      const jump = statements[end]!;
      const word = JUMP_WORDS[jump.kind];
      const what = word ? `"${word}"` : 'an if whose every branch ends the flow';
      ctx.report('unreachable-code', spanning(next, last), `unreachable code: it follows ${what} at line ${jump.range.start.line}`);
    },
  };
}
