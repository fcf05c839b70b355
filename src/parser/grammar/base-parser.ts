// The shared ground of the VCL parser layers: Chevrotain configuration, source ranges for nodes,
// and the side channel for diagnostics that are not syntax errors (bad escapes, unknown type names).
//
// Speed notes for all the rule files. Chevrotain runs every rule once at start-up to record the grammar,
// with placeholder tokens; rules check `this.RECORDING_PHASE` (Chevrotain's documented alternative to
// ACTION) and build no node then, which spares a closure per node. Functions passed to the DSL that need
// no local state are built once per parser, as fields, instead of once per rule call.

import { EmbeddedActionsParser, type IToken } from '../../lexer/chevrotain.js';
import type { Diagnostic } from '../../diagnostics.js';
import { tokenRange } from '../../lexer/lexer.js';
import { LineIndex, SourceRange } from '../../lexer/source-range.js';
import { allTokens } from '../../lexer/tokens.js';
import type { Range, TypeName } from '../../ast/ast.js';
import { vclErrorMessages } from '../errors.js';
import { startOf } from '../../ast/nodes.js';
import { TYPE_NAMES } from '../../ast/vocabulary.js';


/** The line index between parses. */
const NO_LINES = new LineIndex('input.vcl', [0]);

/** What a rule returns while the grammar is being recorded (the value is never used). */
export const RECORDING = undefined as never;

export class BaseVclParser extends EmbeddedActionsParser {
  /** The line index (and file name) of the text being parsed; set before each parse. */
  protected lines = NO_LINES;
  /** Non-syntax problems found while building nodes. */
  protected extraDiagnostics: Diagnostic[] = [];

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: vclErrorMessages });
  }

  protected get file(): string {
    return this.lines.file;
  }

  /** Prepare for a new input: Chevrotain resets its own state when `input` is assigned. */
  prepare(tokens: IToken[], lines: LineIndex): void {
    this.lines = lines;
    this.extraDiagnostics = [];
    this.input = tokens;
  }

  /** Drop every reference to the last input and what was built from it (kept objects cost GC time). */
  release(): void {
    this.input = [];
    this.lines = NO_LINES;
    this.extraDiagnostics = [];
  }

  takeExtraDiagnostics(): Diagnostic[] {
    return this.extraDiagnostics;
  }

  /** The range from `first` to the last token consumed so far. */
  protected rangeFrom(first: IToken): SourceRange {
    let last = this.LA(0);
    if (last === undefined || Number.isNaN(last.startOffset) || last.startOffset < first.startOffset) last = first;
    if (Number.isNaN(first.startOffset)) first = last;
    return tokenRange(this.lines, first, last);
  }

  /**
   * The range from the start of an already built node to the last token consumed so far, falling back
   * to `rangeFrom` for the holes error recovery leaves.
   */
  protected rangeFromNode(node: { range: Range } | undefined): SourceRange {
    const start = node === undefined ? undefined : startOf(node);
    const last = this.LA(0);
    if (start !== undefined && last !== undefined && last.startOffset >= start) {
      return new SourceRange(this.lines, start, (last.endOffset ?? last.startOffset) + 1);
    }
    return this.rangeFrom(this.firstTokenOf(node));
  }

  /** The token a node started at, rebuilt from its start offset (all `rangeFrom` reads). */
  protected firstTokenOf(node: { range: Range } | undefined): IToken {
    if (node === undefined) return this.LA(0);
    return { startOffset: startOf(node) } as IToken;
  }

  protected tokenRange(token: IToken): SourceRange {
    return tokenRange(this.lines, token, token);
  }

  protected report(range: Range, message: string): void {
    if (Number.isNaN(range.start.offset)) return; // a token invented by error recovery
    this.extraDiagnostics.push({
      file: range.file,
      line: range.start.line,
      column: range.start.column,
      endLine: range.end.line,
      endColumn: range.end.column,
      severity: 'error',
      rule: 'parse',
      message,
    });
  }

  /** A type name token (`STRING`, `BOOL` …) checked against the VCL types. */
  protected typeName(token: IToken): TypeName {
    if (!TYPE_NAMES.has(token.image)) this.report(this.tokenRange(token), `unknown type "${token.image}"`);
    return token.image as TypeName;
  }
}

/** For `list.filter(isPresent)`: drops the holes error recovery leaves (and gives an array of exact size). */
export function isPresent<T>(item: T | undefined): item is T {
  return item !== undefined;
}
