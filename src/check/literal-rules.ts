// Where Fastly types a literal more strictly than a value of the same type, and which operand types its
// comparisons and matches take. Fastly's pages say only that values of other types convert to STRING
// where one is needed (reference/vcl/types) and that a comparison yields a BOOL; the rules below are the
// ones falco's interpreter tables assert (ysugimoto/falco interpreter/assign/assign_test.go and
// interpreter/operator/*_test.go), which follow what Fastly accepts:
//   - a number literal (`10`, `-1.5`, `30s`) is never converted: not to a STRING (write "10"), not
//     between INTEGER, FLOAT, RTIME and TIME (write 10s, or 10.0);
//   - a backend's name is not a STRING either (req.backend, a BACKEND value, is);
//   - a literal is never the left side of a comparison;
//   - `==` and `!=` compare values of one type (an IP with a STRING that holds an address also); a STRING
//     on the left takes any scalar value on the right as its text (Fastly-observed, overriding falco's
//     older table: see AS_TEXT_OF_STRING), the other direction stays refused;
//   - `<`, `>`, `<=`, `>=` compare numbers: an RTIME value with an INTEGER or FLOAT value by its seconds,
//     a TIME only with a TIME.
// Where real VCL that runs on Fastly shows more is accepted, that wins over falco's tables: INTEGER and
// FLOAT compare with each other (Mastodon's production service tests `client.geo.latitude != 0`).
import type { Expression, TypeName } from '../ast/ast.js';
import { parseIp } from '../values/ip.js';

type NumberLiteralType = 'INTEGER' | 'FLOAT' | 'RTIME';

/** The type of a number literal, negated or not (`10`, `-1.5`, `30s`); null for anything else. */
// The checker asks these of every operand. A node's kind is read once into a local: each read of it, on
// nodes of every class, is a lookup of its own (ast/nodes.ts keeps kinds on the classes' prototypes).
export function numberLiteral(expr: Expression): NumberLiteralType | null {
  const e = expr.kind === 'Unary' && expr.operator === '-' ? expr.operand : expr;
  switch (e.kind) {
    case 'Integer':
      return 'INTEGER';
    case 'Float':
      return 'FLOAT';
    case 'RTime':
      return 'RTIME';
    default:
      return null;
  }
}

/** A literal of any type: a string, a number (negated or not), true or false. */
export function isLiteral(expr: Expression): boolean {
  const kind = expr.kind;
  return kind === 'String' || kind === 'Bool' || numberLiteral(expr) !== null;
}

/** The number literals a slot of each type refuses although a value of the literal's type converts. */
const REFUSED_LITERALS: Partial<Record<TypeName, readonly NumberLiteralType[]>> = {
  STRING: ['INTEGER', 'FLOAT', 'RTIME'],
  INTEGER: ['FLOAT', 'RTIME'],
  FLOAT: ['RTIME'],
  RTIME: ['INTEGER', 'FLOAT'],
  TIME: ['INTEGER', 'FLOAT'],
};

/** The article a type's name takes: "an INTEGER", "an RTIME", "a STRING". */
export const article = (type: string): string => (/^(?:[AEIOU]|RTIME)/.test(type) ? 'an' : 'a');

/**
 * Why `value` cannot go where a `target` is expected (assigned, declared with, passed as an argument,
 * concatenated when `target` is STRING), or null. `backendName` tells that `value` names a backend.
 */
export function literalProblem(value: Expression, target: TypeName, backendName: boolean): string | null {
  const literal = numberLiteral(value);
  if (literal && REFUSED_LITERALS[target]?.includes(literal)) {
    const hint = target === 'STRING' ? ': write it as a string' : target === 'RTIME' ? ': give it a unit (10s)' : '';
    return `${article(literal)} ${literal} literal cannot be used as ${article(target)} ${target}${hint}`;
  }
  if (target === 'STRING' && backendName) return 'a backend name cannot be used as a STRING (req.backend can)';
  return null;
}

