// Lint's part of the project config (.vcl-edge.json, src/project): rule severities, include paths and
// ignored files. The project config reads and checks the file; lint checks the rule names and severities.
// Paths in it are relative to the folder that holds it.
import { dirname, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { CONFIG_FILES, emptyProjectConfig, findUp } from '../project/index.js';
import { applyConfigFile } from '../project/config-file.js';
import { RULES, RULE_SETTINGS, findRule, isRuleSetting, type RuleSetting } from './rules.js';
import { didYouMean } from '../project/keys.js';

export const CONFIG_FILE = '.vcl-edge.json';

export interface LintConfig {
  /** The config file read, or null when there is none. */
  path: string | null;
  /** The folder its relative paths start from. */
  dir: string;
  rules: Record<string, RuleSetting>;
  /** Include paths, absolute. */
  include: string[];
  /** Globs of files not to lint, relative to `dir`. */
  ignore: string[];
}

export function findConfigFile(from: string): string | null {
  return findUp(CONFIG_FILES, from);
}

export function emptyConfig(dir: string): LintConfig {
  return { path: null, dir, rules: {}, include: [], ignore: [] };
}

/** Lint's settings from one config file (the project's other keys are read and checked too). */
export function loadConfig(path: string): LintConfig {
  const project = emptyProjectConfig(dirname(resolve(path)));
  applyConfigFile(project, path, undefined);
  return { path, dir: project.dir, rules: validateRules(project.rules, path), include: project.includePaths, ignore: project.ignore };
}

export function validateRules(rules: Record<string, unknown>, where: string): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(rules)) {
    checkRuleId(id, where);
    if (!isRuleSetting(setting)) throw new UsageError(`${where}: rule ${id} must be one of ${RULE_SETTINGS.join(', ')}, got ${JSON.stringify(setting)}`);
    out[id] = setting;
  }
  return out;
}

function checkRuleId(id: string, where: string): void {
  if (findRule(id)) return;
  const guess = didYouMean(id, RULES.map((r) => r.id));
  throw new UsageError(`${where}: unknown rule "${id}" (${guess ? `did you mean "${guess}"? ` : ''}vcl-edge lint --explain RULE describes a rule; docs/rules.md lists them)`);
}

/** `--rule unused-acl=off` */
export function parseRuleFlag(flag: string): [string, RuleSetting] {
  const m = /^([^=]+)=(.*)$/.exec(flag);
  if (!m) throw new UsageError(`--rule ${flag}: expected RULE=SEVERITY (${RULE_SETTINGS.join(', ')})`);
  const [, id, setting] = m as unknown as [string, string, string];
  checkRuleId(id.trim(), '--rule');
  if (!isRuleSetting(setting.trim())) throw new UsageError(`--rule ${flag}: severity must be one of ${RULE_SETTINGS.join(', ')}`);
  return [id.trim(), setting.trim() as RuleSetting];
}
