// `.vcl-edge.json`: rule severities, include paths and ignored files, found upward from the working
// folder (or named with --config). Paths in it are relative to the folder that holds it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { RULE_SETTINGS, findRule, isRuleSetting, type RuleSetting } from './rules.js';

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
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function emptyConfig(dir: string): LintConfig {
  return { path: null, dir, rules: {}, include: [], ignore: [] };
}

export function loadConfig(path: string): LintConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read config ${path}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${path}: the config must be a JSON object`);
  const { rules = {}, include = [], ignore = [], ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length) throw new UsageError(`${path}: unknown key ${unknownKeys.map((k) => `"${k}"`).join(', ')} (expected rules, include, ignore)`);
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new UsageError(`${path}: "rules" must be an object of rule id to severity`);
  const dir = dirname(resolve(path));
  return {
    path,
    dir,
    rules: validateRules(rules as Record<string, unknown>, path),
    include: stringList(include, 'include', path).map((p) => resolve(dir, p)),
    ignore: stringList(ignore, 'ignore', path),
  };
}

function stringList(value: unknown, key: string, path: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UsageError(`${path}: "${key}" must be an array of strings`);
  return value;
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
  if (!findRule(id)) throw new UsageError(`${where}: unknown rule "${id}" (vcl-edge lint --explain RULE describes a rule; docs/rules.md lists them)`);
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
