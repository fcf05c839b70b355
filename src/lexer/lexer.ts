// The VCL lexer: one shared Chevrotain Lexer, plus helpers turning tokens into AST positions and comments.

import { Lexer, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.js';
import type { Comment, Position, Range } from '../parser/ast.js';
import { allTokens, COMMENTS } from './tokens.js';

// Chevrotain's own line tracking costs about four times the rest of lexing; `assignLines` below does the
// same job in one linear pass, so the lexer tracks offsets only.
export const vclLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export interface LexResult {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

export function tokenize(source: string, file = 'input.vcl'): LexResult {
  const result = vclLexer.tokenize(source);
  const lineStarts = lineStartOffsets(source);
  assignLines(result.tokens, lineStarts);
  assignLines(result.groups[COMMENTS] ?? [], lineStarts);
  const comments = (result.groups[COMMENTS] ?? []).map((token): Comment => ({
    kind: 'Comment',
    text: token.image,
    range: tokenRange(file, token, token),
  }));
  const diagnostics = result.errors.map((error): Diagnostic => {
    const { line, column } = positionAt(lineStarts, error.offset);
    const char = source.slice(error.offset, error.offset + error.length);
    return {
      file,
      line,
      column,
      endLine: line,
      endColumn: column + Math.max(1, error.length),
      severity: 'error',
      rule: 'parse',
      message: describeBadCharacters(char),
    };
  });
  return { tokens: result.tokens, comments, diagnostics };
}

/** Offsets at which each line starts: `[0, after first \n, …]`. */
export function lineStartOffsets(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(lineStarts: number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
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

export function tokenRange(file: string, first: IToken, last: IToken): Range {
  return { file, start: tokenStart(first), end: tokenEnd(last) };
}
