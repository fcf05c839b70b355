// `vcl-edge lint` as a function of its arguments: find the config, pick the files, lint, print, and
// return the exit code (0 clean, 1 errors or too many warnings, 2 usage error or unreadable file).
// The commander wiring in bin/commands/lint.ts only parses flags and calls this.
import { resolve } from 'node:path';
import { emptyConfig, findConfigFile, loadConfig, parseRuleFlag, type LintConfig } from './config.js';
import { UsageError } from '../usage-error.js';
import { collectFiles } from './files.js';
import { FORMATS, countSeverities, formatResult, isFormat } from './format/index.js';
import { lint } from './lint.js';
import { explainRule, findRule, type RuleSetting } from './rules.js';

export interface LintCommandOptions {
  include?: string[];
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

function readConfig(options: LintCommandOptions, cwd: string): LintConfig {
  if (options.config) return loadConfig(resolve(cwd, options.config));
  const found = findConfigFile(cwd);
  return found ? loadConfig(found) : emptyConfig(cwd);
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
    const config = readConfig(options, io.cwd);
    const rules: Record<string, RuleSetting> = { ...config.rules };
    for (const flag of options.rule ?? []) {
      const [id, setting] = parseRuleFlag(flag);
      rules[id] = setting;
    }
    const files = collectFiles(args, { cwd: io.cwd, ignore: { dir: config.dir, globs: config.ignore } });
    const includePaths = [...config.include, ...(options.include ?? []).map((p) => resolve(io.cwd, p))];
    const result = lint(files, { includePaths, rules });

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
