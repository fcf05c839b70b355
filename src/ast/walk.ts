// Visiting every statement and expression under a node, for analyses that need no order.
import type { Expression, Statement } from './ast.js';

export function forEachStatement(statements: readonly Statement[], visit: (s: Statement) => void): void {
  for (const s of statements) {
    visit(s);
    switch (s.kind) {
      case 'Block':
        forEachStatement(s.statements, visit);
        break;
      case 'If':
        for (const b of s.branches) forEachStatement(b.body.statements, visit);
        if (s.otherwise) forEachStatement(s.otherwise.statements, visit);
        break;
      case 'Switch':
        for (const c of s.cases) forEachStatement(c.statements, visit);
        break;
      default:
        break;
    }
  }
}

/** The expressions a statement holds directly (not those of nested statements). */
export function statementExpressions(s: Statement): Expression[] {
  switch (s.kind) {
    case 'Set':
    case 'Add':
      return [s.target, s.value];
    case 'Unset':
      return [s.target];
    case 'Declare':
      return s.init ? [s.init] : [];
    case 'If':
      return s.branches.map((b) => b.condition);
    case 'Return':
      return s.value ? [s.value] : [];
    case 'Error':
      return [s.status, s.response].filter((e): e is Expression => e !== null);
    case 'Synthetic':
    case 'Log':
      return [s.value];
    case 'Switch':
      return [s.subject];
    case 'ExpressionStatement':
      return [s.expression];
    case 'Call':
      return s.args ?? [];
    default:
      return [];
  }
}

export function forEachExpression(expr: Expression, visit: (e: Expression) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'Unary':
      forEachExpression(expr.operand, visit);
      break;
    case 'Binary':
      forEachExpression(expr.left, visit);
      forEachExpression(expr.right, visit);
      break;
    case 'Group':
      forEachExpression(expr.expression, visit);
      break;
    case 'CallExpr':
      for (const a of expr.args) forEachExpression(a, visit);
      break;
    default:
      break;
  }
}
