// The classes the parser builds the AST's nodes from (ast.ts has the types every stage reads).
//
// A node keeps where it lies as its own fields (the file's line index and two offsets) and makes its
// `range` when asked (a new one each time), which is only when something is reported. Why: a parse keeps
// its whole tree alive while it is checked, so the garbage collector copies every object of it, and a range
// object beside every node was nearly half of those objects and bytes. Nodes made elsewhere (a test's tree,
// the loader's program) may be plain objects with a `range`: readers only ever ask for `range`.
//
// `range` and `kind` are not own fields, so a spread (`{ ...node }`) makes a node without them: copy with
// `withFields`.
//
// Every constructor takes the span last, after the fields: the direct parser passes one scratch span it
// fills just before, so no argument evaluated after it may parse anything.

import { endOffsetOf, SourceRange, startOffsetOf, type LineIndex, type Range, type Span } from '../lexer/source-range.js';
import type * as A from './ast.js';

export abstract class SyntaxNode implements Span {
  // Assigned by the constructor, not declared as class fields: V8 would define them through one
  // initializer shared by every kind of node, which made building a node several times slower.
  declare readonly lines: LineIndex;
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(span: Span) {
    this.lines = span.lines;
    this.startOffset = span.startOffset;
    this.endOffset = span.endOffset;
  }

  get range(): SourceRange {
    return new SourceRange(this.lines, this.startOffset, this.endOffset);
  }

  /** The plain form, as a tree of literals with a `range` would give. */
  toJSON(): object {
    const { lines, startOffset, endOffset, ...fields } = this;
    return { kind: (this as { kind?: string }).kind, ...fields, range: this.range.toJSON() };
  }
}

/**
 * A class of node names its kind on its prototype, not in a field of each node: tens of thousands of nodes
 * of a large service each kept 8 bytes for it, which every collection while the tree is alive copies.
 * Enumerable, like the field it replaces (`for…in` sees it; `Object.keys` and spreads do not: see `toJSON`).
 */
function kindOnPrototype(node: abstract new (...args: never[]) => unknown, kind: string): void {
  Object.defineProperty(node.prototype, 'kind', { value: kind, enumerable: true });
}

/** A copy of `node` with `fields` replaced, of the same class, so it keeps its `range`. */
export function withFields<T extends object>(node: T, fields: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(node) as object) as T, node, fields);
}

/** Where a node starts, without making its range (a node from elsewhere has only its `range`). */
export function startOf(node: { range: Range }): number {
  return node instanceof SyntaxNode ? node.startOffset : startOffsetOf(node.range);
}

/** Where a node ends (one past its last character). */
export function endOf(node: { range: Range }): number {
  return node instanceof SyntaxNode ? node.endOffset : endOffsetOf(node.range);
}

// ---------- Expressions ----------

/**
 * Slots for what the checker learns of a name or a string (check/node-table.ts stores its facts under these
 * keys), made with the node: storing a fact then allocates nothing and keeps the node's shape. Added later,
 * a fact gave each node a properties object of its own, a sixth of a checked tree's memory.
 */
export const IDENT_FACT: unique symbol = Symbol('vcl-edge.ident');
export const CALL_FACT: unique symbol = Symbol('vcl-edge.call');
export const REGEX_FACT: unique symbol = Symbol('vcl-edge.regex');

export class IdentifierNode extends SyntaxNode implements A.Identifier {
  declare readonly kind: 'Identifier';
  static { kindOnPrototype(this, 'Identifier'); }
  declare [IDENT_FACT]: unknown;
  constructor(public name: string, span: Span) {
    super(span);
    this[IDENT_FACT] = undefined;
  }
}

export class StringNode extends SyntaxNode implements A.StringLiteral {
  declare readonly kind: 'String';
  static { kindOnPrototype(this, 'String'); }
  declare [REGEX_FACT]: unknown;
  constructor(public value: string, public raw: string, span: Span) {
    super(span);
    this[REGEX_FACT] = undefined;
  }
}

