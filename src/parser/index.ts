// The parser's public face: text to AST, AST back to text.

export { parse, parseWithDiagnostics } from './parse.js';
export { print } from '../ast/printer.js';
export { stripRanges } from '../ast/strip.js';
export { tokenize } from '../lexer/lexer.js';
export { RETURN_STATES } from '../ast/vocabulary.js';
