// The tokens the scanner makes: Chevrotain ITokens, with lines and columns filled in.
//
// They are classes, not object literals, and as small as they can be, because memory is what parsing
// costs most: V8 moves long-lived object literals straight to the old generation (slow to allocate there),
// and every byte a parse keeps alive is copied by the garbage collector.

import type { IToken, TokenType } from './chevrotain.js';

/** A token on one line: its end follows from its start and length, so it is computed, not stored. */
export class LineToken implements IToken {
  readonly tokenTypeIdx: number;

  constructor(
    readonly image: string,
    readonly startOffset: number,
    readonly startLine: number,
    readonly startColumn: number,
    readonly tokenType: TokenType,
  ) {
    this.tokenTypeIdx = tokenType.tokenTypeIdx!;
  }

  get endOffset(): number {
    return this.startOffset + this.image.length - 1;
  }

  get endLine(): number {
    return this.startLine;
  }

  get endColumn(): number {
    return this.startColumn + this.image.length - 1;
  }
}

/** A token that may span lines (block comments, long strings). */
export class MultiLineToken implements IToken {
  readonly tokenTypeIdx: number;

  constructor(
    readonly image: string,
    readonly startOffset: number,
    readonly startLine: number,
    readonly startColumn: number,
    readonly tokenType: TokenType,
    readonly endLine: number,
    readonly endColumn: number,
  ) {
    this.tokenTypeIdx = tokenType.tokenTypeIdx!;
  }

  get endOffset(): number {
    return this.startOffset + this.image.length - 1;
  }
}
