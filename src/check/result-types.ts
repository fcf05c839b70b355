// The type of an expression, from what it is made of: its literal kind, what its names resolve to, and
// its operands' types. The checker applies these rules as it checks (and reports what does not fit);
// the compiler applies them again to a checked expression. Storing a type on every node instead made
// up a fifth of a check's time: the garbage collector copies every fact stored.
import type { BinaryOperator, Expression, TypeName } from '../ast/ast.js';
import type { CallResolution, CheckInfo, IdentResolution } from './info.js';
import { LITERAL_TYPES } from './literals.js';

/** The type of a name, by what it resolves to. */
export function identifierType(r: IdentResolution): TypeName {
  switch (r.kind) {
    case 'local':
      return r.type;
    case 'variable':
      return r.spec.type;
    case 'header':
      return 'STRING';
    case 'backend':
      return 'BACKEND';
    case 'acl':
      return 'ACL';
    case 'table':
    case 'word':
      return 'ID';
  }
}

/** The type a call returns. */
export function callType(r: CallResolution, info: CheckInfo): TypeName {
  if (r.kind === 'function') return r.spec.returns;
  return info.symbols.subs.get(r.name)?.[0]?.returnType ?? 'VOID';
}

/**
 * `+` adds an RTIME to a TIME (Fastly's `now + 1d` example on the time.now page); anything else it
 * concatenates, as juxtaposition does: two RTIME values too (falco's concat table: "1.0001.000").
 */
export function plusType(left: TypeName, right: TypeName): TypeName {
  return left === 'TIME' && right === 'RTIME' ? 'TIME' : 'STRING';
}

/** Every other operator's result does not depend on its operands. */
export function operatorType(operator: Exclude<BinaryOperator, '+'>): TypeName {
  return operator === 'concat' ? 'STRING' : 'BOOL';
}

/**
 * The type of an expression the checker accepted. Where the context gave a node its type, what the node
 * resolves to says it: a string the checker compiled as a regex is a REGEX, a bare word resolves to a word
 * (ID), an ACL's name to the ACL.
 */
export function expressionType(expr: Expression, info: CheckInfo): TypeName {
  switch (expr.kind) {
    case 'String':
      return info.regexes.has(expr) ? 'REGEX' : 'STRING';
    case 'Integer':
    case 'Float':
    case 'RTime':
    case 'Bool':
      return LITERAL_TYPES[expr.kind]!;
    case 'Group':
      return expressionType(expr.expression, info);
    case 'Identifier':
      return identifierType(resolved(info.idents.get(expr), expr));
    case 'CallExpr':
      return callType(resolved(info.calls.get(expr), expr), info);
    case 'Unary':
      return expr.operator === '!' ? 'BOOL' : expressionType(expr.operand, info);
    case 'Binary':
      if (expr.operator !== '+') return operatorType(expr.operator);
      return plusType(expressionType(expr.left, info), expressionType(expr.right, info));
  }
}

function resolved<R>(resolution: R | undefined, expr: Expression): R {
  if (resolution === undefined) throw new Error(`internal: expression at ${expr.range.start.line}:${expr.range.start.column} was not checked`);
  return resolution;
}
