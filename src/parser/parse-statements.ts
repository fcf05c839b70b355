// A text that is the body of a subroutine rather than a file of declarations: a VCL snippet of type
// recv, fetch, deliver… Its nodes keep their own file, line and column, so a diagnostic in a snippet
// points into the snippet file, wherever the statements are spliced.
import { tokenMatcher, type IToken } from '../lexer/chevrotain.js';
import { tokenize, tokenStart, TokenStream } from '../lexer/lexer.js';
import * as T from '../lexer/tokens.js';
import type { LineIndex } from '../lexer/source-range.js';
import type { Comment, Statement } from '../ast/ast.js';
import { isCallStackOverflow, tooDeeplyNested, type Diagnostic } from '../diagnostics.js';
import { parseStatementsDirect } from './direct/statement-list.js';
import { parser } from './parse.js';
import { recognitionDiagnostic } from './errors.js';
import { pruneBrokenNodes } from '../ast/prune.js';

const DECLARATION_STARTS = [T.Sub, T.Backend, T.Director, T.Acl, T.Table, T.Include, T.Import, T.Penaltybox, T.Ratecounter, T.Pragma, T.Describe];

export interface StatementsParse {
  statements: Statement[];
  comments: Comment[];
  /** The text's line index (the file name and where its lines start), for nodes made around the statements. */
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

/** Parse `source` (named `file`) as a list of statements. Never throws for a user's mistake. */
export function parseStatementsWithDiagnostics(source: string, file: string): StatementsParse {
  const stream = new TokenStream(source, file);
  const direct = parseStatementsDirect(stream);
  if (direct !== undefined) {
    const outcome = stream.outcome();
    return { statements: direct, comments: commentsOf(outcome.comments), lines: outcome.lines, diagnostics: [] };
  }
  return parseStatementsWithChevrotain(source, file);
}

/** The Chevrotain grammar alone, with recovery: every syntax error of the text. */
export function parseStatementsWithChevrotain(source: string, file: string): StatementsParse {
  const lexed = tokenize(source, file);
  const diagnostics = [...lexed.diagnostics];
  const statements: Statement[] = [];
  const vcl = parser();
  try {
    let rest = withoutDeclarations(lexed.tokens, file, diagnostics);
    // Each round consumes at least one token, so this ends.
    for (let round = 0; round <= lexed.tokens.length && rest.length > 0; round++) {
      vcl.prepare(rest, lexed.lines);
      vcl.statements();
      statements.push(...vcl.parsedStatements);
      diagnostics.push(...vcl.takeExtraDiagnostics());
      for (const error of vcl.errors) {
        const diagnostic = recognitionDiagnostic(file, error, source.length);
        // The grammar's top-level message speaks of declarations; here the text holds statements.
        diagnostic.message = diagnostic.message.replace(/^expected a declaration \([^)]*\)/, 'expected a statement (set, if, return, …)');
        diagnostics.push(diagnostic);
      }
      const stop = rest.indexOf(vcl.stoppedAt());
      if (stop < 0) break;
      rest = rest.slice(Math.max(stop, 1));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(isCallStackOverflow(error) ? tooDeeplyNested(file, 'parse') : { file, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', rule: 'parse', message: `internal parser error: ${message}` });
  } finally {
    vcl.release();
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  // Recovery may report one problem in two rounds: keep it once.
  const unique = [...new Map(diagnostics.map((d) => [`${d.line}:${d.column}:${d.message}`, d])).values()];
  diagnostics.length = 0;
  diagnostics.push(...unique);
  // Only a parse with errors can leave half-built nodes behind.
  const kept = diagnostics.length ? pruneBrokenNodes({ declarations: statements }).declarations : statements;
  return { statements: kept, comments: commentsOf(lexed.comments), lines: lexed.lines, diagnostics };
}

/**
 * The tokens without the declarations written among the statements (`sub x { … }`, `include "a";`): each
 * is reported once, at its keyword, rather than as a cascade of errors about what is inside it.
 */
function withoutDeclarations(tokens: readonly IToken[], file: string, diagnostics: Diagnostic[]): IToken[] {
  const kept: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (depth === 0 && DECLARATION_STARTS.some((type) => tokenMatcher(token, type))) {
      const { line, column } = tokenStart(token);
      const message = `expected a statement (set, if, return, …) but found ${JSON.stringify(token.image)}: a snippet of this type holds statements, not declarations`;
      diagnostics.push({ file, line, column, endLine: line, endColumn: column + token.image.length, severity: 'error', rule: 'parse', message });
      i = endOfDeclaration(tokens, i);
      continue;
    }
    if (tokenMatcher(token, T.LBrace)) depth++;
    else if (tokenMatcher(token, T.RBrace)) depth = Math.max(0, depth - 1);
    kept.push(token);
  }
  return kept;
}

/** The index of a declaration's last token: its closing brace, or the `;` of a one-line declaration. */
function endOfDeclaration(tokens: readonly IToken[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    if (tokenMatcher(tokens[i]!, T.LBrace)) depth++;
    else if (tokenMatcher(tokens[i]!, T.RBrace) && --depth <= 0) return i;
    else if (depth === 0 && tokenMatcher(tokens[i]!, T.Semicolon)) return i;
  }
  return tokens.length - 1;
}

function commentsOf(comments: readonly { text: string; range: Comment['range'] }[]): Comment[] {
  return comments.map((c): Comment => ({ kind: 'Comment', text: c.text, range: c.range }));
}
