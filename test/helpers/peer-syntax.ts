// Checking VCL the way falco's lexer, parser and linter tables do: does a text parse, does it print back
// to the same tree, and which errors (file:line:col) does loading it report.
import type { Declaration, Expression, Statement, SubDeclaration } from '../../src/ast/ast.js';
import { parseWithDiagnostics, print, stripRanges } from '../../src/parser/index.js';
import { allDiagnostics, lintSource } from '../../src/lint/index.js';

/** The syntax errors of `source` as "line:col message" ([] when it parses). */
export function syntaxErrors(source: string): string[] {
  return parseWithDiagnostics(source, 'peer.vcl')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column} ${d.message}`);
}

/**
 * The declarations of `source`, without source ranges; throws when it does not parse or when printing
 * it and parsing the print gives another tree (the printer's round trip).
 */
export function parsedTree(source: string): Declaration[] {
  const { program, diagnostics } = parseWithDiagnostics(source, 'peer.vcl');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`does not parse: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  const tree = stripRanges(program.declarations);
  const printed = print(program);
  const again = parseWithDiagnostics(printed, 'printed.vcl');
  if (again.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the print does not parse:\n${printed}`);
  const reparsed = stripRanges(again.program.declarations);
  if (JSON.stringify(reparsed) !== JSON.stringify(tree)) throw new Error(`the print parses to another tree:\n${printed}`);
  return tree;
}

/** The statements of the first subroutine of `source` (parsed and round-tripped by `parsedTree`). */
export function subStatements(source: string): Statement[] {
  const sub = parsedTree(source).find((d): d is SubDeclaration => d.kind === 'Sub');
  if (!sub) throw new Error('no subroutine');
  return sub.body.statements;
}

/** The value of the first `set` in the first subroutine of `source`. */
export function setValue(source: string): Expression {
  const set = subStatements(source).find((s) => s.kind === 'Set');
  if (set?.kind !== 'Set') throw new Error('no set statement');
  return set.value;
}

/** The errors loading `source` reports (syntax and checker), each as "line:col [rule] message". */
export function loadErrors(source: string): string[] {
  return allDiagnostics(lintSource(source, 'peer.vcl'))
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column} [${d.rule}] ${d.message}`);
}

/**
 * The errors loading a custom sub `foo` holding `body` reports, `foo` called from vcl_recv (so its scope
 * is recv): body lines start at 2 (after `decls`).
 */
export function inRecv(body: string, decls = ''): string[] {
  return loadErrors(`${decls}sub foo {\n${body}\n}\nsub vcl_recv {\n#FASTLY recv\ncall foo;\n}`);
}

/** Only the messages of `errors` ("line:col" taken off), for cases where the position is not the point. */
export function messages(errors: string[]): string[] {
  return errors.map((e) => e.replace(/^\d+:\d+ /, ''));
}

/** The warnings lint reports for `source` under `rule`. */
export function lintWarnings(source: string, rule: string): string[] {
  return allDiagnostics(lintSource(source, 'peer.vcl'))
    .filter((d) => d.severity === 'warning' && d.rule === rule)
    .map((d) => `${d.line}:${d.column} ${d.message}`);
}
