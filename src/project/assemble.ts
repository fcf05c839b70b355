// One assembled service from a project's config: the main VCL loaded with its includes, the config's
// dictionaries, ACLs and backends declared as Fastly declares them, and the snippets spliced in. lint,
// serve and test all start from this, so they see the same service.
import { readFileSync } from 'node:fs';
import type { Declaration, Program, SubDeclaration } from '../ast/ast.js';
import { BlockNode, IdentifierNode, ProgramNode, SubNode } from '../ast/nodes.js';
import { loadFile, loadSource, type LoadResult } from '../parser/loader.js';
import { cannotRead, UsageError } from '../usage-error.js';
import { aclOf, backendOf, tableOf } from './declarations.js';
import { DEFAULT_VCL, DEFAULT_VCL_FILE } from './default-vcl.js';
import { isTopLevel, readSnippet, spliceSnippets, type ParsedSnippet } from './snippets.js';
import { generatedSources } from './fastly-macros.js';
import type { BackendSetting, ProjectConfig, SnippetType } from './types.js';
import { withFields } from '../ast/nodes.js';

export interface AssembledService {
  load: LoadResult;
  /** `file:line:col` of the declarations the project made (not the VCL): nothing there is "unused". */
  provided: Set<string>;
  /** Backends the VCL declares whose address the config replaces (serve connects there instead), by name. */
  backendOverrides: Map<string, BackendSetting>;
}

export interface AssembleOptions {
  /** The main VCL to use instead of the project's (serve's and test's argument), absolute. */
  main?: string;
  readFile?: (path: string) => string;
}

const hasGlob = (name: string) => /[*?]/.test(name);
const globRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
const place = (decl: { name: { range: Program['range'] } }) => {
  const { file, start } = decl.name.range;
  return `${file}:${start.line}:${start.column}`;
};

/** Whether the project has a main VCL: named (on disk or in a Terraform plan), or Fastly's own for its snippets. */
export function hasMain(project: ProjectConfig): boolean {
  return project.main !== null || project.mainText !== null || project.snippets.length > 0;
}

/** In-memory includes: Terraform's library `vcl` blocks by name, and `include "snippet::NAME";`. */
function includeSources(project: ProjectConfig, snippets: readonly ParsedSnippet[]): Map<string, { file: string; text: string }> {
  const sources = new Map(project.includes);
  for (const s of snippets) sources.set(`snippet::${s.source.name}`, { file: s.source.file, text: s.text });
  return sources;
}

/** The project's service: its main VCL, includes, declarations and snippets. Throws UsageError when there is no main. */
export function assembleService(project: ProjectConfig, options: AssembleOptions = {}): AssembledService {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const snippets = project.snippets.map((s) => readSnippet(s, read));
  const loadOptions = { includePaths: project.includePaths, readFile: read, sources: includeSources(project, snippets) };
  const main = options.main ?? project.main;
  let load: LoadResult;
  if (main !== null && main !== undefined) {
    try {
      load = loadFile(main, loadOptions);
    } catch (e) {
      throw cannotRead(main, e);
    }
  } else if (project.mainText) load = loadSource(project.mainText.text, project.mainText.file, loadOptions);
  else if (snippets.length > 0) load = loadSource(DEFAULT_VCL, DEFAULT_VCL_FILE, loadOptions); // snippets, no custom VCL
  else throw new UsageError('no main VCL: name one, set "main" in .vcl-edge.json, or give --terraform plan.json');
  // `none` snippets go only where an include names them; the others are spliced.
  return withProject(load, project, snippets.filter((s) => s.source.type !== 'none'));
}

/**
 * `load` with the project's declarations (and `snippets` spliced): what any VCL file of the project is
 * checked with, so its lookups of a configured dictionary resolve.
 */
export function withProject(load: LoadResult, project: ProjectConfig, snippets: readonly ParsedSnippet[] = []): AssembledService {
  const declared = new Set(load.program.declarations.flatMap((d) => (d.kind === 'Backend' || d.kind === 'Director' ? [d.name.name] : [])));
  const backendOverrides = new Map<string, BackendSetting>();
  const made: Declaration[] = [];
  for (const [name, setting] of project.backends) {
    if (hasGlob(name)) {
      const re = globRegExp(name);
      for (const d of declared) if (re.test(d)) backendOverrides.set(d, setting);
    } else if (declared.has(name)) backendOverrides.set(name, setting);
    else made.push(backendOf(name, setting));
  }
  for (const dictionary of project.dictionaries.values()) made.push(tableOf(dictionary));
  for (const acl of project.acls.values()) made.push(aclOf(acl));
  const spliced = spliceSnippets(withFields(load.program, { declarations: [...made, ...load.program.declarations] }), snippets, { fastlyMacros: project.fastlyMacros });
  const sources = new Map([...project.sources, ...load.sources]);
  for (const s of snippets) sources.set(s.source.file, s.text);
  if (project.fastlyMacros) for (const [file, text] of generatedSources()) sources.set(file, text);
  const files = [...load.files, ...snippets.map((s) => s.source.file).filter((f) => !load.files.includes(f))];
  return {
    load: { program: spliced.program, sources, files, diagnostics: [...load.diagnostics, ...snippets.flatMap((s) => s.diagnostics), ...spliced.diagnostics] },
    provided: new Set(made.map((d) => place(d as { name: { range: Program['range'] } }))),
    backendOverrides,
  };
}

/**
 * A snippet file checked alone: its statements as the body of the subroutine of its type (`init` and
 * `none` snippets as declarations), with the project's declarations. `vcl-edge lint --snippet recv FILE`.
 */
export function assembleSnippet(project: ProjectConfig, file: string, type: SnippetType, readFile?: (path: string) => string): AssembledService {
  const snippet = readSnippet({ name: file, type, priority: 0, file }, readFile);
  const whole = { lines: snippet.lines, startOffset: 0, endOffset: snippet.text.length };
  let declarations: Declaration[] = snippet.declarations;
  let sub: SubDeclaration | null = null;
  if (!isTopLevel(type)) {
    // A subroutine made around the statements: it starts where the file does and has no text of its own.
    const at = { lines: snippet.lines, startOffset: 0, endOffset: 0 };
    sub = new SubNode(new IdentifierNode(`vcl_${type}`, at), null, [], new BlockNode(snippet.statements, whole), whole);
    declarations = [sub];
  }
  const program = new ProgramNode(file, declarations, snippet.comments, whole);
  const load: LoadResult = { program, sources: new Map([[file, snippet.text]]), diagnostics: snippet.diagnostics, files: [file] };
  const assembled = withProject(load, project);
  if (sub) assembled.provided.add(place(sub));
  return assembled;
}
