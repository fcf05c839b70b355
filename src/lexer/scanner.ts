// The VCL scanner: one pass over the text, choosing by character code, emitting Chevrotain tokens of the
// types in tokens.ts. It must agree exactly with the Chevrotain lexer built from those token definitions
// (reference-lexer.ts; test/lexer-equivalence.test.ts checks it on random and mutated input), but it is
// several times faster: no regular expressions, no trial of patterns in turn, and lines and columns are
// counted as it goes instead of in a second pass.

import { EOF, type IToken, type TokenType } from './chevrotain.js';
import { Char, isSpace } from './char-classes.js';
import { Interner } from './interner.js';
import { LineToken, MultiLineToken } from './scanned-token.js';
import { LineStarts } from './source-range.js';
import { matchAt } from './token-matchers.js';
import * as T from './tokens.js';

export interface ScanError {
  offset: number;
  length: number;
  line: number;
  column: number;
  /** Chevrotain's wording, kept so the two lexers can be compared. */
  message: string;
}

export interface ScanResult {
  tokens: IToken[];
  /** The tokens of the `comments` group, in order. */
  comments: IToken[];
  errors: ScanError[];
  /** The offset of every line's start. */
  lineStarts: number[];
  /** The 1-based line and column just past the last character. */
  endLine: number;
  endColumn: number;
}

/** Token types that may span lines; only these need their newlines counted. */
function mayContainNewline(type: TokenType): boolean {
  return type === T.WhiteSpace || type === T.BlockComment || type === T.LongString;
}

function isComment(type: TokenType): boolean {
  return type === T.HashComment || type === T.LineComment || type === T.BlockComment || type === T.ControlMarker;
}

/**
 * Scans on demand. `advance()` moves to the next token the parser sees and describes it in the fields
 * below, making no token object (comments and errors are collected on the way, new names kept once). The direct parser reads
 * those fields, so a parse makes no token objects at all: what it allocates is the AST, and the garbage
 * collector, which copies what is alive when it runs, finds nothing else.
 * `next()` makes a Chevrotain token of the same, and `scan` collects them all for the Chevrotain parser.
 */
export class Scanner {
  readonly comments: IToken[] = [];
  readonly errors: ScanError[] = [];
  /** 1-based number of the line being scanned, and the offset it starts at. */
  line = 1;
  lineStart = 0;
  /** The offset of every line's start (for LineIndex); grows as the scan goes on. */
  readonly lineStarts: LineStarts;
  private offset = 0;
  private readonly interner: Interner;

  // The token found by the last `advance()`.
  type: TokenType = EOF;
  start = 0;
  /** One past its last character. */
  end = 0;
  image = '';
  private startLine = 1;
  private startColumn = 1;

  constructor(readonly text: string) {
    this.interner = new Interner(text);
    this.lineStarts = new LineStarts((text.length >> 5) + 16); // room for lines of 32 characters
  }

  /** Move to the next token that is not whitespace or a comment; false (and type EOF) at the end. */
  advance(): boolean {
    const { text } = this;
    let offset = this.offset;
    while (offset < text.length) {
      if (isSpace(text.charCodeAt(offset))) {
        offset = this.skipSpace(offset); // WhiteSpace, the most common match, in one pass
        continue;
      }
      const match = matchAt(text, offset);
      if (match === undefined) {
        offset = this.skipUnexpected(offset);
      } else if (match.type === T.WhiteSpace) {
        this.countNewlines(offset, match.end);
        offset = match.end;
      } else {
        const { type, end } = match;
        this.image = match.image ?? this.sliceImage(type, offset, end);
        this.type = type;
        this.start = offset;
        this.end = this.offset = end;
        this.startLine = this.line;
        this.startColumn = offset - this.lineStart + 1;
        if (mayContainNewline(type)) this.countNewlines(offset, end);
        if (!isComment(type)) return true;
        this.comments.push(this.token());
        offset = end;
      }
    }
    this.offset = offset;
    this.type = EOF;
    this.start = this.end = offset;
    this.image = '';
    return false;
  }

  /** The next token that is not whitespace or a comment, or undefined at the end of the text. */
  next(): IToken | undefined {
    return this.advance() ? this.token() : undefined;
  }

  /** The current token as a Chevrotain token. */
  private token(): IToken {
    const { image, start, type, startLine, startColumn } = this;
    if (!mayContainNewline(type)) return new LineToken(image, start, startLine, startColumn, type);
    // The line count has moved past the token, whose last character (`*/`, `}`: never a line break) is
    // on the current line.
    return new MultiLineToken(image, start, startLine, startColumn, type, this.line, this.end - this.lineStart);
  }

  /** Names, strings and numbers recur: share their text. Comments rarely do. */
  private sliceImage(type: TokenType, start: number, end: number): string {
    return isComment(type) ? this.text.slice(start, end) : this.interner.slice(start, end);
  }

  /** Past the whitespace at `from` (what WhiteSpace matches), counting its lines. */
  private skipSpace(from: number): number {
    const { text } = this;
    let i = from;
    for (let code = text.charCodeAt(i); isSpace(code); code = text.charCodeAt(++i)) {
      if (code === Char.LineFeed) {
        this.line++;
        this.lineStart = i + 1;
        this.lineStarts.add(i + 1);
      }
    }
    return i;
  }

  private countNewlines(from: number, to: number): void {
    const { text } = this;
    for (let i = from; i < to; i++) {
      if (text.charCodeAt(i) === Char.LineFeed) {
        this.line++;
        this.lineStart = i + 1;
        this.lineStarts.add(i + 1);
      }
    }
  }

  /**
   * Like Chevrotain: drop characters until one where some token matches, and report them as one error.
   * No such run holds a line break (whitespace always matches), so the line count stays right.
   */
  private skipUnexpected(start: number): number {
    const { text } = this;
    let offset = start + 1;
    while (offset < text.length && !isSpace(text.charCodeAt(offset)) && matchAt(text, offset) === undefined) offset++;
    const length = offset - start;
    this.errors.push({
      offset: start,
      length,
      line: this.line,
      column: start - this.lineStart + 1,
      message: `unexpected character: ->${text.charAt(start)}<- at offset: ${start}, skipped ${length} characters.`,
    });
    return offset;
  }
}

export function scan(text: string): ScanResult {
  const scanner = new Scanner(text);
  // Sized up front from the text (VCL averages a token per 5 to 6 characters), then trimmed: growing an
  // array this large by `push` reallocates and copies it a dozen times.
  const tokens = new Array<IToken>(Math.ceil(text.length / 5));
  let count = 0;
  for (let token = scanner.next(); token !== undefined; token = scanner.next()) tokens[count++] = token;
  tokens.length = count;
  return {
    tokens,
    comments: scanner.comments,
    errors: scanner.errors,
    lineStarts: scanner.lineStarts.toArray(),
    endLine: scanner.line,
    endColumn: text.length - scanner.lineStart + 1,
  };
}
