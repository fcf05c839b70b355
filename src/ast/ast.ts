// The typed AST of a VCL file. The parser builds it straight from tokens (no CST);
// the printer turns it back into VCL; the checker and compiler read it.
// Every node carries the source range it came from, so a diagnostic can point at it.
// Expressions and positions live in ast-expressions.ts; this module re-exports them.

import type { AstNode as Node, CallExpression, Expression, Identifier, IntegerLiteral, StringLiteral } from './ast-expressions.js';

export type * from './ast-expressions.js';

// ---------- Types ----------

export type TypeName =
  | 'ACL'
  | 'BACKEND'
  | 'BOOL'
  | 'FLOAT'
  | 'ID'
  | 'INTEGER'
  | 'IP'
  | 'REGEX'
  | 'RTIME'
  | 'STRING'
  | 'TIME'
  | 'VOID';

// ---------- Program ----------

export interface Program extends Node {
  kind: 'Program';
  file: string;
  declarations: Declaration[];
  comments: Comment[]; // every comment, in source order (#FASTLY macros, lint suppressions)
}

export interface Comment extends Node {
  kind: 'Comment';
  text: string; // raw text including the marker (`#`, `//`, `/* */`)
}

export type Declaration =
  | SubDeclaration
  | BackendDeclaration
  | DirectorDeclaration
  | AclDeclaration
  | TableDeclaration
  | IncludeDeclaration
  | ImportDeclaration
  | PenaltyboxDeclaration
  | RatecounterDeclaration
  | PragmaDeclaration
  | DescribeDeclaration;

export interface Parameter extends Node {
  kind: 'Parameter';
  type: TypeName;
  name: Identifier; // var.xxx
}

export interface SubDeclaration extends Node {
  kind: 'Sub';
  name: Identifier;
  returnType: TypeName | null; // `sub f BOOL { ... }`; null = VOID
  parameters: Parameter[]; // `sub f(STRING var.s) { ... }`
  body: Block;
}

/** `.name = value;` inside backend / director / probe / penaltybox blocks. */
export interface Property extends Node {
  kind: 'Property';
  name: Identifier; // without the leading dot
  value: Expression | PropertyObject;
}

export interface PropertyObject extends Node {
  kind: 'PropertyObject';
  properties: Property[];
}

export interface BackendDeclaration extends Node {
  kind: 'Backend';
  name: Identifier;
  properties: Property[]; // `.probe = { ... }` is a Property whose value is a PropertyObject
}

export interface DirectorDeclaration extends Node {
  kind: 'Director';
  name: Identifier;
  directorType: Identifier; // random | fallback | hash | client | chash
  properties: Property[]; // `.quorum = 50%;` etc. (a percentage is a Literal with unit '%')
  members: PropertyObject[]; // `{ .backend = F_a; .weight = 1; }`
}

export interface AclEntry extends Node {
  kind: 'AclEntry';
  negated: boolean;
  address: string; // as written inside the quotes
  prefix: number | null; // the `/24`, if any
}

export interface AclDeclaration extends Node {
  kind: 'Acl';
  name: Identifier;
  entries: AclEntry[];
}

export interface TableEntry extends Node {
  kind: 'TableEntry';
  key: StringLiteral;
  value: Expression;
}

export interface TableDeclaration extends Node {
  kind: 'Table';
  name: Identifier;
  valueType: TypeName | null; // null = STRING (the default)
  entries: TableEntry[];
}

export interface IncludeDeclaration extends Node {
  kind: 'Include';
  path: StringLiteral;
}

export interface ImportDeclaration extends Node {
  kind: 'Import';
  name: Identifier;
}

export interface PenaltyboxDeclaration extends Node {
  kind: 'Penaltybox';
  name: Identifier;
  properties: Property[];
}

export interface RatecounterDeclaration extends Node {
  kind: 'Ratecounter';
  name: Identifier;
  properties: Property[];
}

/** `pragma optional_param geoip_opt_in true;` — kept verbatim (the words after `pragma`). */
export interface PragmaDeclaration extends Node {
  kind: 'Pragma';
  words: string[];
}

/**
 * falco's test grouping: `describe name { before_recv { ... } sub t { ... } }`.
 * Only meaningful in `*.test.vcl` files; the checker rejects it elsewhere.
 */
export interface DescribeDeclaration extends Node {
  kind: 'Describe';
  name: Identifier;
  members: SubDeclaration[]; // hooks (before_recv, after_recv, before_each, ...) are subs too
}

