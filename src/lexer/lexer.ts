// The VCL lexer: source text to Chevrotain tokens (by the hand-written scanner), comments and diagnostics,
// plus helpers turning tokens into AST positions.

import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.js';
import type { Comment, Position, Range } from '../parser/ast.js';
import { scan, type ScanError } from './scanner.js';

export interface LexResult {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
  /** Just past the last character. */
  end: Position;
}

export function tokenize(source: string, file = 'input.vcl'): LexResult {
  const scanned = scan(source);
  const comments = scanned.comments.map((token): Comment => ({
    kind: 'Comment',
    text: token.image,
    range: tokenRange(file, token, token),
  }));
  const diagnostics = scanned.errors.map((error) => badCharacters(file, source, error));
  const end = { line: scanned.endLine, column: scanned.endColumn, offset: source.length };
  return { tokens: scanned.tokens, comments, diagnostics, end };
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

export function tokenRange(file: string, first: IToken, last: IToken): Range {
  return { file, start: tokenStart(first), end: tokenEnd(last) };
}
