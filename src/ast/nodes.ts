// The classes the parser builds the AST's nodes from (ast.ts has the types every stage reads).
//
// A node keeps where it lies as its own fields (the file's line index and two offsets) and makes its
// `range` when asked (a new one each time), which is only when something is reported. Why: a parse keeps
// its whole tree alive while it is checked, so the garbage collector copies every object of it, and a range
// object beside every node was nearly half of those objects and bytes. Nodes made elsewhere (a test's tree,
// the loader's program) may be plain objects with a `range`: readers only ever ask for `range`.
//
// `range` is not an own field, so a spread (`{ ...node }`) makes a node without one: copy with `withFields`.
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
  readonly kind = 'Identifier';
  declare [IDENT_FACT]: unknown;
  declare [CALL_FACT]: unknown;
  constructor(public name: string, span: Span) {
    super(span);
    this[IDENT_FACT] = undefined;
    this[CALL_FACT] = undefined;
  }
}

export class StringNode extends SyntaxNode implements A.StringLiteral {
  readonly kind = 'String';
  declare [REGEX_FACT]: unknown;
  constructor(public value: string, public raw: string, span: Span) {
    super(span);
    this[REGEX_FACT] = undefined;
  }
}

export class IntegerNode extends SyntaxNode implements A.IntegerLiteral {
  readonly kind = 'Integer';
  constructor(public value: number, public raw: string, public percent: boolean, span: Span) { super(span); }
}

export class FloatNode extends SyntaxNode implements A.FloatLiteral {
  readonly kind = 'Float';
  constructor(public value: number, public raw: string, span: Span) { super(span); }
}

export class RTimeNode extends SyntaxNode implements A.RTimeLiteral {
  readonly kind = 'RTime';
  constructor(public milliseconds: number, public raw: string, span: Span) { super(span); }
}

export class BoolNode extends SyntaxNode implements A.BoolLiteral {
  readonly kind = 'Bool';
  constructor(public value: boolean, span: Span) { super(span); }
}

export class UnaryNode extends SyntaxNode implements A.UnaryExpression {
  readonly kind = 'Unary';
  constructor(public operator: A.UnaryOperator, public operand: A.Expression, span: Span) { super(span); }
}

export class BinaryNode extends SyntaxNode implements A.BinaryExpression {
  readonly kind = 'Binary';
  constructor(public operator: A.BinaryOperator, public left: A.Expression, public right: A.Expression, span: Span) { super(span); }
}

export class CallNode extends SyntaxNode implements A.CallExpression {
  readonly kind = 'CallExpr';
  constructor(public callee: A.Identifier, public args: A.Expression[], span: Span) { super(span); }
}

export class GroupNode extends SyntaxNode implements A.GroupExpression {
  readonly kind = 'Group';
  constructor(public expression: A.Expression, span: Span) { super(span); }
}

// ---------- Program and declarations ----------

export class ProgramNode extends SyntaxNode implements A.Program {
  readonly kind = 'Program';
  constructor(public file: string, public declarations: A.Declaration[], public comments: A.Comment[], span: Span) { super(span); }
}

export class ParameterNode extends SyntaxNode implements A.Parameter {
  readonly kind = 'Parameter';
  constructor(public type: A.TypeName, public name: A.Identifier, span: Span) { super(span); }
}

export class SubNode extends SyntaxNode implements A.SubDeclaration {
  readonly kind = 'Sub';
  constructor(public name: A.Identifier, public returnType: A.TypeName | null, public parameters: A.Parameter[], public body: A.Block, span: Span) {
    super(span);
  }
}

export class PropertyNode extends SyntaxNode implements A.Property {
  readonly kind = 'Property';
  constructor(public name: A.Identifier, public value: A.Expression | A.PropertyObject, span: Span) { super(span); }
}

export class PropertyObjectNode extends SyntaxNode implements A.PropertyObject {
  readonly kind = 'PropertyObject';
  constructor(public properties: A.Property[], span: Span) { super(span); }
}

/** `backend`, `penaltybox` and `ratecounter`: a name and a block of properties. */
export class NamedObjectNode extends SyntaxNode {
  constructor(readonly kind: 'Backend' | 'Penaltybox' | 'Ratecounter', public name: A.Identifier, public properties: A.Property[], span: Span) {
    super(span);
  }
}

export class DirectorNode extends SyntaxNode implements A.DirectorDeclaration {
  readonly kind = 'Director';
  constructor(public name: A.Identifier, public directorType: A.Identifier, public properties: A.Property[], public members: A.PropertyObject[], span: Span) {
    super(span);
  }
}

export class AclEntryNode extends SyntaxNode implements A.AclEntry {
  readonly kind = 'AclEntry';
  constructor(public negated: boolean, public address: string, public prefix: number | null, span: Span) { super(span); }
}

export class AclNode extends SyntaxNode implements A.AclDeclaration {
  readonly kind = 'Acl';
  constructor(public name: A.Identifier, public entries: A.AclEntry[], span: Span) { super(span); }
}

