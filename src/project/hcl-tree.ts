// The tree the HCL reader (hcl.ts) builds: a file's body of attributes and blocks, and expressions kept
// as written (nothing evaluated); and HclError, the reader's one error.
import { UsageError } from '../usage-error.js';
import type { LineIndex } from '../lexer/source-range.js';

/** A syntax error in an HCL file: `main.tf:3:9: expected "}"…`. */
export class HclError extends UsageError {
  override name = 'HclError';
}

/** Where a node lies in its file: offsets of its first character and one past its last. */
export interface Span {
  start: number;
  end: number;
}

export type Literal = string | number | boolean | null;

export type Expr = Span &
  (
    | { kind: 'literal'; value: Literal }
    /** A string or heredoc: literal text and interpolations; `directive` when it holds `%{…}` (kept as text). */
    | { kind: 'template'; parts: (string | Expr)[]; directive: boolean }
    | { kind: 'tuple'; items: Expr[] }
    | { kind: 'object'; items: { key: Expr; value: Expr }[] }
    | { kind: 'variable'; name: string }
    | { kind: 'attr'; target: Expr; name: string }
    | { kind: 'index'; target: Expr; key: Expr }
    /** `list[*].a.b` or `list.*.a`: the attribute names are applied to each element. */
    | { kind: 'splat'; target: Expr; names: string[] }
    | { kind: 'call'; name: string; args: Expr[]; expand: boolean }
    | { kind: 'for'; keyVar: string | null; valueVar: string; collection: Expr; key: Expr | null; value: Expr; cond: Expr | null; group: boolean }
    | { kind: 'unary'; op: '!' | '-'; operand: Expr }
    | { kind: 'binary'; op: string; left: Expr; right: Expr }
    | { kind: 'conditional'; cond: Expr; then: Expr; else: Expr }
  );

export interface Attribute extends Span {
  name: string;
  expr: Expr;
}

export interface Block extends Span {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface HclFile {
  path: string;
  text: string;
  lines: LineIndex;
  body: Body;
}

/** `file:line:col` of an offset, for messages. */
export function placeOf(file: { path: string; lines: LineIndex }, offset: number): string {
  const p = file.lines.position(offset);
  return `${file.path}:${p.line}:${p.column}`;
}
