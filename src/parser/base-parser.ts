// The shared ground of the VCL parser layers: Chevrotain configuration, source ranges for nodes,
// and the side channel for diagnostics that are not syntax errors (bad escapes, unknown type names).

import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.js';
import { tokenEnd, tokenStart } from '../lexer/lexer.js';
import { allTokens } from '../lexer/tokens.js';
import type { Range, TypeName } from './ast.js';
import { vclErrorMessages } from './errors.js';

const TYPE_NAMES: ReadonlySet<string> = new Set<TypeName>([
  'ACL', 'BACKEND', 'BOOL', 'FLOAT', 'ID', 'INTEGER', 'IP', 'REGEX', 'RTIME', 'STRING', 'TIME', 'VOID',
]);

export class BaseVclParser extends EmbeddedActionsParser {
  /** The file name ranges and diagnostics point at; set before each parse. */
  protected file = 'input.vcl';
  /** Non-syntax problems found while building nodes. */
  protected extraDiagnostics: Diagnostic[] = [];

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: vclErrorMessages });
  }

  /** Prepare for a new input: Chevrotain resets its own state when `input` is assigned. */
  prepare(tokens: IToken[], file: string): void {
    this.file = file;
    this.extraDiagnostics = [];
    this.input = tokens;
  }

  takeExtraDiagnostics(): Diagnostic[] {
    return this.extraDiagnostics;
  }

  /** The range from `first` to the last token consumed so far. */
  protected rangeFrom(first: IToken): Range {
    let last = this.LA(0);
    if (last === undefined || Number.isNaN(last.startOffset) || last.startOffset < first.startOffset) last = first;
    if (Number.isNaN(first.startOffset)) first = last;
    return { file: this.file, start: tokenStart(first), end: tokenEnd(last) };
  }

  protected tokenRange(token: IToken): Range {
    return { file: this.file, start: tokenStart(token), end: tokenEnd(token) };
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
