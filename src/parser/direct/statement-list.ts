// The direct parser's entry for a text that is a list of statements (a VCL snippet of type recv, fetch…),
// the counterpart of the grammar's `statements` rule.

import type { TokenStream } from '../../lexer/lexer.js';
import type { Statement } from '../../ast/ast.js';
import { StatementReader } from './statements.js';
import { Unparsable } from './token-reader.js';

class StatementListReader extends StatementReader {
  /** Every statement of the text; anything else (a `}` too many, a declaration) is for the grammar to report. */
  all(): Statement[] {
    const statements = this.statementList();
    if (!this.atEnd) throw Unparsable.instance;
    return statements;
  }
}

/** The statements of the text `stream` scans, or undefined when it has any problem to report. */
export function parseStatementsDirect(stream: TokenStream): Statement[] | undefined {
  try {
    const statements = new StatementListReader(stream).all();
    return stream.scanner.errors.length === 0 ? statements : undefined;
  } catch {
    return undefined; // see parseDirect: the grammar parses the text instead and reports its problems
  }
}
