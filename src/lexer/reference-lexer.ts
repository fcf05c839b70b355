// The Chevrotain lexer built straight from the token definitions in tokens.ts: the specification the
// hand-written scanner (scanner.ts) must match token for token and error for error. Only the equivalence
// test uses it, so building it costs the parser nothing.

import { Lexer, type IToken } from './chevrotain.js';
import type { ScanError, ScanResult } from './scanner.js';
import { LineIndex } from './source-range.js';
import { allTokens, COMMENTS } from './tokens.js';

// Chevrotain counts a lone `\r` as a line break; VCL positions count only `\n`, so lines are filled in below.
export const referenceLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export function referenceScan(source: string): ScanResult {
  const result = referenceLexer.tokenize(source);
  const lineStarts = lineStartOffsets(source);
  const lines = new LineIndex('', lineStarts);
  const comments = result.groups[COMMENTS] ?? [];
  assignLines(result.tokens, lineStarts);
  assignLines(comments, lineStarts);
  const errors = result.errors.map((error): ScanError => {
    const { line, column } = lines.position(error.offset);
    return { offset: error.offset, length: error.length, line, column, message: error.message };
  });
  const end = lines.position(source.length);
  return { tokens: result.tokens, comments, errors, lineStarts, endLine: end.line, endColumn: end.column };
}

/** Offsets at which each line starts: `[0, after first \n, …]`. */
function lineStartOffsets(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Fill in 1-based start/end line and column for tokens in source order, walking the lines once. */
function assignLines(tokens: IToken[], lineStarts: number[]): void {
  let line = 0;
  const last = lineStarts.length - 1;
  for (const token of tokens) {
    while (line < last && lineStarts[line + 1]! <= token.startOffset) line++;
    token.startLine = line + 1;
    token.startColumn = token.startOffset - lineStarts[line]! + 1;
    const endOffset = token.startOffset + token.image.length - 1; // offset-only tokens carry no end
    token.endOffset = endOffset;
    let endLine = line;
    while (endLine < last && lineStarts[endLine + 1]! <= endOffset) endLine++;
    token.endLine = endLine + 1;
    token.endColumn = endOffset - lineStarts[endLine]! + 1;
  }
}