// ---------- Statements ----------

export type Statement =
  | Block
  | SetStatement
  | UnsetStatement
  | AddStatement
  | DeclareStatement
  | IfStatement
  | ReturnStatement
  | CallStatement
  | ErrorStatement
  | RestartStatement
  | SyntheticStatement
  | LogStatement
  | EsiStatement
  | GotoStatement
  | LabelStatement
  | SwitchStatement
  | BreakStatement
  | FallthroughStatement
  | ExpressionStatement
  /** `include "name";` inside a subroutine: the loader splices the file's statements in its place. */
  | IncludeDeclaration;

export interface Block extends Node {
  kind: 'Block';
  statements: Statement[];
}

export type AssignOperator =
  | '='
  | '+='
  | '-='
  | '*='
  | '/='
  | '%='
  | '|='
  | '&='
  | '^='
  | '<<='
  | '>>='
  | 'rol='
  | 'ror='
  | '&&='
  | '||=';

export interface SetStatement extends Node {
  kind: 'Set';
  target: Identifier; // req.http.X, var.x, req.http.Cookie:session, beresp.ttl ...
  operator: AssignOperator;
  value: Expression;
}

export interface UnsetStatement extends Node {
  kind: 'Unset';
  keyword: 'unset' | 'remove';
  target: Identifier; // may end in `*` (prefix wildcard)
}

export interface AddStatement extends Node {
  kind: 'Add';
  target: Identifier;
  value: Expression;
}

export interface DeclareStatement extends Node {
  kind: 'Declare';
  /** `local`: the whole subroutine sees it; `block`: only the braces it is declared in (Fastly's local-variables page). */
  scope: 'local' | 'block';
  name: Identifier; // var.xxx
  type: TypeName;
  init: Expression | null; // falco allows `declare local var.x STRING = "...";`
}

export interface IfBranch extends Node {
  kind: 'IfBranch';
  keyword: 'if' | 'else if' | 'elseif' | 'elsif';
  condition: Expression;
  body: Block;
}

export interface IfStatement extends Node {
  kind: 'If';
  branches: IfBranch[]; // the first has keyword 'if'
  otherwise: Block | null;
}

export interface ReturnStatement extends Node {
  kind: 'Return';
  /** `return(pass);` / `return pass;` — a lifecycle state. */
  state: Identifier | null;
  /** `return expr;` in a typed sub. Exclusive with `state`. */
  value: Expression | null;
  parenthesized: boolean;
}

export interface CallStatement extends Node {
  kind: 'Call';
  name: Identifier;
  /** `call f("a", 1);` — the arguments of a parameterised subroutine (empty for `call f;`). */
  args: Expression[];
}

export interface ErrorStatement extends Node {
  kind: 'Error';
  status: Expression | null;
  response: Expression | null;
}

export interface RestartStatement extends Node {
  kind: 'Restart';
}

export interface SyntheticStatement extends Node {
  kind: 'Synthetic';
  base64: boolean;
  value: Expression;
}

export interface LogStatement extends Node {
  kind: 'Log';
  value: Expression;
}

export interface EsiStatement extends Node {
  kind: 'Esi';
}

export interface GotoStatement extends Node {
  kind: 'Goto';
  label: Identifier;
}

export interface LabelStatement extends Node {
  kind: 'Label';
  name: Identifier;
}

export interface SwitchCase extends Node {
  kind: 'SwitchCase';
  /** null for `default:` */
  test: { regex: boolean; value: StringLiteral | IntegerLiteral } | null;
  statements: Statement[]; // may end with Break or Fallthrough
}

export interface SwitchStatement extends Node {
  kind: 'Switch';
  subject: Expression;
  cases: SwitchCase[];
}

export interface BreakStatement extends Node {
  kind: 'Break';
}

export interface FallthroughStatement extends Node {
  kind: 'Fallthrough';
}

/** A VOID function called for its effect: `std.collect(req.http.Cookie);`, `assert.equal(a, b);` */
export interface ExpressionStatement extends Node {
  kind: 'ExpressionStatement';
  expression: CallExpression;
}

export type AnyNode =
  | Program
  | Declaration
  | Statement
  | Expression
  | Property
  | PropertyObject
  | AclEntry
  | TableEntry
  | Parameter
  | IfBranch
  | SwitchCase
  | Comment;
