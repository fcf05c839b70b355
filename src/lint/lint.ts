// The linter: load each entry file with its includes, check it once, run every lint check in one walk,
// then apply suppression comments and the configured severities.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isCallStackOverflow, tooDeeplyNested, type Diagnostic } from '../diagnostics.js';
import type { Program } from '../ast/ast.js';
import type { CheckInfo } from '../check/info.js';
import { check, type CheckOptions } from '../check/checker.js';
import { loadSource, type LoadResult } from '../parser/loader.js';
import { constantCondition } from './checks/constant-condition.js';
import { deprecatedVariables } from './checks/deprecated-variable.js';
import { checkFastlyMacros } from './checks/fastly-macro.js';
import { uncapturedRegexGroups } from './checks/regex-groups.js';
import { upgradeShielding } from './checks/shielding.js';
import { unreachableCode } from './checks/unreachable.js';
import { checkUnusedDeclarations, unusedVariables } from './checks/unused.js';
import { upgradeFlow } from './checks/upgrade-flow.js';
import { createContext } from './context.js';
import { cannotRead } from '../usage-error.js';
import { subroutineScopes } from '../engine/project-service.js';
import { assembleService, assembleSnippet, emptyProjectConfig, withProject, type AssembledService, type ProjectConfig, type SnippetType } from '../project/index.js';
import type { RuleSetting } from './rules.js';
import { Suppressions } from './suppress.js';
import { walkProgram } from './walk.js';
import { isTestFile, prepareTestFileLint } from './test-files.js';
import { expandFastlyMacros } from '../project/snippets.js';
import { keepDiagnostic } from '../project/fastly-macros.js';

export interface LintOptions {
  /** Folders searched for included files after the including file's own folder. */
  includePaths?: readonly string[];
  /** Severity per rule id, overriding the registry's defaults; `off` drops the rule. */
  rules?: Readonly<Record<string, RuleSetting>>;
  readFile?: (path: string) => string;
  /** The project's config: its dictionaries, ACLs and backends are declared for every file, its snippet files linted by their type. */
  project?: ProjectConfig;
  /** Lint the project's assembled service (main VCL, includes, snippets) as one entry. */
  service?: boolean;
  /** Lint every file as a snippet of this type (`--snippet recv`): statements, as the body of vcl_recv. */
  snippet?: SnippetType;
}

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[]; // sorted by line, column, rule
}

export interface LintResult {
  /** Every file linted (entries and the files they include), sorted by path. */
  files: FileResult[];
  /** The text of every file read, for code frames. */
  sources: Map<string, string>;
}

/**
 * Every problem in one loaded program: the loader's and parser's, the checker's and lint's own, with
 * suppression comments applied. Lint's own checks are skipped when the program has syntax errors:
 * code lost to a syntax error would make them report noise (a backend "unused" by a sub that failed to parse).
 */
export function lintProgram(load: LoadResult, checkOptions?: CheckOptions): Diagnostic[] {
  const syntaxErrors = load.diagnostics.some((d) => d.rule === 'parse');
  const checked = checkRecovered(load, syntaxErrors, checkOptions);
  const found = [...load.diagnostics, ...checked.diagnostics];
  if (syntaxErrors) found.push(lintSkipped(load.diagnostics.find((d) => d.rule === 'parse')!));
  // A check that could not walk the whole tree (too deeply nested) leaves nothing for lint to walk either.
  if (!syntaxErrors && !checked.diagnostics.some((d) => d.rule === 'parse')) {
    try {
      found.push(...runLintChecks(load.program, checked.info));
    } catch (error) {
      if (!isCallStackOverflow(error)) throw error;
      found.push(tooDeeplyNested(load.program.file, 'lint'));
    }
  }
  const suppressions = new Suppressions(load.program.comments);
  return found.filter((d) => !suppressions.has(d));
}

/** The note that lint's own rules were not run: at the top of the file with the first syntax error. */
function lintSkipped(first: Diagnostic): Diagnostic {
  const message = "lint's own rules were not run on this file because of its syntax errors; fix them and lint again";
  return { file: first.file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'info', rule: 'lint-skipped', message };
}

/** Lint's own checks on a checked program: two look-ups over the declarations and one walk. */
export function runLintChecks(program: Program, info: CheckInfo): Diagnostic[] {
  const found: Diagnostic[] = [];
  const ctx = createContext(program, info, found);
  checkUnusedDeclarations(ctx);
  checkFastlyMacros(ctx);
  walkProgram(info, [unreachableCode(ctx), constantCondition(ctx), deprecatedVariables(ctx), unusedVariables(ctx), uncapturedRegexGroups(ctx), upgradeFlow(ctx), upgradeShielding(ctx)]);
  return found;
}

/**
 * Check the program. After syntax errors the tree is what error recovery rebuilt (the parser prunes
 * half-built nodes): the checker's findings on a line with a syntax error are echoes of it (the words of
 * an unterminated string read as variables) and are dropped.
 */
