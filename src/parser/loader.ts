// Loading a VCL file with its includes: `include "name";` is replaced by the declarations of
// name.vcl (or name), looked up beside the including file, then in the include paths; inside a
// subroutine, by the statements of that file.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Declaration, IncludeDeclaration, Program, Statement } from '../ast/ast.js';
import { parseWithDiagnostics } from './index.js';
import { parseStatementsWithDiagnostics } from './parse-statements.js';
import { spliceStatementIncludes, spliced } from './statement-includes.js';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';

export interface LoadOptions {
  /** Folders searched for included files after the including file's own folder. */
  includePaths?: readonly string[];
  /** How to read a file (tests may serve files from memory). */
  readFile?: (path: string) => string;
  /**
   * Look-up of an include that is not found on disk (e.g. a test's in-memory snippets): its text, or its
   * text and the file name its diagnostics use (a project's `include "snippet::NAME";`).
   */
  sources?: ReadonlyMap<string, string | { file: string; text: string }>;
}

export interface LoadResult {
  program: Program;
  /** Every file read, by the name used in diagnostics. */
  sources: Map<string, string>;
  diagnostics: Diagnostic[];
  /** The files the program was read from, the entry first. */
  files: string[];
}

const MAX_INCLUDE_DEPTH = 32;

function candidates(name: string, from: string, includePaths: readonly string[]): string[] {
  const names = name.endsWith('.vcl') ? [name] : [`${name}.vcl`, name];
  if (isAbsolute(name)) return names;
  const dirs = [dirname(from), ...includePaths];
  return dirs.flatMap((d) => names.map((n) => resolve(d, n)));
}

/** Parse `source` (named `file`) and splice in its includes. Never throws for a user's mistake. */
export function loadSource(source: string, file: string, options: LoadOptions = {}): LoadResult {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const includePaths = options.includePaths ?? [];
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const comments: Program['comments'] = [];

  const expand = (src: string, name: string, stack: string[]): Declaration[] => {
    sources.set(name, src);
    files.push(name);
    const parsed = parseWithDiagnostics(src, name);
    diagnostics.push(...parsed.diagnostics);
    comments.push(...parsed.program.comments);
    // Looking for `include` in the text first keeps the walk off the load of a file that has none.
    if (src.includes('include')) spliceStatementIncludes(parsed.program.declarations, (decl) => includeStatements(decl, name, stack));
    const out: Declaration[] = [];
    for (const decl of parsed.program.declarations) {
      if (decl.kind !== 'Include') {
        out.push(decl);
        continue;
      }
      out.push(...include(decl, name, stack));
    }
    return out;
  };

  /** The text and name of an included file; null (reported) when it is not found or would nest too deep or loop. */
  const find = (decl: IncludeDeclaration, from: string, stack: string[]): { text: string; name: string } | null => {
    const wanted = decl.path.value;
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      diagnostics.push(diagnosticAt(decl.range, 'error', 'include', `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels`));
      return null;
    }
    const inMemory = options.sources?.get(wanted) ?? options.sources?.get(`${wanted}.vcl`);
    if (inMemory !== undefined) return once(typeof inMemory === 'string' ? { text: inMemory, name: wanted } : { text: inMemory.text, name: inMemory.file }, decl, stack);
    for (const path of candidates(wanted, from, includePaths)) {
      let text: string;
      try {
        text = read(path);
      } catch {
        continue;
      }
      return once({ text, name: path }, decl, stack);
    }
    diagnostics.push(diagnosticAt(decl.path.range, 'error', 'include', `cannot find included file "${wanted}" (looked beside ${from}${includePaths.length ? ` and in ${includePaths.join(', ')}` : ''})`));
    return null;
  };

  const once = (file: { text: string; name: string }, decl: IncludeDeclaration, stack: string[]): { text: string; name: string } | null => {
    if (!stack.includes(file.name)) return file;
    diagnostics.push(diagnosticAt(decl.range, 'error', 'include', `"${decl.path.value}" includes itself (${[...stack, file.name].join(' -> ')})`));
    return null;
  };

  const include = (decl: IncludeDeclaration, from: string, stack: string[]): Declaration[] => {
    const file = find(decl, from, stack);
    return file ? expand(file.text, file.name, [...stack, file.name]) : [];
  };

  /** An include inside a subroutine: the file's statements, its own includes spliced in likewise. */
  const includeStatements = (decl: IncludeDeclaration, from: string, stack: string[]): Statement[] => {
    const file = find(decl, from, stack);
    if (!file) return [];
    sources.set(file.name, file.text);
    files.push(file.name);
    const parsed = parseStatementsWithDiagnostics(file.text, file.name);
    diagnostics.push(...parsed.diagnostics);
    comments.push(...parsed.comments);
    // An include left in the list would do nothing, silently: the stack bounds the depth and finds loops.
    const inner = [...stack, file.name];
    return file.text.includes('include') ? spliced(parsed.statements, (d) => includeStatements(d, file.name, inner)) : parsed.statements;
  };

  const declarations = expand(source, file, [file]);
  const end = { line: 1, column: 1, offset: 0 };
  const program: Program = {
    kind: 'Program',
    file,
    declarations,
    comments,
    range: { file, start: end, end: { ...end, offset: source.length } },
  };
  return { program, sources, diagnostics, files };
}

/** Read a VCL file from disk and load it with its includes. */
export function loadFile(path: string, options: LoadOptions = {}): LoadResult {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return loadSource(read(path), path, options);
}