/** The right operand types an ordering (`<`, `>`, `<=`, `>=`) takes for each left type; `value` = not a literal. */
const NUMBERS: ReadonlySet<TypeName> = new Set<TypeName>(['INTEGER', 'FLOAT']);

const ORDERED: Partial<Record<TypeName, Partial<Record<TypeName, 'any' | 'value'>>>> = {
  INTEGER: { INTEGER: 'any', FLOAT: 'any', RTIME: 'value' },
  FLOAT: { INTEGER: 'any', FLOAT: 'any', RTIME: 'value' },
  RTIME: { INTEGER: 'value', FLOAT: 'value', RTIME: 'any' },
  TIME: { TIME: 'any' },
};

/** Why the comparison `left op right` is refused, or null. */
export function comparisonProblem(op: string, left: Expression, leftType: TypeName, right: Expression, rightType: TypeName): string | null {
  if (isLiteral(left)) return `a literal cannot be the left side of "${op}": put it on the right`;
  if (op === '==' || op === '!=') {
    if (leftType === rightType) return null;
    // Production VCL on Fastly compares a FLOAT with an INTEGER (`client.geo.latitude != 0`).
    if (NUMBERS.has(leftType) && NUMBERS.has(rightType)) return null;
    if (leftType === 'IP' && rightType === 'STRING') {
      return right.kind === 'String' && parseIp(right.value) === null ? `"${right.value}" is not an IP address` : null;
    }
    if (leftType === 'STRING' && AS_TEXT_OF_STRING.has(rightType)) return textOperandProblem(right);
    return `cannot compare ${leftType} with ${rightType}`;
  }
  const allowed = ORDERED[leftType]?.[rightType];
  if (allowed === 'any' || (allowed === 'value' && !isLiteral(right))) return null;
  if (allowed === 'value') return `"${op}" compares ${leftType} with ${article(rightType)} ${rightType} value, not a literal`;
  return `"${op}" cannot compare ${leftType} with ${rightType}`;
}

/**
 * The right operand types a STRING on the left of `==`/`!=` takes as their text, as a header holds them
 * (Fastly Fiddle 6c2ac451, in falco's string_coercion example: the right operand is coerced to the left's
 * type). A BACKEND compares by its name, whether written as a declared backend or read from req.backend.
 */
const AS_TEXT_OF_STRING: ReadonlySet<TypeName> = new Set<TypeName>(['INTEGER', 'FLOAT', 'RTIME', 'TIME', 'BOOL', 'IP', 'BACKEND']);

/** A number literal is still no STRING there; a BOOL literal is (Fastly Fiddle 9eb5f06b: `req.http.S == true`). */
function textOperandProblem(right: Expression): string | null {
  let operand = right;
  while (operand.kind === 'Group') operand = operand.expression; // `== (10)` is the literal still (falco's operator table)
  const literal = numberLiteral(operand);
  return literal ? `cannot compare STRING with ${article(literal)} ${literal} literal: write it as a string` : null;
}

const CONDITION_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '~', '!~', '<', '>', '<=', '>=', '&&', '||']);

/**
 * Why a value `set` or `declare` assigns is refused: a comparison or match that is not in parentheses.
 * Outside `if (…)` a condition is a value only when grouped (falco's statement and operator tables:
 * `declare local var.b BOOL = (a == b);` loads, `= a == b;` does not).
 */
export function bareConditionProblem(value: Expression, target: TypeName): string | null {
  if (isCondition(value)) return `put the condition in parentheses to use its value: (… ${value.operator} …)`;
  // A grouped condition is a BOOL for a BOOL slot, not text for a header (falco's grouped-expression table).
  if (target !== 'BOOL' && value.kind === 'Group' && isCondition(value.expression)) return `a condition is a BOOL value: it cannot be used as ${article(target)} ${target}`;
  return null;
}

function isCondition(e: Expression): e is Extract<Expression, { kind: 'Binary' }> {
  return e.kind === 'Binary' && CONDITION_OPERATORS.has(e.operator);
}
