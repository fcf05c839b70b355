// The expressions of the VCL AST, with the source positions every node carries.
// (ast.ts re-exports everything here: import from there.)

export type { Position, Range } from '../lexer/source-range.js';
import type { Range } from '../lexer/source-range.js';

export interface AstNode {
  /** Parsed nodes work it out when asked (ast/nodes.ts): copy a node with `withFields`, not a spread. */
  readonly range: Range;
}

export interface Identifier extends AstNode {
  kind: 'Identifier';
  name: string;
}

// ---------- Expressions ----------

export type Expression =
  | StringLiteral
  | IntegerLiteral
  | FloatLiteral
  | RTimeLiteral
  | BoolLiteral
  | Identifier
  | UnaryExpression
  | BinaryExpression
  | CallExpression
  | GroupExpression;

export interface StringLiteral extends AstNode {
  kind: 'String';
  value: string; // decoded (percent escapes applied; %00 truncates)
  raw: string; // as written, quotes included: `"a%20b"`, `{"x"}`, `{DELIM"x"DELIM}`
}

export interface IntegerLiteral extends AstNode {
  kind: 'Integer';
  value: number;
  raw: string; // `42`, `0x2A`, `-1`
  percent: boolean; // `50%` in director quorum
}

export interface FloatLiteral extends AstNode {
  kind: 'Float';
  value: number;
  raw: string;
}

export interface RTimeLiteral extends AstNode {
  kind: 'RTime';
  milliseconds: number;
  raw: string; // `10s`, `1.5m`, `5 m`
}

export interface BoolLiteral extends AstNode {
  kind: 'Bool';
  value: boolean;
}

export type UnaryOperator = '!' | '-';

export interface UnaryExpression extends AstNode {
  kind: 'Unary';
  operator: UnaryOperator;
  operand: Expression;
}

export type BinaryOperator =
  | '||'
  | '&&'
  | '=='
  | '!='
  | '~'
  | '!~'
  | '<'
  | '>'
  | '<='
  | '>='
  | '+' // explicit concatenation (or addition in typed contexts)
  | 'concat'; // implicit concatenation by juxtaposition: `"a" req.url`

export interface BinaryExpression extends AstNode {
  kind: 'Binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface CallExpression extends AstNode {
  kind: 'CallExpr';
  callee: Identifier; // std.tolower, if, querystring.get, a typed custom sub
  args: Expression[];
}

export interface GroupExpression extends AstNode {
  kind: 'Group';
  expression: Expression;
}

