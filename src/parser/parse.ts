// Source text to Program: lex, parse with error recovery, and collect every problem as a diagnostic.
// Never throws for bad input (parseWithDiagnostics); `parse` throws one VclError carrying them all.

import type { IToken } from '../lexer/chevrotain.js';
import { tokenMatcher } from '../lexer/chevrotain.js';
import { isCallStackOverflow, tooDeeplyNested, VclError, type Diagnostic } from '../diagnostics.js';
import { tokenize, TokenStream, type LexResult } from '../lexer/lexer.js';
import type { LineIndex } from '../lexer/source-range.js';
import * as T from '../lexer/tokens.js';
import type { Comment, Declaration, Program } from '../ast/ast.js';
import { VclParser } from './grammar/declaration-rules.js';
import { parseDirect } from './direct/declarations.js';
import { ProgramNode } from '../ast/nodes.js';
import { recognitionDiagnostic } from './errors.js';
import { pruneBrokenNodes } from '../ast/prune.js';

// Building a Chevrotain parser analyses the whole grammar: do it once, lazily, and reuse the instance.
let sharedParser: VclParser | undefined;
export function parser(): VclParser {
  return (sharedParser ??= new VclParser());
}

const DECLARATION_STARTS = [T.Sub, T.Backend, T.Director, T.Acl, T.Table, T.Include, T.Import, T.Penaltybox, T.Ratecounter, T.Pragma, T.Describe];

function startsDeclaration(token: IToken): boolean {
  return DECLARATION_STARTS.some((type) => tokenMatcher(token, type));
}

export function parseWithDiagnostics(source: string, file = 'input.vcl'): { program: Program; diagnostics: Diagnostic[] } {
  // Valid VCL, the common case, takes the fast direct parser; anything it would have to report goes
  // through the Chevrotain grammar, which recovers from errors and describes them all.
  const stream = new TokenStream(source, file);
  const direct = parseDirect(stream);
  if (direct !== undefined) return { program: programOf(source, direct, stream.outcome()), diagnostics: [] };
  return parseWithChevrotain(source, file);
}

/** The Chevrotain grammar alone: every syntax error, with recovery (and the reference for the direct parser). */
export function parseWithChevrotain(source: string, file = 'input.vcl'): { program: Program; diagnostics: Diagnostic[] } {
  const lexed = tokenize(source, file);
  const diagnostics = [...lexed.diagnostics];
  const declarations: Declaration[] = [];
  try {
    parseDeclarations(lexed.tokens, lexed.lines, source.length, declarations, diagnostics);
  } catch (error) {
    // A bug in the parser must still come out as a diagnostic, never as a crash of the caller.
    diagnostics.push(internalError(file, error));
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  // Only a parse with errors can leave half-built nodes behind.
  const kept = diagnostics.length ? pruneBrokenNodes({ declarations }).declarations : declarations;
  return { program: programOf(source, kept, lexed), diagnostics };
}

function programOf(source: string, declarations: Declaration[], lexed: Pick<LexResult, 'comments' | 'lines'>): Program {
  const { lines } = lexed;
  const comments = lexed.comments.map((c): Comment => ({ kind: 'Comment', text: c.text, range: c.range }));
  return new ProgramNode(lines.file, declarations, comments, { lines, startOffset: 0, endOffset: source.length });
}

export function parse(source: string, file = 'input.vcl'): Program {
  const { program, diagnostics } = parseWithDiagnostics(source, file);
  if (diagnostics.some((d) => d.severity === 'error')) throw new VclError(diagnostics, new Map([[file, source]]));
  return program;
}

/**
 * Parse declarations; where the parser stops at something that is not a declaration, report it once,
 * skip to the next declaration keyword and go on. Each round consumes at least one token, so this ends.
 */
function parseDeclarations(tokens: IToken[], lines: LineIndex, sourceLength: number, out: Declaration[], diagnostics: Diagnostic[]): void {
  const vcl = parser();
  let rest = tokens;
  try {
    for (let round = 0; round <= tokens.length && rest.length > 0; round++) {
      vcl.prepare(rest, lines);
      vcl.declarations();
      out.push(...vcl.parsed);
      diagnostics.push(...vcl.takeExtraDiagnostics());
      for (const error of vcl.errors) diagnostics.push(recognitionDiagnostic(lines.file, error, sourceLength));
      const stop = rest.indexOf(vcl.stoppedAt());
      if (stop < 0) return; // stopped at the end of the input
      let next = Math.max(stop, 1);
      while (next < rest.length && !startsDeclaration(rest[next]!)) next++;
      rest = rest.slice(next);
    }
  } finally {
    vcl.release(); // the next parse should not have to carry this one's tokens and nodes
  }
}

function internalError(file: string, error: unknown): Diagnostic {
  if (isCallStackOverflow(error)) return tooDeeplyNested(file, 'parse'); // the grammar recurses once per level
  const message = error instanceof Error ? error.message : String(error);
  return { file, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', rule: 'parse', message: `internal parser error: ${message}` };
}
