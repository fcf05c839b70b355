// constant-condition: an if condition made only of literals.
import type { Expression } from '../../ast/ast.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

/** Is the expression built from literals only (no variable, no call)? */
export function isConstant(e: Expression): boolean {
  switch (e.kind) {
    case 'String':
    case 'Integer':
    case 'Float':
    case 'RTime':
    case 'Bool':
      return true;
    case 'Group':
      return isConstant(e.expression);
    case 'Unary':
      return isConstant(e.operand);
    case 'Binary':
      return isConstant(e.left) && isConstant(e.right);
    default:
      return false;
  }
}

export function constantCondition(ctx: LintContext): Visitor {
  return {
    statement(s) {
      if (s.kind !== 'If') return;
      for (const b of s.branches) {
        if (!isConstant(b.condition)) continue;
        const verdict = b.condition.kind === 'Bool' ? (b.condition.value ? 'always runs' : 'never runs') : 'always or never runs';
        ctx.report('constant-condition', b.condition.range, `the condition is a constant: this branch ${verdict}`);
      }
    },
  };
}