function checkRecovered(load: LoadResult, syntaxErrors: boolean, options?: CheckOptions): ReturnType<typeof check> {
  const checked = check(load.program, options);
  if (!syntaxErrors) return checked;
  const broken = new Set(load.diagnostics.filter((d) => d.rule === 'parse').map((d) => `${d.file}:${d.line}`));
  return { ...checked, diagnostics: checked.diagnostics.filter((d) => !broken.has(`${d.file}:${d.line}`)) };
}

/** Lint VCL held in memory (`sources` serves its includes by name). */
export function lintSource(source: string, file: string, options: LintOptions & { sources?: ReadonlyMap<string, string> } = {}): LintResult {
  const load = expandFastlyMacros(loadSource(source, file, { includePaths: options.includePaths, readFile: options.readFile, sources: options.sources }));
  return collect([{ load }], options.rules);
}

const INCLUDE = /^\s*include\b/m;

/**
 * Lint files on disk. A file that another file in the list includes is linted as part of that file
 * (where its declarations are used), not on its own; a file included by several is reported once.
 * Throws UsageError when a file cannot be read.
 */
export function lint(files: readonly string[], options: LintOptions = {}): LintResult {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const texts = new Map<string, string>();
  for (const f of files) {
    const path = resolve(f);
    try {
      texts.set(path, read(path));
    } catch (e) {
      throw cannotRead(f, e);
    }
  }
  const readCached = (p: string) => texts.get(p) ?? read(p);
  const project = options.project;
  const service = project && options.service ? projectEntry(assembleService(project, { readFile: readCached }), project) : null;
  // Files that include others go first, so a fragment is usually reached through its includer
  // before its own turn and is parsed only once.
  const order = [...texts.keys()].sort((a, b) => Number(INCLUDE.test(texts.get(b)!)) - Number(INCLUDE.test(texts.get(a)!)) || (a < b ? -1 : 1));
  const covered = new Set<string>(service?.load.files);
  const loads: Linted[] = [];
  for (const file of order) {
    if (covered.has(file)) continue;
    const snippetType = options.snippet ?? project?.snippets.find((s) => s.file === file)?.type;
    if (snippetType) {
      loads.push(projectEntry(assembleSnippet(project ?? emptyProjectConfig(dirname(file)), file, snippetType, readCached), project));
      continue;
    }
    if (isTestFile(file)) {
      loads.push(prepareTestFileLint(file, texts.get(file)!, options.includePaths, readCached));
      continue;
    }
    const load = loadSource(texts.get(file)!, file, { includePaths: options.includePaths, readFile: readCached });
    for (const included of load.files.slice(1)) covered.add(included);
    loads.push(project ? projectEntry(withProject(load, project), project) : { load: expandFastlyMacros(load) });
  }
  return collect(
    [...(service ? [service] : []), ...loads.filter((l) => !covered.has(l.load.files[0]!))],
    options.rules,
  );
}

/** Findings about what the project declared rather than the VCL: a dictionary the VCL does not read is fine. */
const ABOUT_PROVIDED = new Set(['unused-backend', 'unused-acl', 'unused-table', 'fastly-macro']);

function projectEntry(assembled: AssembledService, project: ProjectConfig | undefined): Linted {
  const { load, provided } = assembled;
  // falco's enforce_subroutine_scopes: subroutines checked as running in the scopes it names.
  const options: CheckOptions | undefined = project?.scopeOverrides.size ? { scopeOverrides: subroutineScopes(project.scopeOverrides) } : undefined;
  return { load, options, keep: (d) => !(ABOUT_PROVIDED.has(d.rule) && provided.has(`${d.file}:${d.line}:${d.column}`)) };
}

/** A loaded entry file and how to check it (a test file brings the testing functions, and keeps only its own findings). */
interface Linted {
  load: LoadResult;
  options?: CheckOptions;
  keep?(d: Diagnostic): boolean;
  /** The files reported as linted (default: every file of the load). */
  files?: readonly string[];
}

function collect(loads: readonly Linted[], settings: LintOptions['rules'] = {}): LintResult {
  const byFile = new Map<string, Map<string, Diagnostic>>();
  const sources = new Map<string, string>();
  for (const { load, options, keep, files } of loads) {
    for (const [file, text] of load.sources) sources.set(file, text);
    for (const file of files ?? load.files) if (!byFile.has(file)) byFile.set(file, new Map());
    for (const d of lintProgram(load, options)) {
      if (keep && !keep(d)) continue;
      if (!keepDiagnostic(d)) continue; // the code Fastly generates at a #FASTLY line is not the user's to fix
      const setting = settings[d.rule];
      if (setting === 'off') continue;
      // The same finding reached through two entry files is kept once; distinct findings at one spot stay.
      const key = `${d.line}:${d.column}:${d.rule}:${d.message}`;
      const seen = byFile.get(d.file) ?? new Map<string, Diagnostic>();
      byFile.set(d.file, seen);
      if (!seen.has(key)) seen.set(key, setting ? { ...d, severity: setting } : d);
    }
  }
  const files = [...byFile.keys()].sort().map((file) => ({ file, diagnostics: [...byFile.get(file)!.values()].sort(byPosition) }));
  return { files, sources };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** All diagnostics of a result, in file, line, column order. */
export function allDiagnostics(result: LintResult): Diagnostic[] {
  return result.files.flatMap((f) => f.diagnostics);
}
