// The VCL scanner: one pass over the text, choosing by character code, emitting Chevrotain tokens of the
// types in tokens.ts. It must agree exactly with the Chevrotain lexer built from those token definitions
// (reference-lexer.ts; test/lexer-equivalence.test.ts checks it on random and mutated input), but it is
// several times faster: no regular expressions, no trial of patterns in turn, and lines and columns are
// counted as it goes instead of in a second pass.

import type { IToken, TokenType } from 'chevrotain';
import { Char, isSpace } from './char-classes.js';
import { Interner } from './interner.js';
import { LineToken, MultiLineToken } from './scanned-token.js';
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

class Scanner {
  /**
   * Sized up front from the text (VCL averages a token per 5 to 6 characters), then trimmed: growing an
   * array this large by `push` reallocates and copies it a dozen times.
   */
  readonly tokens: IToken[];
  private tokenCount = 0;
  readonly comments: IToken[] = [];
  readonly errors: ScanError[] = [];
  /** 1-based number of the line being scanned, and the offset it starts at. */
  line = 1;
  lineStart = 0;
  private readonly interner = new Interner();

  constructor(private readonly text: string) {
    this.tokens = new Array<IToken>(Math.ceil(text.length / 5));
  }

  run(): void {
    const { text } = this;
    let offset = 0;
    while (offset < text.length) {
      const match = matchAt(text, offset);
      if (match === undefined) {
        offset = this.skipUnexpected(offset);
      } else if (match.type === T.WhiteSpace) {
        this.countNewlines(offset, match.end);
        offset = match.end;
      } else {
        const image = match.image ?? this.image(match.type, offset, match.end);
        const token = this.token(match.type, image, offset, match.end);
        if (isComment(match.type)) this.comments.push(token);
        else this.tokens[this.tokenCount++] = token;
        offset = match.end;
      }
    }
    this.tokens.length = this.tokenCount;
  }

  /** Build a token and move the line count past it. */
  private token(type: TokenType, image: string, start: number, end: number): IToken {
    const startColumn = start - this.lineStart + 1;
    if (!mayContainNewline(type)) return new LineToken(image, start, this.line, startColumn, type);
    const startLine = this.line;
    this.countNewlines(start, end - 1);
    const token = new MultiLineToken(image, start, startLine, startColumn, type, this.line, end - this.lineStart);
    this.countNewlines(end - 1, end);
    return token;
  }

  /** Names, strings and numbers recur: share their text. Comments rarely do. */
  private image(type: TokenType, start: number, end: number): string {
    return isComment(type) ? this.text.slice(start, end) : this.interner.slice(this.text, start, end);
  }

  private countNewlines(from: number, to: number): void {
    const { text } = this;
    for (let i = from; i < to; i++) {
      if (text.charCodeAt(i) === Char.LineFeed) {
        this.line++;
        this.lineStart = i + 1;
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
  scanner.run();
  return {
    tokens: scanner.tokens,
    comments: scanner.comments,
    errors: scanner.errors,
    endLine: scanner.line,
    endColumn: text.length - scanner.lineStart + 1,
  };
}
