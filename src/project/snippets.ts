// VCL snippets as Fastly places them: a snippet of a subroutine type (recv, fetch…) is a list of statements
// spliced at that subroutine's `#FASTLY <type>` line, lower priority first (ties by name); an `init` snippet
// holds declarations placed above the subroutines; a `none` snippet goes only where `include "snippet::NAME";`
// names it. The statements keep their own file, line and column, so a diagnostic points into the snippet.
import { readFileSync } from 'node:fs';
import type { Block, Comment, Declaration, Program, Statement, SubDeclaration } from '../ast/ast.js';
import { endOf, startOf, withFields, type ProgramNode } from '../ast/nodes.js';
import type { LineIndex } from '../lexer/source-range.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseWithDiagnostics } from '../parser/parse.js';
import { parseStatementsWithDiagnostics } from '../parser/parse-statements.js';
import { cannotRead } from '../usage-error.js';
import type { SnippetSource, SnippetType } from './types.js';
import type { LoadResult } from '../parser/loader.js';
import { generatedSources, generatedStatements, isMacroType, keepDiagnostic, markExpanded, MACRO_TYPES } from './fastly-macros.js';

export interface ParsedSnippet {
  source: SnippetSource;
  text: string;
  /** For a subroutine type: the statements to splice. */
  statements: Statement[];
  /** For `init` and `none`: the declarations. */
  declarations: Declaration[];
  comments: Comment[];
  diagnostics: Diagnostic[];
  /** The snippet file's line index, for nodes made around its statements. */
  lines: LineIndex;
}

/** Types whose snippets are declarations rather than statements. */
export const isTopLevel = (type: SnippetType) => type === 'init' || type === 'none';

