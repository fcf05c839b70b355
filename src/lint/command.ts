// `vcl-edge lint` as a function of its arguments: find the config, pick the files, lint, print, and
// return the exit code (0 clean, 1 errors or too many warnings, 2 usage error or unreadable file).
// The commander wiring in bin/commands/lint.ts only parses flags and calls this.
import { resolve } from 'node:path';
import { parseRuleFlag, validateRules } from './config.js';
import { UsageError } from '../usage-error.js';
import { collectFiles } from './files.js';
import { subroutineScopes } from '../engine/project-service.js';
import { hasMain, isSnippetType, loadProject, SNIPPET_TYPES, type ProjectConfig, type SnippetType } from '../project/index.js';
import { FORMATS, countSeverities, formatResult, isFormat } from './format/index.js';
import { lint } from './lint.js';
import { explainRule, findRule, type RuleSetting } from './rules.js';

export interface LintCommandOptions {
  /** `-I, --include-path` folders (and `--include`, its older name). */
  includePath?: string[];
  include?: string[];
  env?: string;
  terraform?: string;
  /** `--snippet TYPE`: the files are snippets of that type. */
  snippet?: string;
  format?: string;
  maxWarnings?: string;
  rule?: string[];
  config?: string;
  explain?: string;
}

export interface LintIo {
  cwd: string;
  color: boolean;
  version: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return Infinity;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number, got "${value}"`);
  return Number(value);
}

function snippetType(value: string | undefined): SnippetType | undefined {
  if (value === undefined || isSnippetType(value)) return value;
  throw new UsageError(`--snippet must be one of ${SNIPPET_TYPES.join(', ')}, got "${value}"`);
}

/** The files to lint, and whether the project's assembled service is one of the entries. */
function selectFiles(args: readonly string[], project: ProjectConfig, cwd: string, snippet: SnippetType | undefined): { files: string[]; service: boolean } {
  const ignore = { dir: project.dir, globs: project.ignore };
  const mainFile = project.main ?? project.mainText?.file ?? null;
  if (!hasMain(project) || snippet) return { files: collectFiles(args, { cwd, ignore }), service: false };
  if (args.length > 0) {
    const files = collectFiles(args, { cwd, ignore });
    return { files, service: mainFile !== null && files.includes(resolve(mainFile)) };
  }
  // The service, and every other VCL file under the folder (a service held in a plan may have none).
  try {
    return { files: collectFiles(args, { cwd, ignore }), service: true };
  } catch (e) {
    if (e instanceof UsageError) return { files: [], service: true };
    throw e;
  }
}

export function runLintCommand(args: readonly string[], options: LintCommandOptions, io: LintIo): number {
  try {
    if (options.explain !== undefined) {
      const rule = findRule(options.explain);
      if (!rule) throw new UsageError(`unknown rule "${options.explain}" (docs/rules.md lists them)`);
      io.stdout(explainRule(rule));
      return EXIT.ok;
    }
    const format = options.format ?? 'text';
    if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
    const maxWarnings = parseMaxWarnings(options.maxWarnings);
    const project = loadProject({ cwd: io.cwd, config: options.config, env: options.env, terraform: options.terraform, includePaths: [...(options.includePath ?? []), ...(options.include ?? [])] });
    for (const note of project.notes) io.stderr(`vcl-edge lint: note: ${note}\n`);
    const rules: Record<string, RuleSetting> = validateRules(project.rules, project.files.join(', ') || 'config');
    for (const flag of options.rule ?? []) {
      const [id, setting] = parseRuleFlag(flag);
      rules[id] = setting;
    }
    const snippet = snippetType(options.snippet);
    if (snippet && args.length === 0) throw new UsageError(`--snippet ${snippet} lints the snippet files you name: give one or more`);
    try {
      subroutineScopes(project.scopeOverrides);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { files, service } = selectFiles(args, project, io.cwd, snippet);
    const result = lint(files, { includePaths: project.includePaths, rules, project, service, snippet });

    io.stdout(formatResult(format, result, { cwd: io.cwd, color: io.color && format === 'text', version: io.version }));
    const { errors, warnings } = countSeverities(result);
    if (warnings > maxWarnings) io.stderr(`vcl-edge lint: too many warnings (${warnings}, --max-warnings is ${maxWarnings})\n`);
    return errors > 0 || warnings > maxWarnings ? EXIT.problems : EXIT.ok;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`vcl-edge lint: ${e.message}\n`);
    return EXIT.usage;
  }
}
