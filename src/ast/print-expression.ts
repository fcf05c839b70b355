// Expressions back to VCL text. Parsed trees keep their GroupExpressions, so they print as written;
// for hand-built trees, parentheses are added wherever precedence would otherwise change the meaning.

import type { Expression } from './ast.js';

/** Binding strength, loosest first (matches the grammar in expression-rules.ts). */
const enum Level {
  Or = 1,
  And = 2,
  Not = 3,
  Comparison = 4,
  Concat = 5,
  Plus = 6,
  Negation = 7,
  Primary = 8,
}

function levelOf(e: Expression): Level {
  switch (e.kind) {
    case 'Binary':
      if (e.operator === '||') return Level.Or;
      if (e.operator === '&&') return Level.And;
      if (e.operator === '+') return Level.Plus;
      if (e.operator === 'concat') return Level.Concat;
      return Level.Comparison;
    case 'Unary':
      return e.operator === '!' ? Level.Not : Level.Negation;
    case 'Integer':
    case 'Float':
    case 'RTime':
      return e.raw.startsWith('-') ? Level.Negation : Level.Primary;
    default:
      return Level.Primary;
  }
}

/** Print `e` so that it parses back at `minimum` level or tighter. */
export function printAtLevel(e: Expression, minimum: number): string {
  const text = printExpression(e);
  return levelOf(e) >= minimum ? text : `(${text})`;
}

export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'String':
    case 'Float':
    case 'RTime':
      return e.raw;
    case 'Integer':
      return e.percent ? `${e.raw}%` : e.raw;
    case 'Bool':
      return e.value ? 'true' : 'false';
    case 'Identifier':
      return e.name;
    case 'Group':
      return `(${printExpression(e.expression)})`;
    case 'CallExpr':
      return `${e.callee.name}(${e.args.map(printExpression).join(', ')})`;
    case 'Unary':
      return e.operator === '!' ? `!${printAtLevel(e.operand, Level.Not)}` : `-${printAtLevel(e.operand, Level.Negation)}`;
    case 'Binary': {
      const level = levelOf(e);
      // Left-associative levels accept their own level on the left; comparison is non-associative.
      const left = printAtLevel(e.left, level === Level.Comparison ? level + 1 : level);
      const right = printAtLevel(e.right, level + 1);
      return e.operator === 'concat' ? `${left} ${right}` : `${left} ${e.operator} ${right}`;
    }
  }
}

/** A single term, as `error STATUS` requires. */
export function printTerm(e: Expression): string {
  return printAtLevel(e, Level.Negation);
}
