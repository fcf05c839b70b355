// The VCL lexer: source text to Chevrotain tokens (by the hand-written scanner), comment tokens and diagnostics,
// plus helpers turning tokens into AST positions.

import type { IToken } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics.js';
import { scan, Scanner, type ScanError } from './scanner.js';
import { LineIndex, SourceRange, type Position } from './source-range.js';

/** A comment's raw text (marker included) and where it stands. */
export interface LexedComment {
  text: string;
  range: SourceRange;
}

export interface LexResult {
  tokens: IToken[];
  /** The comments in source order (the parser makes Comment nodes of them). */
  comments: LexedComment[];
  diagnostics: Diagnostic[];
  /** Just past the last character. */
  end: Position;
  /** Lines and columns of offsets in this text, for the ranges of the nodes built from it. */
  lines: LineIndex;
}

/** Every token of `source` at once (for Chevrotain), with its comments and problems. */
export function tokenize(source: string, file = 'input.vcl'): LexResult {
  const scanned = scan(source);
  const lines = new LineIndex(file, scanned.lineStarts);
  return { tokens: scanned.tokens, ...scanOutcome(source, lines, scanned.comments, scanned.errors) };
}

/**
 * A scan whose tokens the caller pulls one at a time (`scanner.advance()` or `scanner.next()`). `lines`
 * shares the scanner's growing list of line starts, so positions are right only up to where the scan
 * has reached; `outcome()`, once every token has been pulled, gives the comments and problems the scan
 * met, as `tokenize` does.
 */
export class TokenStream {
  readonly scanner: Scanner;
  readonly lines: LineIndex;

  constructor(
    private readonly source: string,
    file: string,
  ) {
    this.scanner = new Scanner(source);
    this.lines = new LineIndex(file, this.scanner.lineStarts);
  }

  outcome(): Omit<LexResult, 'tokens'> {
    return scanOutcome(this.source, this.lines, this.scanner.comments, this.scanner.errors);
  }
}

function scanOutcome(source: string, lines: LineIndex, commentTokens: IToken[], errors: ScanError[]): Omit<LexResult, 'tokens'> {
  const diagnostics = errors.map((error) => badCharacters(lines.file, source, error));
  const comments = commentTokens.map((token): LexedComment => ({ text: token.image, range: tokenRange(lines, token, token) }));
  return { comments, diagnostics, end: lines.position(source.length), lines };
}

function badCharacters(file: string, source: string, { offset, length, line, column }: ScanError): Diagnostic {
  return {
    file,
    line,
    column,
    endLine: line,
    endColumn: column + Math.max(1, length),
    severity: 'error',
    rule: 'parse',
    message: describeBadCharacters(source.slice(offset, offset + length)),
  };
}

function describeBadCharacters(text: string): string {
  if (text.startsWith('"')) return 'unterminated string (a "…" string must end on the same line)';
  if (text.startsWith('{"') || /^\{[A-Za-z0-9_]+"/.test(text)) return 'unterminated long string';
  return `unexpected character ${JSON.stringify(text.charAt(0))}`;
}

export function tokenStart(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset };
}

/** One past the token's last character. */
export function tokenEnd(token: IToken): Position {
  return { line: token.endLine ?? 1, column: (token.endColumn ?? 0) + 1, offset: (token.endOffset ?? token.startOffset) + 1 };
}

/** From the start of `first` to one past the end of `last`. */
export function tokenRange(lines: LineIndex, first: IToken, last: IToken): SourceRange {
  return new SourceRange(lines, first.startOffset, (last.endOffset ?? last.startOffset) + 1);
}