export class IntegerNode extends SyntaxNode implements A.IntegerLiteral {
  declare readonly kind: 'Integer';
  static { kindOnPrototype(this, 'Integer'); }
  constructor(public value: number, public raw: string, public percent: boolean, span: Span) { super(span); }
}

export class FloatNode extends SyntaxNode implements A.FloatLiteral {
  declare readonly kind: 'Float';
  static { kindOnPrototype(this, 'Float'); }
  constructor(public value: number, public raw: string, span: Span) { super(span); }
}

export class RTimeNode extends SyntaxNode implements A.RTimeLiteral {
  declare readonly kind: 'RTime';
  static { kindOnPrototype(this, 'RTime'); }
  constructor(public milliseconds: number, public raw: string, span: Span) { super(span); }
}

export class BoolNode extends SyntaxNode implements A.BoolLiteral {
  declare readonly kind: 'Bool';
  static { kindOnPrototype(this, 'Bool'); }
  constructor(public value: boolean, span: Span) { super(span); }
}

export class UnaryNode extends SyntaxNode implements A.UnaryExpression {
  declare readonly kind: 'Unary';
  static { kindOnPrototype(this, 'Unary'); }
  constructor(public operator: A.UnaryOperator, public operand: A.Expression, span: Span) { super(span); }
}

export class BinaryNode extends SyntaxNode implements A.BinaryExpression {
  declare readonly kind: 'Binary';
  static { kindOnPrototype(this, 'Binary'); }
  constructor(public operator: A.BinaryOperator, public left: A.Expression, public right: A.Expression, span: Span) { super(span); }
}

/** What a call resolves to is a fact of the call, not of its callee: names far outnumber calls. */
export class CallNode extends SyntaxNode implements A.CallExpression {
  declare readonly kind: 'CallExpr';
  static { kindOnPrototype(this, 'CallExpr'); }
  declare [CALL_FACT]: unknown;
  constructor(public callee: A.Identifier, public args: A.Expression[], span: Span) {
    super(span);
    this[CALL_FACT] = undefined;
  }
}

export class GroupNode extends SyntaxNode implements A.GroupExpression {
  declare readonly kind: 'Group';
  static { kindOnPrototype(this, 'Group'); }
  constructor(public expression: A.Expression, span: Span) { super(span); }
}

// ---------- Program and declarations ----------

export class ProgramNode extends SyntaxNode implements A.Program {
  declare readonly kind: 'Program';
  static { kindOnPrototype(this, 'Program'); }
  constructor(public file: string, public declarations: A.Declaration[], public comments: A.Comment[], span: Span) { super(span); }
}

export class ParameterNode extends SyntaxNode implements A.Parameter {
  declare readonly kind: 'Parameter';
  static { kindOnPrototype(this, 'Parameter'); }
  constructor(public type: A.TypeName, public name: A.Identifier, span: Span) { super(span); }
}

export class SubNode extends SyntaxNode implements A.SubDeclaration {
  declare readonly kind: 'Sub';
  static { kindOnPrototype(this, 'Sub'); }
  constructor(public name: A.Identifier, public returnType: A.TypeName | null, public parameters: A.Parameter[], public body: A.Block, span: Span) {
    super(span);
  }
}

export class PropertyNode extends SyntaxNode implements A.Property {
  declare readonly kind: 'Property';
  static { kindOnPrototype(this, 'Property'); }
  constructor(public name: A.Identifier, public value: A.Expression | A.PropertyObject, span: Span) { super(span); }
}

export class PropertyObjectNode extends SyntaxNode implements A.PropertyObject {
  declare readonly kind: 'PropertyObject';
  static { kindOnPrototype(this, 'PropertyObject'); }
  constructor(public properties: A.Property[], span: Span) { super(span); }
}

