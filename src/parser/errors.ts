// Parse errors people can read: `expected ";" after set statement`, `expected an expression`.
// Chevrotain builds messages through this provider unless a rule passes its own ERR_MSG.

import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from '../lexer/chevrotain.js';
import { EOF, tokenLabel } from '../lexer/chevrotain.js';
import type { Diagnostic } from '../diagnostics.js';
import { tokenEnd, tokenStart } from '../lexer/lexer.js';

function describe(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === undefined || token.image === '') return 'end of file';
  return JSON.stringify(token.image.length > 40 ? token.image.slice(0, 40) + '…' : token.image);
}

function firstLabels(paths: TokenType[][]): string[] {
  const labels = new Set<string>();
  for (const path of paths) if (path[0]) labels.add(tokenLabel(path[0]));
  return [...labels];
}

function oneOf(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? 'something else';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** What the top level found instead of a declaration; `vcl 4.1;` opens Varnish's VCL, which Fastly does not run. */
function declarationExpected(token: IToken | undefined): string {
  const varnish = token?.image === 'vcl' ? ': "vcl 4.x;" is Varnish\'s version line, and Fastly does not run Varnish VCL (vcl_backend_response, import, return(hash) are Varnish\'s too)' : '';
  return `expected a declaration (sub, backend, acl, table, …) but found ${describe(token)}${varnish}`;
}

export const vclErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    // Only the top level expects the end of input: anything left there should have been a declaration.
    if (expected === EOF) return declarationExpected(actual);
    return `expected ${tokenLabel(expected)} but found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return declarationExpected(firstRedundant);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const wanted = customUserDescription ?? oneOf(firstLabels(expectedPathsPerAlt.flat()));
    return `expected ${wanted} but found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    const wanted = customUserDescription ?? oneOf(firstLabels(expectedIterationPaths));
    return `expected ${wanted} but found ${describe(actual[0])}`;
  },
};

/**
 * A recognition error as a diagnostic. A missing token is reported just after the token before it
 * (the end of the line that lacks its `;`), not at whatever starts the next line.
 */
export function recognitionDiagnostic(file: string, error: IRecognitionException, sourceLength: number): Diagnostic {
  const token = error.token;
  const previous = (error as { previousToken?: IToken }).previousToken;
  const missing = error.name === 'MismatchedTokenException' && error.message.startsWith('expected "');
  const atEnd = token.tokenType === undefined || Number.isNaN(token.startOffset) || token.image === '';
  let start;
  let end;
  if ((missing || atEnd) && previous && !Number.isNaN(previous.startOffset)) {
    start = tokenEnd(previous);
    end = { ...start, column: start.column + 1, offset: start.offset + 1 };
  } else if (!atEnd) {
    start = tokenStart(token);
    end = tokenEnd(token);
  } else {
    start = end = { line: 1, column: 1, offset: Math.min(0, sourceLength) };
  }
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: 'error',
    rule: 'parse',
    message: error.message,
  };
}