export function readSnippet(source: SnippetSource, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ParsedSnippet {
  let text: string;
  try {
    text = source.text ?? read(source.file);
  } catch (e) {
    throw cannotRead(source.file, e);
  }
  if (isTopLevel(source.type)) {
    const parsed = parseWithDiagnostics(text, source.file);
    const { lines } = parsed.program as ProgramNode;
    return { source, text, statements: [], declarations: parsed.program.declarations, comments: parsed.program.comments, diagnostics: parsed.diagnostics, lines };
  }
  const parsed = parseStatementsWithDiagnostics(text, source.file);
  return { source, text, statements: parsed.statements, declarations: [], comments: parsed.comments, diagnostics: parsed.diagnostics, lines: parsed.lines };
}

/** Fastly's order: lower priority first; snippets of one priority by name. */
export function bySpliceOrder(a: ParsedSnippet, b: ParsedSnippet): number {
  return a.source.priority - b.source.priority || (a.source.name < b.source.name ? -1 : a.source.name > b.source.name ? 1 : 0);
}

// `#FASTLY recv` (falco's examples write `#Fastly recv`); not the `#--FASTLY RECV BEGIN` of generated VCL.
const MACRO = /^#\s*FASTLY\s+([A-Za-z_]+)\s*$/i;

/**
 * Splice `snippets` into `program`; a type with nowhere to go is reported (rule `snippet`). With
 * `fastlyMacros` each `#FASTLY <sub>` line first gets the code Fastly generates there (fastly-macros.ts),
 * then the snippets, as in the VCL Fastly generates (its recv snippets follow the X-Timer code).
 */
export function spliceSnippets(program: Program, snippets: readonly ParsedSnippet[], options: { fastlyMacros?: boolean } = {}): { program: Program; diagnostics: Diagnostic[] } {
  const ordered = [...snippets].sort(bySpliceOrder);
  const diagnostics: Diagnostic[] = [];
  let declarations = program.declarations;
  const init = ordered.filter((s) => s.source.type === 'init').flatMap((s) => s.declarations);
  if (init.length) {
    const firstSub = declarations.findIndex((d) => d.kind === 'Sub');
    const at = firstSub < 0 ? declarations.length : firstSub;
    declarations = [...declarations.slice(0, at), ...init, ...declarations.slice(at)];
  }
  const generating = options.fastlyMacros ?? false;
  const types = [...new Set([...(generating ? MACRO_TYPES : []), ...ordered.map((s) => s.source.type).filter((t) => !isTopLevel(t))])];
  let comments = program.comments;
  const macroLines = macroCommentsByType(comments);
  for (const type of types) {
    const group = ordered.filter((s) => s.source.type === type);
    const subName = `vcl_${type}`;
    const parts = declarations.filter((d): d is SubDeclaration => d.kind === 'Sub' && d.name.name === subName);
    const lines = macroLines.get(type) ?? [];
    // Else the line in a custom subroutine (one vcl_<type> calls): Fastly expands the macro where it is written.
    const macro = findMacro(lines, parts) ?? findMacro(lines, declarations.filter((d): d is SubDeclaration => d.kind === 'Sub'));
    if (!macro) {
      if (group.length > 0) diagnostics.push(...missingMacro(type, parts, group));
      continue;
    }
    // Parsed only for a macro the program has (a load parses its own copy: the checker keys facts by node).
    const generated = generating && isMacroType(type) ? generatedStatements(type) : [];
    const statements = [...generated, ...group.flatMap((s) => s.statements)];
    if (statements.length === 0) continue;
    const spliced = withFields(macro.part, { body: spliceAt(macro.part.body, macro.offset, statements) });
    declarations = declarations.map((d) => (d === macro.part ? spliced : d));
    if (generated.length > 0) comments = markExpanded(comments, macro.comment, type);
  }
  comments = [...comments, ...snippets.flatMap((s) => s.comments)];
  return { program: withFields(program, { declarations, comments }), diagnostics };
}

/**
 * `load` with the code Fastly generates at each `#FASTLY <sub>` line (a line already expanded is left
 * alone), its text among the sources, and no warnings about it (keepDiagnostic).
 */
export function expandFastlyMacros(load: LoadResult): LoadResult {
  const { program } = spliceSnippets(load.program, [], { fastlyMacros: true });
  if (program.declarations === load.program.declarations) return load;
  return { ...load, program, sources: new Map([...load.sources, ...generatedSources()]), diagnostics: load.diagnostics.filter(keepDiagnostic) };
}

/** The `#FASTLY <type>` comments by their lower-case type, in order: one pass over the program's comments. */
function macroCommentsByType(comments: readonly Comment[]): Map<string, Comment[]> {
  const byType = new Map<string, Comment[]>();
  for (const comment of comments) {
    const type = MACRO.exec(comment.text.trim())?.[1]?.toLowerCase();
    if (type === undefined) continue;
    const list = byType.get(type);
    if (list) list.push(comment);
    else byType.set(type, [comment]);
  }
  return byType;
}

/** The first of a type's macro comments that stands in the body of one of `parts`. */
function findMacro(macroComments: readonly Comment[], parts: readonly SubDeclaration[]): { part: SubDeclaration; offset: number; comment: Comment } | null {
  for (const comment of macroComments) {
    const offset = startOf(comment);
    const part = parts.find((p) => p.range.file === comment.range.file && startOf(p.body) <= offset && offset < endOf(p.body));
    if (part) return { part, offset, comment };
  }
  return null;
}

function missingMacro(type: string, parts: readonly SubDeclaration[], group: readonly ParsedSnippet[]): Diagnostic[] {
  const names = group.map((s) => `"${s.source.name}"`).join(', ');
  const line = `#FASTLY ${type}`;
  if (parts.length > 0) {
    const message = `vcl_${type} has no "${line}" line, so the ${type} snippet${group.length > 1 ? 's' : ''} ${names} cannot be placed: add the line where Fastly should splice them`;
    return [diagnosticAt(parts[0]!.name.range, 'error', 'snippet', message)];
  }
  return group.map((s) => ({
    file: s.source.file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    severity: 'error',
    rule: 'snippet',
    message: `snippet "${s.source.name}" is of type ${type}, but the main VCL has no sub vcl_${type} with a "${line}" line to splice it into`,
  }));
}

/** `block` with `statements` inserted where `offset` lies: in the innermost block, if, or case around it. */
function spliceAt(block: Block, offset: number, statements: readonly Statement[]): Block {
  return withFields(block, { statements: spliceInto(block.statements, offset, statements) });
}

function spliceInto(list: readonly Statement[], offset: number, statements: readonly Statement[]): Statement[] {
  const around = list.findIndex((s) => startOf(s) <= offset && offset < endOf(s));
  if (around >= 0) {
    const inner = spliceInside(list[around]!, offset, statements);
    if (inner) return list.map((s, i) => (i === around ? inner : s));
  }
  const at = list.findIndex((s) => startOf(s) >= offset);
  const index = at < 0 ? list.length : at;
  return [...list.slice(0, index), ...statements, ...list.slice(index)];
}

function spliceInside(s: Statement, offset: number, statements: readonly Statement[]): Statement | null {
  const inside = (b: Block) => startOf(b) <= offset && offset < endOf(b);
  switch (s.kind) {
    case 'Block':
      return spliceAt(s, offset, statements);
    case 'If': {
      const branch = s.branches.findIndex((b) => inside(b.body));
      if (branch >= 0) return withFields(s, { branches: s.branches.map((b, i) => (i === branch ? withFields(b, { body: spliceAt(b.body, offset, statements) }) : b)) });
      return s.otherwise && inside(s.otherwise) ? withFields(s, { otherwise: spliceAt(s.otherwise, offset, statements) }) : null;
    }
    case 'Switch': {
      const c = s.cases.findIndex((k) => startOf(k) <= offset && offset < endOf(k));
      return c < 0 ? null : withFields(s, { cases: s.cases.map((k, i) => (i === c ? withFields(k, { statements: spliceInto(k.statements, offset, statements) }) : k)) });
    }
    default:
      return null;
  }
}