/** `backend`, `penaltybox` and `ratecounter`: a name and a block of properties. */
export class NamedObjectNode extends SyntaxNode {
  constructor(readonly kind: 'Backend' | 'Penaltybox' | 'Ratecounter', public name: A.Identifier, public properties: A.Property[], span: Span) {
    super(span);
  }
}

export class DirectorNode extends SyntaxNode implements A.DirectorDeclaration {
  declare readonly kind: 'Director';
  static { kindOnPrototype(this, 'Director'); }
  constructor(public name: A.Identifier, public directorType: A.Identifier, public properties: A.Property[], public members: A.PropertyObject[], span: Span) {
    super(span);
  }
}

export class AclEntryNode extends SyntaxNode implements A.AclEntry {
  declare readonly kind: 'AclEntry';
  static { kindOnPrototype(this, 'AclEntry'); }
  constructor(public negated: boolean, public address: string, public prefix: number | null, span: Span) { super(span); }
}

export class AclNode extends SyntaxNode implements A.AclDeclaration {
  declare readonly kind: 'Acl';
  static { kindOnPrototype(this, 'Acl'); }
  constructor(public name: A.Identifier, public entries: A.AclEntry[], span: Span) { super(span); }
}

export class TableEntryNode extends SyntaxNode implements A.TableEntry {
  declare readonly kind: 'TableEntry';
  static { kindOnPrototype(this, 'TableEntry'); }
  constructor(public key: A.StringLiteral, public value: A.Expression, span: Span) { super(span); }
}

export class TableNode extends SyntaxNode implements A.TableDeclaration {
  declare readonly kind: 'Table';
  static { kindOnPrototype(this, 'Table'); }
  constructor(public name: A.Identifier, public valueType: A.TypeName | null, public entries: A.TableEntry[], span: Span) { super(span); }
}

export class IncludeNode extends SyntaxNode implements A.IncludeDeclaration {
  declare readonly kind: 'Include';
  static { kindOnPrototype(this, 'Include'); }
  constructor(public path: A.StringLiteral, span: Span) { super(span); }
}

export class ImportNode extends SyntaxNode implements A.ImportDeclaration {
  declare readonly kind: 'Import';
  static { kindOnPrototype(this, 'Import'); }
  constructor(public name: A.Identifier, span: Span) { super(span); }
}

export class PragmaNode extends SyntaxNode implements A.PragmaDeclaration {
  declare readonly kind: 'Pragma';
  static { kindOnPrototype(this, 'Pragma'); }
  constructor(public words: string[], span: Span) { super(span); }
}

export class DescribeNode extends SyntaxNode implements A.DescribeDeclaration {
  declare readonly kind: 'Describe';
  static { kindOnPrototype(this, 'Describe'); }
  constructor(public name: A.Identifier, public members: A.SubDeclaration[], span: Span) { super(span); }
}

// ---------- Statements ----------

export class BlockNode extends SyntaxNode implements A.Block {
  declare readonly kind: 'Block';
  static { kindOnPrototype(this, 'Block'); }
  constructor(public statements: A.Statement[], span: Span) { super(span); }
}

export class SetNode extends SyntaxNode implements A.SetStatement {
  declare readonly kind: 'Set';
  static { kindOnPrototype(this, 'Set'); }
  constructor(public target: A.Identifier, public operator: A.AssignOperator, public value: A.Expression, span: Span) { super(span); }
}

export class UnsetNode extends SyntaxNode implements A.UnsetStatement {
  declare readonly kind: 'Unset';
  static { kindOnPrototype(this, 'Unset'); }
  constructor(public keyword: 'unset' | 'remove', public target: A.Identifier, span: Span) { super(span); }
}

export class AddNode extends SyntaxNode implements A.AddStatement {
  declare readonly kind: 'Add';
  static { kindOnPrototype(this, 'Add'); }
  constructor(public target: A.Identifier, public value: A.Expression, span: Span) { super(span); }
}