export class TableEntryNode extends SyntaxNode implements A.TableEntry {
  readonly kind = 'TableEntry';
  constructor(public key: A.StringLiteral, public value: A.Expression, span: Span) { super(span); }
}

export class TableNode extends SyntaxNode implements A.TableDeclaration {
  readonly kind = 'Table';
  constructor(public name: A.Identifier, public valueType: A.TypeName | null, public entries: A.TableEntry[], span: Span) { super(span); }
}

export class IncludeNode extends SyntaxNode implements A.IncludeDeclaration {
  readonly kind = 'Include';
  constructor(public path: A.StringLiteral, span: Span) { super(span); }
}

export class ImportNode extends SyntaxNode implements A.ImportDeclaration {
  readonly kind = 'Import';
  constructor(public name: A.Identifier, span: Span) { super(span); }
}

export class PragmaNode extends SyntaxNode implements A.PragmaDeclaration {
  readonly kind = 'Pragma';
  constructor(public words: string[], span: Span) { super(span); }
}

export class DescribeNode extends SyntaxNode implements A.DescribeDeclaration {
  readonly kind = 'Describe';
  constructor(public name: A.Identifier, public members: A.SubDeclaration[], span: Span) { super(span); }
}

// ---------- Statements ----------

export class BlockNode extends SyntaxNode implements A.Block {
  readonly kind = 'Block';
  constructor(public statements: A.Statement[], span: Span) { super(span); }
}

export class SetNode extends SyntaxNode implements A.SetStatement {
  readonly kind = 'Set';
  constructor(public target: A.Identifier, public operator: A.AssignOperator, public value: A.Expression, span: Span) { super(span); }
}

export class UnsetNode extends SyntaxNode implements A.UnsetStatement {
  readonly kind = 'Unset';
  constructor(public keyword: 'unset' | 'remove', public target: A.Identifier, span: Span) { super(span); }
}

export class AddNode extends SyntaxNode implements A.AddStatement {
  readonly kind = 'Add';
  constructor(public target: A.Identifier, public value: A.Expression, span: Span) { super(span); }
}

export class DeclareNode extends SyntaxNode implements A.DeclareStatement {
  readonly kind = 'Declare';
  constructor(public scope: A.DeclareStatement['scope'], public name: A.Identifier, public type: A.TypeName, public init: A.Expression | null, span: Span) { super(span); }
}

export class IfBranchNode extends SyntaxNode implements A.IfBranch {
  readonly kind = 'IfBranch';
  constructor(public keyword: A.IfBranch['keyword'], public condition: A.Expression, public body: A.Block, span: Span) { super(span); }
}

export class IfNode extends SyntaxNode implements A.IfStatement {
  readonly kind = 'If';
  constructor(public branches: A.IfBranch[], public otherwise: A.Block | null, span: Span) { super(span); }
}

export class ReturnNode extends SyntaxNode implements A.ReturnStatement {
  readonly kind = 'Return';
  constructor(public state: A.Identifier | null, public value: A.Expression | null, public parenthesized: boolean, span: Span) { super(span); }
}

export class CallStatementNode extends SyntaxNode implements A.CallStatement {
  readonly kind = 'Call';
  constructor(public name: A.Identifier, public args: A.Expression[], span: Span) { super(span); }
}

export class ErrorNode extends SyntaxNode implements A.ErrorStatement {
  readonly kind = 'Error';
  constructor(public status: A.Expression | null, public response: A.Expression | null, span: Span) { super(span); }
}

export class SyntheticNode extends SyntaxNode implements A.SyntheticStatement {
  readonly kind = 'Synthetic';
  constructor(public base64: boolean, public value: A.Expression, span: Span) { super(span); }
}

export class LogNode extends SyntaxNode implements A.LogStatement {
  readonly kind = 'Log';
  constructor(public value: A.Expression, span: Span) { super(span); }
}

/** `restart;` `esi;` `break;` `fallthrough;`: a keyword and nothing else. */
export class KeywordStatementNode extends SyntaxNode {
  constructor(readonly kind: 'Restart' | 'Esi' | 'Break' | 'Fallthrough', span: Span) { super(span); }
}

export class GotoNode extends SyntaxNode implements A.GotoStatement {
  readonly kind = 'Goto';
  constructor(public label: A.Identifier, span: Span) { super(span); }
}

export class LabelNode extends SyntaxNode implements A.LabelStatement {
  readonly kind = 'Label';
  constructor(public name: A.Identifier, span: Span) { super(span); }
}

export class SwitchCaseNode extends SyntaxNode implements A.SwitchCase {
  readonly kind = 'SwitchCase';
  constructor(public test: A.SwitchCase['test'], public statements: A.Statement[], span: Span) { super(span); }
}

export class SwitchNode extends SyntaxNode implements A.SwitchStatement {
  readonly kind = 'Switch';
  constructor(public subject: A.Expression, public cases: A.SwitchCase[], span: Span) { super(span); }
}

export class ExpressionStatementNode extends SyntaxNode implements A.ExpressionStatement {
  readonly kind = 'ExpressionStatement';
  constructor(public expression: A.CallExpression, span: Span) { super(span); }
}