export class DeclareNode extends SyntaxNode implements A.DeclareStatement {
  declare readonly kind: 'Declare';
  static { kindOnPrototype(this, 'Declare'); }
  constructor(public scope: A.DeclareStatement['scope'], public name: A.Identifier, public type: A.TypeName, public init: A.Expression | null, span: Span) { super(span); }
}

export class IfBranchNode extends SyntaxNode implements A.IfBranch {
  declare readonly kind: 'IfBranch';
  static { kindOnPrototype(this, 'IfBranch'); }
  constructor(public keyword: A.IfBranch['keyword'], public condition: A.Expression, public body: A.Block, span: Span) { super(span); }
}

export class IfNode extends SyntaxNode implements A.IfStatement {
  declare readonly kind: 'If';
  static { kindOnPrototype(this, 'If'); }
  constructor(public branches: A.IfBranch[], public otherwise: A.Block | null, span: Span) { super(span); }
}

export class ReturnNode extends SyntaxNode implements A.ReturnStatement {
  declare readonly kind: 'Return';
  static { kindOnPrototype(this, 'Return'); }
  constructor(public state: A.Identifier | null, public value: A.Expression | null, public parenthesized: boolean, span: Span) { super(span); }
}

export class CallStatementNode extends SyntaxNode implements A.CallStatement {
  declare readonly kind: 'Call';
  static { kindOnPrototype(this, 'Call'); }
  constructor(public name: A.Identifier, public args: A.Expression[], span: Span) { super(span); }
}

export class ErrorNode extends SyntaxNode implements A.ErrorStatement {
  declare readonly kind: 'Error';
  static { kindOnPrototype(this, 'Error'); }
  constructor(public status: A.Expression | null, public response: A.Expression | null, span: Span) { super(span); }
}

export class SyntheticNode extends SyntaxNode implements A.SyntheticStatement {
  declare readonly kind: 'Synthetic';
  static { kindOnPrototype(this, 'Synthetic'); }
  constructor(public base64: boolean, public value: A.Expression, span: Span) { super(span); }
}

export class LogNode extends SyntaxNode implements A.LogStatement {
  declare readonly kind: 'Log';
  static { kindOnPrototype(this, 'Log'); }
  constructor(public value: A.Expression, span: Span) { super(span); }
}

/** `restart;` `esi;` `break;` `fallthrough;`: a keyword and nothing else. */
export class KeywordStatementNode extends SyntaxNode {
  constructor(readonly kind: 'Restart' | 'Esi' | 'Break' | 'Fallthrough', span: Span) { super(span); }
}

export class GotoNode extends SyntaxNode implements A.GotoStatement {
  declare readonly kind: 'Goto';
  static { kindOnPrototype(this, 'Goto'); }
  constructor(public label: A.Identifier, span: Span) { super(span); }
}

export class LabelNode extends SyntaxNode implements A.LabelStatement {
  declare readonly kind: 'Label';
  static { kindOnPrototype(this, 'Label'); }
  constructor(public name: A.Identifier, span: Span) { super(span); }
}

export class SwitchCaseNode extends SyntaxNode implements A.SwitchCase {
  declare readonly kind: 'SwitchCase';
  static { kindOnPrototype(this, 'SwitchCase'); }
  constructor(public test: A.SwitchCase['test'], public statements: A.Statement[], span: Span) { super(span); }
}

export class SwitchNode extends SyntaxNode implements A.SwitchStatement {
  declare readonly kind: 'Switch';
  static { kindOnPrototype(this, 'Switch'); }
  constructor(public subject: A.Expression, public cases: A.SwitchCase[], span: Span) { super(span); }
}

export class ExpressionStatementNode extends SyntaxNode implements A.ExpressionStatement {
  declare readonly kind: 'ExpressionStatement';
  static { kindOnPrototype(this, 'ExpressionStatement'); }
  constructor(public expression: A.CallExpression, span: Span) { super(span); }
}
